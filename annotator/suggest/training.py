"""Training the model in the background, choosing per field whether its values or the
rules' are shown, and keeping the fitted model in a file beside the database.

The TUI calls `maybe_retrain(engine)` in a worker now and then; it retrains once
enough decisions have been made since the last training. How the model is used is
decided here, by holding out documents (one at a time, or in folds on large corpora):
for each field the rules' value, the model's, or the rules' filled in by the model,
whichever saves most keystrokes on documents the model did not see (`choice.py`)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, func
from sqlalchemy.engine import URL
from sqlmodel import Session, col, select

from annotator.suggest.choice import Measured, choose, held_out
from annotator.suggest.combine import FieldChoice
from annotator.suggest.corpus import Corpus, Gold, load_corpus
from annotator.suggest.index import CodebookIndex, load_index
from annotator.suggest.proposal import Proposal
from annotator.suggest.rules import run_proposals
from models.tables import Event

if TYPE_CHECKING:
    # numpy and scipy load with the model, not with every command that suggests.
    from annotator.suggest.model import SuggestModel

RETRAIN_EVERY = 20  # changes to decisions since the last training
GATE_FOLDS = 5  # leave-one-document-out up to five documents, else five folds
# 2: the per-field choice replaced the all-or-nothing verdict; 3: "no claim" from the
# model became the rules' "no claim" where the model agrees. Files of another format
# are ignored, so the first retraining (at once: no model counts as none) replaces them.
FORMAT = 3
CACHE_ENV_VAR = "ANNOTATOR_CACHE_DIR"


@dataclass(frozen=True)
class Trained:
    """A fitted model with what it was trained on and which fields it fills."""

    model: SuggestModel
    event_id: int
    decisions: int
    documents: int
    measured: Measured
    trained_at: str

    @property
    def choice(self) -> FieldChoice:
        return self.measured.choice


def model_path(url: URL) -> Path | None:
    """Where a database's model lives: beside a SQLite file, else in the cache directory
    under a hash of the database URL (password left out). None for in-memory SQLite."""
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            return None
        db = Path(url.database)
        return db.with_name(db.name + ".suggest-model.npz")
    base = os.environ.get(CACHE_ENV_VAR) or os.environ.get("XDG_CACHE_HOME")
    folder = Path(base) if base else Path.home() / ".cache"
    if not os.environ.get(CACHE_ENV_VAR):
        folder = folder / "stance-annotator"
    key = hashlib.sha256(url.render_as_string(hide_password=True).encode()).hexdigest()[:16]
    return folder / f"{key}.suggest-model.npz"


_loaded: dict[str, tuple[tuple[int, int, int], Trained | None]] = {}
# Per database: the latest event when training last ran (it may have fitted nothing).
_attempted: dict[str, int] = {}
_memory: dict[str, Trained] = {}
_locks: dict[str, threading.Lock] = {}
_guard = threading.Lock()


def current_model(engine: Engine) -> Trained | None:
    """The stored model for this database, reloaded only when its file changes."""
    url = engine.url
    path = model_path(url)
    if path is None:
        return _memory.get(url.render_as_string(hide_password=True))
    try:
        status = path.stat()
    except OSError:
        return None
    # Each store replaces the file, so a new inode tells a new model even where the
    # file system keeps coarse modification times.
    stamp = (status.st_ino, status.st_mtime_ns, status.st_size)
    cached = _loaded.get(str(path))
    if cached is not None and cached[0] == stamp:
        return cached[1]
    trained = _read(path)
    _loaded[str(path)] = (stamp, trained)
    return trained


_META = ("event_id", "decisions", "documents", "trained_at")


def _read(path: Path) -> Trained | None:
    """A model file that is unreadable or of another format is ignored (and retrained).

    Loaded without pickle: a model file found beside a database cannot run code."""
    import numpy as np

    from annotator.suggest.model import SuggestModel

    try:
        with np.load(path, allow_pickle=False) as arrays:
            meta = json.loads(str(arrays["meta"]))
            if meta.get("format") != FORMAT:
                return None
            model = SuggestModel.from_arrays(arrays)
        measured = Measured.from_dict(meta["measured"])
        return Trained(model=model, measured=measured, **{key: meta[key] for key in _META})
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def store_model(engine: Engine, trained: Trained) -> None:
    """Keep a fitted model for this database (atomically: readers see old or new)."""
    path = model_path(engine.url)
    if path is None:
        _memory[engine.url.render_as_string(hide_password=True)] = trained
        return
    import numpy as np

    meta = {key: getattr(trained, key) for key in _META} | {
        "format": FORMAT,
        "measured": trained.measured.as_dict(),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        arrays: dict[str, Any] = {"meta": np.array(json.dumps(meta)), **trained.model.arrays()}
        with os.fdopen(handle, "wb") as file:
            np.savez_compressed(file, **arrays)
        Path(temporary).replace(path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            Path(temporary).unlink()


def _lock_for(engine: Engine) -> threading.Lock:
    key = engine.url.render_as_string(hide_password=True)
    with _guard:
        return _locks.setdefault(key, threading.Lock())


def maybe_retrain(
    engine: Engine, every: int = RETRAIN_EVERY, force: bool = False
) -> Trained | None:
    """Retrain when `every` decision changes happened since the last training (or there
    is no model yet); return the new model, or None when nothing was retrained.

    Safe to call from a worker thread; concurrent calls for one database train once."""
    lock = _lock_for(engine)
    if not lock.acquire(blocking=False):
        return None
    try:
        key = engine.url.render_as_string(hide_password=True)
        with Session(engine) as session:
            latest = session.exec(select(func.max(Event.id))).one() or 0
            previous = current_model(engine)
            # Since the model was trained, else since training last fitted nothing; a
            # model newer than the database's log belongs to a database since replaced,
            # and a file that does not load (another format, say) is replaced at once.
            path = model_path(engine.url)
            unreadable = previous is None and path is not None and path.exists()
            since = previous.event_id if previous is not None else _attempted.get(key)
            since = None if unreadable else since
            if since is not None and since <= latest and not force:
                changes = session.exec(
                    select(func.count()).select_from(Event).where(col(Event.id) > since)
                ).one()
                if changes < every:
                    return None
            corpus = load_corpus(session)
            index = load_index(session)
        _attempted[key] = latest
        trained = train(corpus, index, latest)
        if trained is not None:
            store_model(engine, trained)
        elif unreadable and path is not None:
            # Nothing to replace it with: drop the stale file, so it is not retried each time.
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        return trained
    finally:
        lock.release()


def train(corpus: Corpus, index: CodebookIndex, event_id: int) -> Trained | None:
    from annotator.suggest.model import SuggestModel

    model = SuggestModel.fit(corpus.golds, corpus.texts)
    if model is None:
        return None
    return Trained(
        model=model,
        event_id=event_id,
        decisions=len(corpus.golds),
        documents=len({g.document_id for g in corpus.golds}),
        measured=measure(corpus.golds, corpus.texts, rule_table(corpus, index), index),
        trained_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )


def folds(document_ids: Sequence[str], count: int) -> list[set[str]]:
    """Documents in `count` groups (fewer when there are fewer documents), stable."""
    ordered = sorted(set(document_ids))
    count = max(1, min(count, len(ordered)))
    return [set(ordered[i::count]) for i in range(count)]


def rule_table(corpus: Corpus, index: CodebookIndex) -> dict[str, list[Proposal]]:
    """The rules' proposals for every sentence of the corpus's documents."""
    table: dict[str, list[Proposal]] = {}
    for run in corpus.documents.values():
        table.update(zip(run.sentence_ids, run_proposals(run.texts, index), strict=True))
    return table


def measure(
    golds: Sequence[Gold],
    texts: dict[str, str],
    rules: dict[str, list[Proposal]],
    index: CodebookIndex,
    count: int = GATE_FOLDS,
) -> Measured:
    """The per-field choice, measured on held-out documents (`count` folds at most).

    With a single document nothing is held out, so the model is never used."""
    groups = folds([g.document_id for g in golds], count)
    if len(groups) < 2:
        return Measured.nothing_held_out()
    return choose(held_out(golds, texts, rules, index, groups))
