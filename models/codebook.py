"""The codebook: its TOML schema, its validation, and its storage.

`check_codebook` lists every problem at once, each with file and line, so that an
author can fix a codebook in one pass rather than one error per run.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)
from sqlalchemy import func, update
from sqlmodel import Session, col, select

from models.facts import rebuild_facts
from models.tables import (
    Actor,
    ClaimType,
    CodebookVersion,
    Side,
    Stance,
    Statement,
    utcnow,
)
from models.text import check_value, is_unsafe

# Keys the annotation screen uses for itself; codebook hotkeys may not take them.
RESERVED_KEYS: frozenset[str] = frozenset(
    [
        "a",
        "b",
        "B",
        "d",
        "e",
        "f",
        "g",
        "j",
        "k",
        "m",
        "n",
        "p",
        "q",
        "r",
        "s",
        "u",
        "x",
        "z",
        "?",
        "/",
        "[",
        "]",
        "<",
        ">",
        "space",
        "enter",
        "tab",
        "escape",
    ]
)

ID_PATTERN = r"^[a-z0-9][a-z0-9_\-]*$"
ActorKind = Literal[
    "person",
    "organization",
    "government",
    "ministry",
    "court",
    "company",
    "party",
    "legislature",
    "group",
    "media",
    "other",
]


# A phrase in a list (alias, trigger, example): never blank, since "" matches everything.
Phrase = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str = Field(pattern=ID_PATTERN, max_length=64)


class SideSpec(_Entry):
    label: str = Field(min_length=1)
    description: str = ""
    color: str | None = Field(default=None, pattern=r"^#[0-9a-fA-F]{6}$")


class ActorSpec(_Entry):
    name: str = Field(min_length=1)
    side: str
    kind: ActorKind = "organization"
    aliases: list[Phrase] = Field(default_factory=list)
    description: str = ""


class ClaimSpec(_Entry):
    label: str = Field(min_length=1)
    definition: str = Field(min_length=1)
    examples: list[Phrase] = Field(default_factory=list)
    triggers: list[Phrase] = Field(default_factory=list)
    key: str | None = None

    @field_validator("key")
    @classmethod
    def _one_key(cls, value: str | None) -> str | None:
        return _validate_key(value)


class StanceSpec(_Entry):
    label: str = Field(min_length=1)
    score: float = Field(ge=-1, le=1, strict=True)  # strict: `true` is not a score
    definition: str = ""
    key: str | None = None

    @field_validator("key")
    @classmethod
    def _one_key(cls, value: str | None) -> str | None:
        return _validate_key(value)


def _validate_key(value: str | None) -> str | None:
    if value is not None and len(value) != 1:
        raise ValueError("a key is one character")
    if value is not None and (is_unsafe(value) or value.isspace()):
        raise ValueError(f"a key is one visible character, not U+{ord(value):04X}")
    return value


class RuleSpec(_Entry):
    """A general coding rule: how to code where the claim definitions are silent."""

    rule: str = Field(min_length=1)
    examples: list[str] = Field(default_factory=list)


class TriggerSpec(BaseModel):
    """More triggers for a claim type, kept in a table of their own: what `annotator
    codebook patterns` writes from a Prodigy or spaCy pattern file. They are the claim
    type's triggers like those listed with it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    claim: str = Field(min_length=1)
    phrases: list[Phrase] = Field(min_length=1)
    source: str = ""  # where they came from (a pattern file's name)


class CodebookMeta(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1)
    version: str = Field(min_length=1)
    description: str = ""


class Codebook(BaseModel):
    model_config = ConfigDict(extra="forbid")

    codebook: CodebookMeta
    sides: list[SideSpec] = Field(min_length=1)
    actors: list[ActorSpec] = Field(default_factory=list)
    claims: list[ClaimSpec] = Field(min_length=1)
    stances: list[StanceSpec] = Field(min_length=1)
    rules: list[RuleSpec] = Field(default_factory=list)
    triggers: list[TriggerSpec] = Field(default_factory=list)


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.where}: {self.message}"


