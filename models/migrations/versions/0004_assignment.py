"""assignment: documents handed to coders, with a double-coded reliability sample

`annotator assign` stores who codes which document; the annotation queue and
`report progress` follow it. One row per (document, coder); slot 2 marks the second
coder of a document in the reliability sample, so no document has more than two.

Revision ID: 0004_assignment
Revises: 0003_report_counts
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0004_assignment"
down_revision: str | None = "0003_report_counts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("annotator", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("batch", sa.Integer(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("slot IN (1, 2)", name=op.f("ck_assignment_slot")),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_assignment_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignment")),
        sa.UniqueConstraint(
            "document_id", "annotator", name=op.f("uq_assignment_document_id_annotator")
        ),
        sa.UniqueConstraint("document_id", "slot", name=op.f("uq_assignment_document_id_slot")),
    )
    op.create_index(op.f("ix_assignment_annotator"), "assignment", ["annotator"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_assignment_annotator"), table_name="assignment")
    op.drop_table("assignment")
