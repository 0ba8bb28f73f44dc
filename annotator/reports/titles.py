"""Document titles for reports that name documents: people read titles, not hash ids."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlmodel import Session, col

from models.tables import Document

_CHUNK = 500


def document_titles(session: Session, ids: Iterable[str | None]) -> dict[str, str | None]:
    """id -> stored title (the one every view shows; None for documents of old imports)."""
    wanted = sorted({i for i in ids if i})
    titles: dict[str, str | None] = {}
    for i in range(0, len(wanted), _CHUNK):
        rows = session.execute(
            select(col(Document.id), col(Document.title)).where(
                col(Document.id).in_(wanted[i : i + _CHUNK])
            )
        )
        for doc_id, title in rows:
            titles[doc_id] = title
    return titles
