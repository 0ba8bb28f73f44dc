"""A small corpus with hand-countable decisions, shared by the report tests.

Sample codebook (sides japan, south_korea, united_states; stances support +1,
oppose −1, neutral 0). Documents and their sentences' decisions:

D1 2019-01-10 (Thu, 2019-W02) Kyodo
  s0 ann: suga settled_1965 support; moon_hee_sang respect_ruling support
  s1 ann: suga settled_1965 support                      (repeats s0's statement)
  s2 ann, bob agree: jp_government breach_intl_law support
D2 2019-01-25 (Fri, 2019-W04) Yonhap
  s0 ann: kr_government settled_1965 oppose; bob: … support   (disagreement, left out)
  s1 ann: kr_government settled_1965 oppose; bob: … neutral; carol (adjudicator): … oppose
  s2 ann: no claim; bob: skip
  s3 ann: suga settled_1965 support
D3 2019-03-05 (Tue, 2019-W10) Kyodo
  s0 ann: suga settled_1965 oppose
  s1 bob: kr_government respect_ruling support
  s2 ann: kono settled_1965 neutral
  s3 ann: us_lawmakers dialogue support
D4 undated, Kyodo
  s0 ann: suga settled_1965 support
D5 2019-03 (month precision) Yonhap
  s0 ann: kr_government settled_1965 oppose
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from models.db import session_scope
from models.decisions import StatementData, save_decision
from models.tables import DecisionKind, DecisionRole, Document, Sentence

DOCS = {
    "D1": (dt.date(2019, 1, 10), "day", "Kyodo", 3),
    "D2": (dt.date(2019, 1, 25), "day", "Yonhap", 4),
    "D3": (dt.date(2019, 3, 5), "day", "Kyodo", 4),
    "D4": (None, None, "Kyodo", 1),
    "D5": (dt.date(2019, 3, 1), "month", "Yonhap", 1),
}


def st(speaker: str, claim: str, stance: str) -> StatementData:
    return StatementData(speaker, claim, stance)


A, J = DecisionRole.annotator, DecisionRole.adjudicator
SUGA_SETTLED = st("suga", "settled_1965", "support")
KR_SETTLED_OPPOSE = st("kr_government", "settled_1965", "oppose")

DECISIONS: list[tuple[str, str, list[StatementData] | DecisionKind, DecisionRole]] = [
    ("D1:0", "ann", [SUGA_SETTLED, st("moon_hee_sang", "respect_ruling", "support")], A),
    ("D1:1", "ann", [SUGA_SETTLED], A),
    ("D1:2", "ann", [st("jp_government", "breach_intl_law", "support")], A),
    ("D1:2", "bob", [st("jp_government", "breach_intl_law", "support")], A),
    ("D2:0", "ann", [KR_SETTLED_OPPOSE], A),
    ("D2:0", "bob", [st("kr_government", "settled_1965", "support")], A),
    ("D2:1", "ann", [KR_SETTLED_OPPOSE], A),
    ("D2:1", "bob", [st("kr_government", "settled_1965", "neutral")], A),
    ("D2:1", "carol", [KR_SETTLED_OPPOSE], J),
    ("D2:2", "ann", DecisionKind.no_claim, A),
    ("D2:2", "bob", DecisionKind.skip, A),
    ("D2:3", "ann", [SUGA_SETTLED], A),
    ("D3:0", "ann", [st("suga", "settled_1965", "oppose")], A),
    ("D3:1", "bob", [st("kr_government", "respect_ruling", "support")], A),
    ("D3:2", "ann", [st("kono", "settled_1965", "neutral")], A),
    ("D3:3", "ann", [st("us_lawmakers", "dialogue", "support")], A),
    ("D4:0", "ann", [SUGA_SETTLED], A),
    ("D5:0", "ann", [KR_SETTLED_OPPOSE], A),
]


def build(engine: Engine) -> None:
    """Store the sample codebook, the five documents and the decisions above."""
    from conftest import SAMPLE

    from models.codebook import load_codebook_file, store_codebook

    book, source = load_codebook_file(SAMPLE / "codebook.toml")
    with session_scope(engine) as session:
        store_codebook(session, book, source)
        for doc_id, (date, precision, outlet, n) in DOCS.items():
            session.add(
                Document(
                    id=doc_id,
                    text=f"text of {doc_id}",
                    title=f"title of {doc_id}",
                    source=outlet,
                    date=date,
                    date_precision=precision,
                )
            )
            session.flush()
            for i in range(n):
                session.add(
                    Sentence(
                        id=f"{doc_id}:{i}",
                        document_id=doc_id,
                        index=i,
                        paragraph=0,
                        start=i * 10,
                        end=i * 10 + 9,
                        text=f"sentence {i} of {doc_id}",
                    )
                )
        session.flush()
        for sentence_id, annotator, what, role in DECISIONS:
            save_decision(
                session,
                sentence_id=sentence_id,
                annotator=annotator,
                kind=what if isinstance(what, DecisionKind) else DecisionKind.statements,
                statements=() if isinstance(what, DecisionKind) else what,
                role=role,
            )
