"""Segmentation of the sample articles: every content sentence comes out whole."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from annotator.ingest.clean import classify
from annotator.ingest.segment import MAX_SENTENCE_CHARS, segment
from models.tables import SentenceKind
from tests.conftest import SAMPLE

TITLES = {
    row["file"]: row["title"] or None for row in csv.DictReader((SAMPLE / "manifest.csv").open())
}


def _content(name: str) -> list[str]:
    text = (SAMPLE / name).read_text(encoding="utf-8")
    spans = segment(text)
    kinds = classify(text, spans, title=TITLES[name])
    for span in spans:
        assert text[span.start : span.end] == span.text
    return [s.text for s, k in zip(spans, kinds, strict=True) if k is SentenceKind.content]


@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("000_47cb7207787eadef.txt", 23),
        ("001_27ec8c335526308a.txt", 14),
        ("002_52d611a730e6d479.txt", 16),
        ("003_1632992fc1fe596b.txt", 11),
        ("004_52576c8043d554c6.txt", 12),
    ],
)
def test_content_sentence_counts(name: str, count: int) -> None:
    sentences = _content(name)
    assert len(sentences) == count
    for sentence in sentences:
        assert sentence[0].isupper() or sentence[0] in "\"'", sentence
        assert sentence.rstrip("\"'”’").endswith((".", "?", "!")), sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "Amid escalating bilateral tensions, the Japanese government made the request after "
        "confirming that Nippon Steel & Sumitomo Metal Corp. has been notified by a South "
        "Korean district court of the seizure.",
        "Another similar ruling the following month ordered Japan's Mitsubishi Heavy "
        "Industries Ltd. to compensate two groups of South Koreans for similar reasons.",
        "Another issue is South Korean National Assembly Speaker Moon Hee-sang's recent call "
        'for Japan\'s Emperor Akihito to apologize to former wartime "comfort women."',
        "Japan argues the ruling goes against a 1965 bilateral agreement that provided South "
        "Korea with financial aid on the understanding the compensation issue was settled "
        '"completely and finally."',
    ],
)
def test_abbreviations_and_quotes_do_not_split(sentence: str) -> None:
    everything = [s for name in TITLES for s in _content(name)]
    assert sentence in everything


def test_us_president_stays_in_one_sentence() -> None:
    sentences = _content("002_52d611a730e6d479.txt")
    hits = [s for s in sentences if "U.S. President Donald Trump" in s]
    assert len(hits) == 1 and hits[0].startswith("There is talk of a three-way")


def test_a_line_without_punctuation_is_cut_into_bounded_sentences() -> None:
    text = "word " * 5_000
    spans = segment(text)
    assert len(spans) > 1
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in spans)
    assert " ".join(s.text for s in spans).split() == text.split()


def test_hard_wrapped_prose_stays_one_sentence(tmp_path: Path) -> None:
    text = "The ministry said the talks\nwould continue next week in Seoul.\n"
    assert [s.text for s in segment(text)] == [
        "The ministry said the talks\nwould continue next week in Seoul."
    ]