class CodebookError(Exception):
    """A codebook that cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class _Locator:
    """Maps (table, n, field) to a line of the TOML text; tomllib keeps no positions."""

    def __init__(self, text: str):
        self.lines = text.splitlines()
        self.headers: dict[str, list[int]] = {}
        for number, line in enumerate(self.lines, start=1):
            match = re.match(r"^\s*\[\[\s*([A-Za-z_]+)\s*\]\]", line)
            if match:
                self.headers.setdefault(match.group(1), []).append(number)
            else:
                match = re.match(r"^\s*\[\s*([A-Za-z_]+)\s*\]", line)
                if match:
                    self.headers.setdefault(match.group(1), []).append(number)

    def line(self, table: str, index: int | None = None, field: str | None = None) -> int:
        starts = self.headers.get(table)
        if not starts:
            return 1
        start = starts[index or 0] if (index or 0) < len(starts) else starts[-1]
        if field is None:
            return start
        for number in range(start + 1, len(self.lines) + 1):
            text = self.lines[number - 1]
            if re.match(r"^\s*\[", text):
                break
            if re.match(rf"^\s*{re.escape(field)}\s*=", text):
                return number
        return start


def parse_codebook(text: str, path: str = "<codebook>") -> Codebook:
    """Parse and validate; raise CodebookError listing every problem."""
    try:
        raw = tomllib.loads(text)
        check_value(raw)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _toml_error_line(str(exc))
        raise CodebookError([Problem(path, line, "toml", str(exc).split(" (at")[0])]) from exc
    except RecursionError as exc:
        problem = Problem(path, _first_line_with(text, "[[[["), "toml", "nested too deeply")
        raise CodebookError([problem]) from exc
    except ValueError as exc:  # check_value: too deep, NUL, lone surrogate
        line = _first_line_with(text, "\\u0000", "\\U00000000", "[[[[")
        raise CodebookError([Problem(path, line, "toml", str(exc))]) from exc
    locator = _Locator(text)
    problems: list[Problem] = []
    try:
        book = Codebook.model_validate(raw)
    except ValidationError as exc:
        for error in exc.errors():
            loc = [str(part) for part in error["loc"]]
            table = loc[0] if loc else "codebook"
            index = int(loc[1]) if len(loc) > 1 and loc[1].isdigit() else None
            field = (
                loc[2]
                if index is not None and len(loc) > 2
                else (loc[1] if index is None and len(loc) > 1 else None)
            )
            where = _describe(raw, table, index, field)
            problems.append(Problem(path, locator.line(table, index, field), where, error["msg"]))
        raise CodebookError(problems) from exc
    problems.extend(_cross_checks(book, locator, path))
    if problems:
        raise CodebookError(problems)
    return _with_trigger_tables(book)


def _with_trigger_tables(book: Codebook) -> Codebook:
    """Each claim type with the phrases of the [[triggers]] tables that name it added to
    its own triggers (each phrase once, in the order written)."""
    if not book.triggers:
        return book
    claims = []
    for claim in book.claims:
        phrases = list(claim.triggers)
        for table in book.triggers:
            if table.claim == claim.id:
                phrases += [p for p in table.phrases if p not in phrases]
        claims.append(claim.model_copy(update={"triggers": phrases}))
    return book.model_copy(update={"claims": claims})


def _first_line_with(text: str, *needles: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if any(needle in line for needle in needles):
            return number
    return 1


def _toml_error_line(message: str) -> int:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else 1


def _describe(raw: dict[str, Any], table: str, index: int | None, field: str | None) -> str:
    where = table
    if index is not None:
        entries = raw.get(table)
        entry_id = None
        if isinstance(entries, list) and index < len(entries) and isinstance(entries[index], dict):
            entry_id = entries[index].get("id")
        where += f"[{index}]" + (f" ({entry_id})" if entry_id else "")
    if field:
        where += f".{field}"
    return where


def _cross_checks(book: Codebook, locator: _Locator, path: str) -> list[Problem]:
    problems: list[Problem] = []

    def problem(table: str, index: int, field: str | None, entry_id: str, message: str) -> None:
        where = f"{table}[{index}] ({entry_id})" + (f".{field}" if field else "")
        problems.append(Problem(path, locator.line(table, index, field), where, message))

    for table in ("sides", "actors", "claims", "stances", "rules"):
        entries: list[_Entry] = getattr(book, table)
        counts = Counter(entry.id for entry in entries)
        seen: set[str] = set()
        for index, entry in enumerate(entries):
            if counts[entry.id] > 1 and entry.id in seen:
                problem(table, index, "id", entry.id, f"duplicate id {entry.id!r} in {table}")
            seen.add(entry.id)

    claim_ids = {claim.id for claim in book.claims}
    for index, extra in enumerate(book.triggers):
        if extra.claim not in claim_ids:
            problems.append(
                Problem(
                    path,
                    locator.line("triggers", index, "claim"),
                    f"triggers[{index}].claim",
                    f"unknown claim type {extra.claim!r}",
                )
            )

    side_ids = {side.id for side in book.sides}
    for index, actor in enumerate(book.actors):
        if actor.side not in side_ids:
            problem("actors", index, "side", actor.id, f"unknown side {actor.side!r}")

    alias_owner: dict[str, str] = {}
    for index, actor in enumerate(book.actors):
        for alias in [actor.name, *actor.aliases]:
            folded = alias.casefold()
            owner = alias_owner.get(folded)
            if owner is not None and owner != actor.id:
                problem(
                    "actors",
                    index,
                    "aliases",
                    actor.id,
                    f"alias {alias!r} already names actor {owner!r}",
                )
            alias_owner.setdefault(folded, actor.id)

    key_owner: dict[str, str] = {}
    for table in ("claims", "stances"):
        for index, entry in enumerate(getattr(book, table)):
            key = entry.key
            if key is None:
                continue
            if key in RESERVED_KEYS:
                problem(
                    table,
                    index,
                    "key",
                    entry.id,
                    f"key {key!r} is reserved by the annotation screen",
                )
            elif key in key_owner:
                problem(
                    table,
                    index,
                    "key",
                    entry.id,
                    f"key {key!r} clashes with {key_owner[key]}",
                )
            else:
                key_owner[key] = f"{table[:-1]} {entry.id!r}"
    return problems


def load_codebook_file(path: Path) -> tuple[Codebook, str]:
    """Read and validate a codebook file; return it with its text (stored verbatim)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CodebookError([Problem(str(path), 1, "file", "not UTF-8 text")]) from exc
    except OSError as exc:
        raise CodebookError([Problem(str(path), 1, "file", exc.strerror or str(exc))]) from exc
    return parse_codebook(text, str(path)), text


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class CodebookInUseError(Exception):
    """Storing the codebook would orphan labels: ids in use are missing from it."""


