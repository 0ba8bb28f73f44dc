"""`annotator codebook check|load|show`."""

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
    store_codebook,
)
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
