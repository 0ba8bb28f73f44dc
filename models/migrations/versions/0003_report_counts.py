"""the stored resolution: decision.counted and decision.disputed

Reports over a million statements spent seconds deciding, row by row, which decision
counts for each sentence. The outcome is now kept on the decision row, recomputed by
every write to the sentence (models.decisions); this migration adds the two columns and
fills them once from the same SQL rule (models.resolution).

Revision ID: 0003_report_counts
Revises: 0002_tui
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.resolution import resolve

revision: str = "0003_report_counts"
down_revision: str | None = "0002_tui"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTER TABLE, not batch mode: on SQLite batch mode copies the table and drops
    # the old one, and dropping it would cascade to every statement.
    op.add_column(
        "decision", sa.Column("counted", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    op.add_column(
        "decision", sa.Column("disputed", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    op.create_index(
        "ix_decision_disputed_sentence_id", "decision", ["disputed", "sentence_id"], unique=False
    )
    op.execute(resolve())


def downgrade() -> None:
    op.drop_index("ix_decision_disputed_sentence_id", table_name="decision")
    op.drop_column("decision", "disputed")
    op.drop_column("decision", "counted")
