"""indexes for the annotation queue and undo

The queue walks documents in (date, id) order and undo looks up the events that revert
an event; both need an index to stay fast on a million sentences.

Revision ID: 0002_tui
Revises: 0001
Create Date: 2026-11-24
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002_tui"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_document_date_id", "document", ["date", "id"], unique=True)
    op.create_index("ix_event_reverts_event_id", "event", ["reverts_event_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_event_reverts_event_id", table_name="event")
    op.drop_index("ix_document_date_id", table_name="document")