def store_codebook(
    session: Session,
    book: Codebook,
    source: str,
    *,
    mapping: dict[str, str] | None = None,
) -> CodebookVersion:
    """Make `book` the codebook in force. Ids it drops are retired, never deleted;
    ids that labels still use must be mapped to a new id (`mapping`) first."""
    digest = content_hash(source)
    version = session.exec(
        select(CodebookVersion).where(CodebookVersion.content_hash == digest)
    ).first()
    if version is None:
        version = CodebookVersion(
            name=book.codebook.name,
            version=book.codebook.version,
            content_hash=digest,
            source=source,
        )
    version.activated_at = utcnow()
    session.add(version)
    sides_before = dict(session.exec(select(Actor.id, Actor.side_id)).all())

    _sync(
        session,
        Side,
        [
            {"id": s.id, "label": s.label, "description": s.description, "color": s.color}
            for s in book.sides
        ],
    )
    _sync(
        session,
        Actor,
        [
            {
                "id": a.id,
                "name": a.name,
                "side_id": a.side,
                "kind": a.kind,
                "aliases": list(a.aliases),
                "description": a.description,
            }
            for a in book.actors
        ],
    )
    _sync(
        session,
        ClaimType,
        [
            {
                "id": c.id,
                "label": c.label,
                "definition": c.definition,
                "examples": list(c.examples),
                "triggers": list(c.triggers),
                "key": c.key,
            }
            for c in book.claims
        ],
    )
    _sync(
        session,
        Stance,
        [
            {
                "id": s.id,
                "label": s.label,
                "score": s.score,
                "definition": s.definition,
                "key": s.key,
            }
            for s in book.stances
        ],
    )
    session.flush()
    _apply_mapping(session, book, mapping or {})
    _refuse_orphans(session, book)
    if mapping or any(sides_before.get(a.id, a.side) != a.side for a in book.actors):
        # Statements changed claims or speakers, or speakers changed sides.
        for statement in rebuild_facts():
            session.execute(statement)
    return version


def _sync(session: Session, table: type[Any], rows: list[dict[str, Any]]) -> None:
    existing = {row.id: row for row in session.exec(select(table)).all()}
    keep = set()
    for position, values in enumerate(rows):
        keep.add(values["id"])
        row = existing.get(values["id"])
        if row is None:
            session.add(table(**values, position=position, active=True))
        else:
            for name, value in values.items():
                setattr(row, name, value)
            row.position = position
            row.active = True
    for row_id, row in existing.items():
        if row_id not in keep:
            row.active = False


_USED_BY: dict[str, Any] = {
    "actors": Statement.speaker_id,
    "claims": Statement.claim_id,
    "stances": Statement.stance_id,
}


def _apply_mapping(session: Session, book: Codebook, mapping: dict[str, str]) -> None:
    for old, new in mapping.items():
        table = next(
            (name for name in _USED_BY if any(e.id == new for e in getattr(book, name))), None
        )
        if table is None:
            raise CodebookInUseError(f"--map {old}={new}: {new!r} is not in the new codebook")
        column = _USED_BY[table]
        session.exec(update(Statement).where(column == old).values({column.key: new}))


def _refuse_orphans(session: Session, book: Codebook) -> None:
    missing: list[str] = []
    for table, column in _USED_BY.items():
        ids = {entry.id for entry in getattr(book, table)}
        rows = session.exec(select(column, func.count()).group_by(column)).all()
        for used_id, count in rows:
            if used_id not in ids:
                missing.append(f"{table[:-1]} {used_id!r} ({count} statements)")
    if missing:
        raise CodebookInUseError(
            "the new codebook drops ids that labels use: "
            + ", ".join(missing)
            + "; map each to a new id with --map OLD=NEW"
        )


def coding_rules(version: CodebookVersion | None) -> list[RuleSpec]:
    """The coding rules of a stored codebook, read from its source (they have no table);
    a source that no longer parses gives none."""
    if version is None or not version.source:
        return []
    try:
        return parse_codebook(version.source).rules
    except CodebookError:
        return []


def current_version(session: Session) -> CodebookVersion | None:
    return session.exec(
        select(CodebookVersion).order_by(
            col(CodebookVersion.activated_at).desc(), col(CodebookVersion.id).desc()
        )
    ).first()
