"""`python -m benchmarks.learning_curve`: a row per N and source, on real corpora."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from annotator.suggest.corpus import Gold
from annotator.suggest.model import SuggestModel
from benchmarks import learning_curve
from benchmarks.learning_curve import main
from tests.conftest import REPO

HONG_KONG = REPO / "benchmarks" / "corpora" / "hong_kong_protests"


def test_every_size_reached_has_a_row_per_source(capsys: pytest.CaptureFixture[str]) -> None:
    main([str(HONG_KONG), "--sizes", "10,20,400", "--format", "json"])
    captured = capsys.readouterr()
    rows = json.loads(captured.out)
    dev = sum(
        1
        for line in (HONG_KONG / "gold.jsonl").read_text(encoding="utf-8").splitlines()
        if _split_of(json.loads(line)) == "dev"
    )
    assert [(row["n"], row["source"]) for row in rows] == [
        (n, source) for n in ("10", "20", f"{dev} (all)") for source in ("rules", "model", "both")
    ] + [(f"{dev} + earlier test documents", "both, as coded")]
    assert [row["decisions"] for row in rows[::3]] == [10, 20, dev, dev]
    assert f"holds {dev} coded sentences, so N = 400 not reached" in captured.err
    # The rules are the baseline: the same at every N. The model learns from N sentences.
    rules = [row for row in rows if row["source"] == "rules"]
    assert len({(r["keys_per_sentence"], r["claim_f1"]) for r in rules}) == 1
    for row in rows:
        assert row["test_sentences"] == rules[0]["test_sentences"] > 0
        assert isinstance(row["keys_per_sentence"], float)
    assert all(row["fields_from_model"] for row in rows if row["source"] == "both")


def test_as_coded_each_test_document_gets_a_model_trained_on_what_was_coded_before(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The "as coded" row: before each test document, in document order, the model is
    trained on the development half and the test documents before it, never on the
    document it proposes for."""
    calls: list[tuple[str, set[str]]] = []
    fit, with_model = learning_curve.SuggestModel.fit, learning_curve.with_model
    measure = learning_curve.measure
    measuring = False  # the per-field choice's own held-out fits are not recorded

    def recording_fit(golds: Sequence[Gold], texts: dict[str, str]) -> SuggestModel | None:
        if not measuring:
            calls.append(("trained", {g.document_id for g in golds}))
        return fit(golds, texts)

    def recording_measure(*args: Any) -> Any:
        nonlocal measuring
        measuring = True
        try:
            return measure(*args)
        finally:
            measuring = False

    def recording_with_model(model: Any, choice: Any, golds: Sequence[Gold], *rest: Any) -> Any:
        calls.append(("shown", {g.document_id for g in golds}))
        return with_model(model, choice, golds, *rest)

    monkeypatch.setattr(learning_curve.SuggestModel, "fit", recording_fit)
    monkeypatch.setattr(learning_curve, "with_model", recording_with_model)
    monkeypatch.setattr(learning_curve, "measure", recording_measure)
    main([str(HONG_KONG), "--sizes", "400", "--format", "json"])
    rows = json.loads(capsys.readouterr().out)
    assert rows[-1]["source"] == "both, as coded"
    assert [kind for kind, _ in calls] == ["trained", "shown"] * (len(calls) // 2)
    pairs = [(calls[i][1], calls[i + 1][1]) for i in range(0, len(calls), 2)]
    dev, _ = pairs[0]  # the first size trains on the whole development half
    as_coded = pairs[1:]
    assert len(as_coded) == 3  # the test half's documents
    coded = set(dev)
    for trained, shown in as_coded:
        assert len(shown) == 1 and not trained & shown
        assert trained == coded
        coded |= shown


def _split_of(line: dict[str, object]) -> str:
    splits = {
        row["file"]: row["split"]
        for row in csv.DictReader((HONG_KONG / "splits.csv").open(encoding="utf-8"))
    }
    manifest = {
        row["url"]: row["file"]
        for row in csv.DictReader((HONG_KONG / "texts" / "manifest.csv").open(encoding="utf-8"))
    }
    document = line["document"]
    assert isinstance(document, dict)
    return splits[manifest[str(document["url"])]]


def test_table_and_markdown_print_every_row(capsys: pytest.CaptureFixture[str]) -> None:
    main([str(HONG_KONG), "--sizes", "10,20", "--format", "markdown"])
    lines = capsys.readouterr().out.splitlines()
    body = [line for line in lines[2:] if line.startswith("| hong_kong_protests")]
    assert len(body) == 7
    assert [line.split(" | ")[1] for line in body][:6] == ["10"] * 3 + ["20"] * 3
    main([str(HONG_KONG), "--sizes", "10,20"])
    table = capsys.readouterr().out
    assert table.count("hong_kong") >= 6 and "keys/sent" in table


def test_pooling_joins_only_corpora_with_the_same_codebook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The Hong Kong corpus cut in two corpora with one codebook: pooled, their
    development halves add up; a corpus with a codebook of its own is left out."""
    splits = list(csv.DictReader((HONG_KONG / "splits.csv").open(encoding="utf-8")))
    manifest = list(csv.DictReader((HONG_KONG / "texts" / "manifest.csv").open(encoding="utf-8")))
    gold = [json.loads(line) for line in (HONG_KONG / "gold.jsonl").read_text().splitlines()]
    dev = [row["file"] for row in splits if row["split"] == "dev"]
    test = [row["file"] for row in splits if row["split"] == "test"]
    parts = []
    used: set[str] = set()  # the urls of the articles the two parts hold
    for number, files in enumerate(([dev[0], test[0]], [dev[1], test[1]])):
        part = tmp_path / f"part{number}"
        (part / "texts").mkdir(parents=True)
        shutil.copy(HONG_KONG / "codebook.toml", part / "codebook.toml")
        kept = [row for row in manifest if row["file"] in files]
        with (part / "texts" / "manifest.csv").open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=list(manifest[0]))
            writer.writeheader()
            writer.writerows(kept)
        for file in files:
            shutil.copy(HONG_KONG / "texts" / file, part / "texts" / file)
        urls = {row["url"] for row in kept}
        used |= urls
        (part / "gold.jsonl").write_text(
            "".join(json.dumps(g) + "\n" for g in gold if g["document"]["url"] in urls)
        )
        (part / "splits.csv").write_text(
            "file,split\n" + "".join(f"{f},{'dev' if f in dev else 'test'}\n" for f in files)
        )
        parts.append(part)
    brexit = REPO / "benchmarks" / "corpora" / "brexit_prorogation"
    main([*map(str, parts), str(brexit), "--pool", "--sizes", "10,400", "--format", "json"])
    captured = capsys.readouterr()
    rows = json.loads(captured.out)
    assert {row["corpus"] for row in rows} == {"part0+part1"}
    assert "brexit_prorogation: no other corpus shares its codebook; not pooled" in captured.err
    pooled_dev = sum(1 for g in gold if _split_of(g) == "dev" and g["document"]["url"] in used)
    largest = rows[-2]  # the last row is "as coded"
    assert largest["decisions"] == pooled_dev and largest["trained_documents"] == 2
