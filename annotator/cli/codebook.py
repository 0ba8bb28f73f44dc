"""`annotator codebook check|load|show|patterns`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy import Engine
from sqlmodel import col, select

from annotator.cli.common import DbOption, fail, open_db, out, say
from annotator.render import cell
from models.codebook import (
    Codebook,
    CodebookError,
    CodebookInUseError,
    current_version,
    load_codebook_file,
    parse_codebook,
    store_codebook,
)
from models.codebook_additions import append_to_codebook, store_appended
from models.db import session_scope
from models.tables import Actor, ClaimType, Side, Stance

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)


def _load_or_exit(path: Path, consequence: str = "") -> tuple[Codebook, str]:
    try:
        return load_codebook_file(path)
    except CodebookError as exc:
        for problem in exc.problems:
            say(str(problem))
        fail(f"{path}: {len(exc.problems)} problem(s){consequence}")


def store_codebook_file(engine: Engine, path: Path, mapping: dict[str, str] | None = None) -> None:
    book, source = _load_or_exit(path, "; nothing stored")
    try:
        with session_scope(engine) as session:
            version = store_codebook(session, book, source, mapping=mapping)
            label = f"{version.name} {version.version} (#{version.id})"
    except CodebookInUseError as exc:
        fail(f"{path}: {exc}")
    say(f"codebook in force: {label}")


@app.command("check")
def check(path: Annotated[Path, typer.Argument(help="Codebook TOML file.")]) -> None:
    """Validate a codebook; list every problem with file and line."""
    book, _ = _load_or_exit(path)
    out.print(
        f"{path}: ok: {len(book.sides)} sides, {len(book.actors)} actors, "
        f"{len(book.claims)} claims, {len(book.stances)} stances"
        + (f", {len(book.rules)} coding rules" if book.rules else ""),
        markup=False,
    )


@app.command("load")
def load(
    path: Annotated[Path, typer.Argument(help="Codebook TOML file.")],
    db: DbOption = None,
    map_: Annotated[
        list[str] | None,
        typer.Option("--map", help="OLD=NEW: move labels from a dropped id to a new one."),
    ] = None,
) -> None:
    """Store a new version of the codebook; labels are never dropped silently."""
    mapping: dict[str, str] = {}
    for item in map_ or []:
        old, sep, new = item.partition("=")
        if not sep or not old or not new:
            fail(f"--map {item!r}: expected OLD=NEW", 2)
        mapping[old.strip()] = new.strip()
    store_codebook_file(open_db(db), path, mapping)


@app.command("patterns")
def patterns(
    path: Annotated[Path, typer.Argument(help="Prodigy / spaCy pattern file (JSONL).")],
    db: DbOption = None,
    codebook: Annotated[
        Path | None,
        typer.Option(help="Add to this codebook file instead of the one in force (needs -o)."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Where to write the new codebook.")
    ] = None,
) -> None:
    """Add a pattern file's patterns as claim triggers: a new codebook version, or a file."""
    from annotator.suggest.patterns import read_patterns, trigger_block
    from exports.atomic import atomic_text
    from exports.records import LabelError

    if (codebook is None) != (output is None):
        fail("--codebook and -o go together: the codebook file to read and the one to write", 2)
    if codebook is not None:
        book, source = _load_or_exit(codebook)
    else:
        engine = open_db(db)
        with session_scope(engine) as session:
            version = current_version(session)
            if version is None or not version.source:
                fail("no codebook stored; run `annotator init` or `annotator codebook load FILE`")
            source = version.source
        book = parse_codebook(source, "<codebook in force>")
    try:
        found = read_patterns(path, book.claims).new_to(book.claims)
    except LabelError as exc:
        fail(f"{exc}; nothing stored")
    summary = (
        f"{path}: {found.patterns} pattern(s), {found.count} new trigger(s) "
        f"for {len(found.phrases)} claim type(s)"
    )
    if not found.count:
        say(f"{summary}: every one is a trigger already; nothing stored")
        return
    block = trigger_block(found, path.name)
    try:
        if codebook is not None and output is not None:
            _, written = append_to_codebook(source, block, str(codebook))
            with atomic_text(output) as handle:
                handle.write(written)
            say(f"{summary}; written to {output}")
            return
        with session_scope(engine) as session:
            stored = store_appended(session, block)
            label = f"{stored.name} {stored.version} (#{stored.id})"
    except CodebookError as exc:
        fail(f"{path}: {exc.problems[0]}; nothing stored")
    say(f"{summary}; codebook in force: {label}")


@app.command("show")
def show(db: DbOption = None) -> None:
    """Print the codebook in force: sides, actors, claims and stances with their keys."""
    engine = open_db(db)
    with session_scope(engine) as session:
        version = current_version(session)
        if version is None:
            fail("no codebook stored; run `annotator init` or `annotator codebook load FILE`")
        sides = session.exec(select(Side).where(Side.active).order_by(col(Side.position))).all()
        actors = session.exec(select(Actor).where(Actor.active).order_by(col(Actor.position))).all()
        claims = session.exec(
            select(ClaimType).where(ClaimType.active).order_by(col(ClaimType.position))
        ).all()
        stances = session.exec(
            select(Stance).where(Stance.active).order_by(col(Stance.position))
        ).all()
    out.print(cell(f"{version.name}, version {version.version}", style="bold"))
    side_label = {s.id: s.label for s in sides}

    table = Table("side", "label", title="Sides", title_justify="left")
    for side in sides:
        table.add_row(cell(side.id), cell(side.label))
    out.print(table)
    table = Table("actor", "name", "side", "kind", "aliases", title="Actors", title_justify="left")
    for actor in actors:
        table.add_row(
            cell(actor.id),
            cell(actor.name),
            cell(side_label.get(actor.side_id, actor.side_id)),
            cell(actor.kind),
            cell(", ".join(actor.aliases)),
        )
    out.print(table)
    table = Table("key", "claim", "label", "definition", title="Claim types", title_justify="left")
    for claim in claims:
        table.add_row(
            cell(claim.key or ""),
            cell(claim.id),
            cell(claim.label),
            cell(" ".join(claim.definition.split())),
        )
    out.print(table)
    table = Table("key", "stance", "label", "score", title="Stances", title_justify="left")
    for stance in stances:
        table.add_row(
            cell(stance.key or ""), cell(stance.id), cell(stance.label), f"{stance.score:+g}"
        )
    out.print(table)
