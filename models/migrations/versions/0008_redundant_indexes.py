"""drop the five indexes that repeat the leading column of a unique index

`document.date`, `sentence.document_id`, `decision.sentence_id`, `statement.decision_id`
and `suggestion.sentence_id` each had an index of their own beside a unique index that
starts with the same column ((date, id), (document_id, index), (sentence_id, annotator),
(decision_id, position), (sentence_id, source, position)), which serves every lookup,
range and cascade the single-column one did. Each was one more b-tree to update on every
imported sentence and every saved decision.

Revision ID: 0008_redundant_indexes
Revises: 0007_fact_marks
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008_redundant_indexes"
down_revision: str | None = "0007_fact_marks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("document", "date"),
    ("sentence", "document_id"),
    ("decision", "sentence_id"),
    ("statement", "decision_id"),
    ("suggestion", "sentence_id"),
)


def upgrade() -> None:
    for table, column in INDEXES:
        op.drop_index(f"ix_{table}_{column}", table_name=table)


def downgrade() -> None:
    for table, column in INDEXES:
        op.create_index(f"ix_{table}_{column}", table, [column], unique=False)
