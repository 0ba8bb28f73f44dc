"""statement facts mark each document's first fact; indexes in the reports' order

`report stance` on a million statements counted distinct document ids per cell, sorted
the facts by month, side and claim, and scanned every decision for the adjudicated
count. Each fact now marks whether it is the first of its document for its side or
speaker, with or without its claim (models.facts), so a cell's documents are a sum; an
index holds the default report's grouping with what it reads, so SQLite reads the facts
in order; and an index on the decision's role finds the adjudicators' few decisions.
This migration adds them and fills every fact once from the stored resolution.

Revision ID: 0007_fact_marks
Revises: 0006_statement_facts
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.facts import rebuild_facts

revision: str = "0007_fact_marks"
down_revision: str | None = "0006_statement_facts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MARKS = ("first_for_side", "first_for_side_claim", "first_for_speaker", "first_for_speaker_claim")
FACT_INDEX = "ix_statement_fact_month_side_id"
ROLE_INDEX = "ix_decision_role_sentence_id"


def upgrade() -> None:
    # Plain ALTER TABLE; every fact is rebuilt next, so the default never shows.
    for mark in MARKS:
        op.add_column(
            "statement_fact", sa.Column(mark, sa.Integer(), server_default="0", nullable=False)
        )
    for statement in rebuild_facts():
        op.execute(statement)
    # Built once over the filled table: cheaper than keeping it up during the fill.
    op.create_index(
        FACT_INDEX,
        "statement_fact",
        ["month", "side_id", "claim_id", "stance_id", "first_for_side_claim", "first_for_side"],
        unique=False,
    )
    op.create_index(ROLE_INDEX, "decision", ["role", "sentence_id"], unique=False)


def downgrade() -> None:
    op.drop_index(ROLE_INDEX, table_name="decision")
    op.drop_index(FACT_INDEX, table_name="statement_fact")
    with op.batch_alter_table("statement_fact") as batch:
        for mark in MARKS:
            batch.drop_column(mark)
