"""Document titles for reports that name documents: people read titles, not hash ids."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import select

from models.schema import documents

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

_CHUNK = 500


def document_titles(
    session: Session | Connection, ids: Iterable[str | None]
) -> dict[str, str | None]:
    """id -> stored title (the one every view shows; None for documents of old imports)."""
    wanted = sorted({i for i in ids if i})
    titles: dict[str, str | None] = {}
    for i in range(0, len(wanted), _CHUNK):
        rows = session.execute(
            select(documents.c.id, documents.c.title).where(
                documents.c.id.in_(wanted[i : i + _CHUNK])
            )
        )
        for doc_id, title in rows:
            titles[doc_id] = title
    return titles
