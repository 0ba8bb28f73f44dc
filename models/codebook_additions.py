"""A speaker or a claim type (or triggers) added to the codebook in force, as a new
codebook version.

The codebook's TOML source is kept with every version, so an addition is written as
TOML appended to that source (its comments and layout stay as the author wrote them),
with the version name bumped ("1.0" → "1.0+1"). The new text then goes the way of
`annotator codebook load`: `parse_codebook` validates it (an id, alias or key that
clashes is refused with the codebook's own message) and `store_codebook` makes it the
codebook in force."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import text as sql
from sqlmodel import Session

from models.codebook import (
    Codebook,
    CodebookError,
    Problem,
    current_version,
    parse_codebook,
    store_codebook,
)
from models.tables import CodebookVersion

# Two coders adding at once take turns, so neither version drops the other's entry.
_ADVISORY_LOCK = 0x636F6465  # "code"


@dataclass(frozen=True)
class NewActor:
    id: str
    name: str
    side: str
    kind: str = "person"
    aliases: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class NewClaim:
    id: str
    label: str
    key: str | None = None
    definition: str = ""


Addition = NewActor | NewClaim


def slug(name: str, taken: Iterable[str] = ()) -> str:
    """An id for a name ("Taro Kono" → "taro_kono"), unique among `taken`."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "_", folded.lower()).strip("_")[:60] or "entry"
    used = set(taken)
    candidate, number = base, 2
    while candidate in used:
        candidate, number = f"{base}_{number}", number + 1
    return candidate


def toml_string(value: str) -> str:
    """A TOML basic string (JSON's escapes, plus DEL, which TOML wants escaped)."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def _block(addition: Addition, note: str) -> str:
    note = " ".join("".join(ch for ch in note if ch.isprintable()).split())
    lines = [f"# {note}"] if note else []
    if isinstance(addition, NewActor):
        lines += [
            "[[actors]]",
            f"id = {toml_string(addition.id)}",
            f"name = {toml_string(addition.name)}",
            f"side = {toml_string(addition.side)}",
            f"kind = {toml_string(addition.kind)}",
            "aliases = [" + ", ".join(toml_string(alias) for alias in addition.aliases) + "]",
        ]
        if addition.description:
            lines.append(f"description = {toml_string(addition.description)}")
    else:
        lines += [
            "[[claims]]",
            f"id = {toml_string(addition.id)}",
            f"label = {toml_string(addition.label)}",
            f"definition = {toml_string(addition.definition or addition.label)}",
        ]
        if addition.key:
            lines.append(f"key = {toml_string(addition.key)}")
    return "\n".join(lines) + "\n"


_META_VERSION = re.compile(
    r"""(?m)^(?P<lead>\s*version\s*=\s*)(?P<quote>["'])(?P<value>[^"'\n]*)(?P=quote)"""
)


def bump(version: str) -> str:
    """The next version name after an addition: "1.0" → "1.0+1" → "1.0+2"."""
    base, plus, count = version.rpartition("+")
    if plus and count.isdigit():
        return f"{base}+{int(count) + 1}"
    return f"{version}+1"


def extend_codebook(source: str, addition: Addition, note: str = "") -> tuple[Codebook, str]:
    """The codebook `source` with `addition`, validated; raises CodebookError."""
    return append_to_codebook(source, _block(addition, note))


def append_to_codebook(
    source: str, block: str, where: str = "<codebook in force>"
) -> tuple[Codebook, str]:
    """The codebook `source` with the TOML `block` at its end and its version name
    bumped, validated; raises CodebookError."""
    current = parse_codebook(source, where).codebook.version
    header = re.search(r"(?m)^\s*\[\s*codebook\s*\]", source)
    match = _META_VERSION.search(source, header.end()) if header else None
    if match is None or match.group("value") != current:
        # Not the [codebook] table's own line (a line of its description, say).
        problem = Problem(where, 1, "codebook.version", "cannot find the version line to bump")
        raise CodebookError([problem])
    bumped = f"{match.group('lead')}{toml_string(bump(current))}"
    written = source[: match.start()] + bumped + source[match.end() :]
    written = written.rstrip("\n") + "\n\n" + block
    return parse_codebook(written, where), written


def store_addition(session: Session, addition: Addition, note: str = "") -> CodebookVersion:
    """Add to the codebook in force and store the result as its new version."""
    return store_appended(session, _block(addition, note))


def store_appended(session: Session, block: str) -> CodebookVersion:
    """The codebook in force with the TOML `block` appended, stored as its new version."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sql("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK})
    else:
        # A write that changes nothing takes SQLite's write lock before the read below.
        session.execute(sql("UPDATE codebook_version SET id = id WHERE 1 = 0"))
    version = current_version(session)
    if version is None or not version.source:
        raise CodebookError([Problem("<database>", 1, "codebook", "no codebook stored")])
    book, source = append_to_codebook(version.source, block)
    return store_codebook(session, book, source)


def added_note(annotator: str, when: dt.datetime | None = None) -> str:
    moment = (when or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M UTC")
    return f"added from the annotation screen by {annotator}, {moment}"
