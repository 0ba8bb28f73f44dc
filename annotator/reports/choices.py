"""The values the reports' command-line options choose among.

Kept apart from the reports, which load the storage layer, so that the `report` command
group can declare every subcommand's options and import only the report that runs."""

from __future__ import annotations

from enum import StrEnum


class By(StrEnum):
    """`report stance|claims`: rows per side or per speaker."""

    side = "side"
    speaker = "speaker"


class Dedupe(StrEnum):
    """What counts once: every statement, or one speaker-claim-stance per document/period."""

    none = "none"
    document = "document"
    period = "period"


class ProgressBy(StrEnum):
    annotator = "annotator"
    document = "document"


class Variable(StrEnum):
    """`report agreement`: the variables coders are compared on."""

    kind = "kind"
    claim = "claim"
    speaker = "speaker"
    side = "side"
    stance = "stance"
    score = "score"


class AgreementBy(StrEnum):
    variable = "variable"
    claim = "claim"
    coder = "coder"
    pair = "pair"
