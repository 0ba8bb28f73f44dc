"""statement facts: what `report stance` groups, kept at write time

`report stance` on a million statements joined six tables and counted distinct keys per
period. The counted statements are now kept per document, speaker, claim and stance, with
the speaker's side and the document's period keys (models.facts), refreshed by every
write; this migration creates the table, and 0007 fills it (models.facts builds the
columns of the newest schema, which this one lacks).

Revision ID: 0006_statement_facts
Revises: 0005_write_keys
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0006_statement_facts"
down_revision: str | None = "0005_write_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _text(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    op.create_table(
        "statement_fact",
        sa.Column("document_id", _text(40), nullable=False),
        sa.Column("speaker_id", _text(64), nullable=False),
        sa.Column("claim_id", _text(64), nullable=False),
        sa.Column("stance_id", _text(64), nullable=False),
        sa.Column("side_id", _text(64), nullable=False),
        sa.Column("statements", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("week", _text(8), nullable=True),
        sa.Column("month", _text(7), nullable=True),
        sa.Column("quarter", _text(7), nullable=True),
        sa.Column("year", _text(4), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name="fk_statement_fact_document_id_document",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "document_id", "speaker_id", "claim_id", "stance_id", name="pk_statement_fact"
        ),
    )


def downgrade() -> None:
    op.drop_table("statement_fact")
