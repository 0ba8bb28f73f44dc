"""DNA's event list (`--format dna-csv`): the columns, order and quoting of the
`eventCSV` export of the Discourse Network Analyzer 3 (`Exporter.eventCSV` in
leifeld/dna), so scripts written for DNA's own event lists read ours unchanged.

statement_id;time;person;organization;concept;agreement;start_position;stop_position;
text;coder;document_id;document_title;document_author;document_source;document_section;
document_type

As DNA writes it: every header name in double quotes; statement_id, time, agreement,
positions, coder and document_id bare; every text value in double quotes, with `;`
turned into `,` and `"` into `'` (DNA's own escaping, so no field ever holds the
separator or a quote); `\\n` between rows and none after the last. `time` is
`yyyy-MM-dd HH:mm:ss`. The mapping of our statements to DNA's variables is
`exports.dna_model` (shared with the DNA database writer): neutral statements and
statements of undated documents have no DNA row and are counted.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from exports.dna_model import DnaCounts, dna_statements
from exports.records import DecisionRecord

VARIABLES = ("person", "organization", "concept", "agreement")
HEADER = (
    "statement_id",
    "time",
    *VARIABLES,
    "start_position",
    "stop_position",
    "text",
    "coder",
    "document_id",
    "document_title",
    "document_author",
    "document_source",
    "document_section",
    "document_type",
)


def _quoted(value: str) -> str:
    return '"' + value.replace(";", ",").replace('"', "'") + '"'


def write_dna_csv(records: Iterable[DecisionRecord], out: TextIO) -> DnaCounts:
    counts = DnaCounts()
    out.write(";".join(f'"{name}"' for name in HEADER))
    for s in dna_statements(records, counts):
        out.write("\n")
        out.write(
            ";".join(
                (
                    str(s.statement_id),
                    s.time,
                    _quoted(s.person),
                    _quoted(s.organization),
                    _quoted(s.concept),
                    str(s.agreement),
                    str(s.start),
                    str(s.stop),
                    _quoted(s.text),
                    str(s.coder_id),
                    str(s.document_number),
                    _quoted(s.document_title),
                    _quoted(""),
                    _quoted(s.document_source),
                    _quoted(""),
                    _quoted(""),
                )
            )
        )
    return counts
