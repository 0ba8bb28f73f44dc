"""write keys: event.write_id, so a retried write is applied once

The annotation screen retries a write whose outcome it could not read (the connection
dropped after COMMIT, say). Each write now carries a key made by the client; the event it
logs stores it under a unique index, and a retry first looks the key up and, when the
write already committed, only reads again.

A unique index, not a constraint: on SQLite a constraint needs batch mode, which copies
the table; NULLs (events written before this revision, importers) never collide.

Revision ID: 0005_write_keys
Revises: 0004_assignment
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_write_keys"
down_revision: str | None = "0004_assignment"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("event", sa.Column("write_id", sa.String(length=36), nullable=True))
    op.create_index("uq_event_write_id", "event", ["write_id"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_event_write_id", table_name="event")
    op.drop_column("event", "write_id")
