"""Hypothesis strategies for hostile input files, and the checks every CLI run must
pass on them; shared by the property tests and the larger campaign in benchmarks/."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from sqlalchemy import Engine, func
from sqlmodel import Session, select
from typer.testing import Result

from models.tables import CodebookVersion, Decision, Document, Event, Sentence, Suggestion

# Pieces users and attackers put in text: escapes, bidi, markup, combining marks,
# emoji, NUL, lone surrogates, CSV and JSON syntax.
NASTY = [
    "\x1b]52;c;SGVsbG8=\x07",
    "\x1b[2J",
    "\u202e",
    "\u2066",
    "\x9b",
    "\x00",
    "\ud800",
    "\udfff",
    "[bold]",
    "[/]",
    "[$accent]",
    "[x",
    "[@click=app.quit]",
    "e\u0301",
    "🙂",
    "\r",
    "\n",
    '"',
    ",",
    "\\",
    "{{numberArticlesLeft}}",
    "２０１９",
    ":smile:",
]

any_char = st.characters(codec=None, exclude_categories=())
hostile_text = st.lists(
    st.one_of(st.sampled_from(NASTY), st.text(any_char, max_size=12), st.text(max_size=40)),
    max_size=8,
).map("".join)
plain_words = st.text(st.characters(min_codepoint=32, max_codepoint=126), min_size=1, max_size=60)
json_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    hostile_text,
)
json_value = st.recursive(
    json_scalar,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(hostile_text, children),
    max_leaves=12,
)


@st.composite
def deep_json(draw: st.DrawFn) -> str:
    depth = draw(st.sampled_from([20, 33, 200, 1000, 3000]))
    opener, closer = draw(st.sampled_from([("[", "]"), ('{"a":', "}")]))
    return opener * depth + "1" + closer * depth


def dumps(value: Any, ascii_only: bool) -> str:
    """JSON as a hostile file may hold it (NaN included); lone surrogates only as
    \\u escapes, since a UTF-8 file cannot hold them raw."""
    return json.dumps(value, ensure_ascii=ascii_only or _has_surrogate(value), allow_nan=True)


def _has_surrogate(value: Any) -> bool:
    return bool(re.search("[\ud800-\udfff]", json.dumps(value, ensure_ascii=False)))


def maybe_truncated(draw: st.DrawFn, line: str) -> str:
    if line and draw(st.integers(0, 9)) == 0:
        return line[: draw(st.integers(0, len(line) - 1))]
    return line


DOCUMENT_KEYS = ["text", "date", "source", "title", "url", "language", "id", "meta"]
DATES = st.one_of(
    st.sampled_from(["2019-01-09", "2019-01", "2019", "2019-01-09T99:99:99", "２０１９", "x"]),
    hostile_text,
    st.integers(),
)


@st.composite
def document_jsonl(draw: st.DrawFn) -> bytes:
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.integers(0, 5))
        if kind == 0:
            lines.append(draw(deep_json()))
            continue
        record: dict[str, Any] = {}
        for key in draw(st.lists(st.sampled_from([*DOCUMENT_KEYS, "titel"]), max_size=8)):
            record[key] = draw(
                DATES if key == "date" else json_value if kind == 1 else hostile_text
            )
        if draw(st.booleans()):
            record["text"] = draw(hostile_text) + " " + draw(plain_words) + "."
        if kind == 2:
            record["meta"] = {"n": "@BIG@"}
        line = dumps(record, draw(st.booleans()))
        digits = "9" * draw(st.sampled_from([10, 4301, 5000]))  # too long for int() past 4300
        line = line.replace('"@BIG@"', digits)
        lines.append(maybe_truncated(draw, line))
    return ("\n".join(lines) + "\n").encode("utf-8")


@st.composite
def document_csv(draw: st.DrawFn) -> bytes:
    header = draw(
        st.lists(
            st.sampled_from(["text", "date", "source", "title", "id", "x", "text"]),
            min_size=1,
            max_size=5,
        )
    )
    rows = [",".join(header)]
    for _ in range(draw(st.integers(0, 4))):
        cells = []
        for _ in range(draw(st.integers(1, len(header) + 1))):
            cell = draw(st.one_of(plain_words, hostile_text.map(lambda t: t.replace("\x00", ""))))
            style = draw(st.integers(0, 4))
            if style == 1:
                cell = '"' + cell.replace('"', '""') + '"'
            elif style == 2:
                cell = '"' + cell  # unclosed quote
            elif style == 3:
                cell = cell + '"x'
            elif style == 4 and draw(st.booleans()):
                cell = "y" * draw(st.sampled_from([10, 131_073]))
            cells.append(cell)
        rows.append(",".join(cells))
    text = "\n".join(rows) + "\n"
    data = text.encode("utf-8", "surrogatepass")
    return data if draw(st.booleans()) else data.replace(b"\xed\xa0\x80", b"?")


@st.composite
def document_txt(draw: st.DrawFn) -> bytes:
    kind = draw(st.integers(0, 3))
    if kind == 0:
        return draw(st.binary(max_size=300))
    if kind == 1:
        return ("word " * draw(st.integers(1, 30_000)) + "\n").encode()  # a huge line
    text = draw(hostile_text) + "\n\n" + draw(plain_words) + ". " + draw(hostile_text)
    return text.encode("utf-8", "surrogatepass")


@st.composite
def manifest_folder(draw: st.DrawFn) -> dict[str, bytes]:
    """A folder's files by relative path, with a manifest naming good and bad paths."""
    files = {"a.txt": b"Tokyo said it was settled.\n", "sub/b.txt": b"Seoul said no.\n"}
    names = draw(
        st.lists(
            st.sampled_from(
                ["a.txt", "sub/b.txt", "../outside.txt", "/etc/hostname", "missing.txt"]
            )
            | st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=8)
            | st.just("n" * 300),
            min_size=1,
            max_size=4,
        )
    )
    date = draw(DATES.filter(lambda d: isinstance(d, str)))
    rows = ["file,date,title"] + [f"{n.replace(',', '')},{date.replace(',', '')},t" for n in names]
    files["manifest.csv"] = "\n".join(rows).encode("utf-8", "surrogatepass") + b"\n"
    return files


@st.composite
def label_jsonl(draw: st.DrawFn, sentence_ids: list[str]) -> bytes:
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.integers(0, 6)) == 0:
            lines.append(draw(deep_json()))
            continue
        statement = {
            "speaker": draw(st.sampled_from(["suga", "kr_government", "nobody"]) | hostile_text),
            "claim": draw(st.sampled_from(["settled_1965", "respect_ruling", "x"])),
            "stance": draw(st.sampled_from(["support", "oppose", "meh"])),
            "score": draw(json_scalar),
            "note": draw(hostile_text),
        }
        record: dict[str, Any] = {
            "sentence_id": draw(st.sampled_from(sentence_ids) | hostile_text),
            "annotator": draw(st.sampled_from(["hand", "other"]) | json_scalar),
            "decision": draw(st.sampled_from(["statements", "no_claim", "skip", "maybe"])),
            "statements": draw(st.lists(st.just(statement) | json_value, max_size=2)),
        }
        for key in draw(st.lists(st.sampled_from(["created_at", "index", "role", "zz"]))):
            record[key] = draw(json_value)
        lines.append(maybe_truncated(draw, dumps(record, draw(st.booleans()))))
    return ("\n".join(lines) + "\n").encode("utf-8")


TOML_VALUES = st.one_of(
    hostile_text.map(lambda t: json.dumps(t.replace("\x00", ""))),
    st.sampled_from(
        ['""', '"  "', "true", "nan", "inf", "-7", "1e400", '"\\u001b"', '"\\u0000"', '[""]']
    ),
    st.integers().map(str),
    st.integers(1, 3000).map(lambda n: "[" * n + "]" * n),
    st.text(max_size=10),
)


@st.composite
def codebook_text(draw: st.DrawFn, sample: str) -> str:
    lines = sample.splitlines()
    fields = [i for i, line in enumerate(lines) if re.match(r"^[a-z_]+ = ", line)]
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.sampled_from(fields))
        key = lines[index].split(" = ", 1)[0]
        lines[index] = f"{key} = {draw(TOML_VALUES)}"
    return "\n".join(lines) + "\n"


# ---- what every run must satisfy -------------------------------------------------


def outcome(result: Result) -> str:
    """'ok', 'refused' (a clean error) or 'traceback' (an exception escaped)."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return "traceback"
    return "ok" if result.exit_code == 0 else "refused"


def check_run(result: Result, path: Path, *, needs_line: bool = True) -> str:
    """No traceback; a failure says `error:` lines naming the file (and a line)."""
    kind = outcome(result)
    assert kind != "traceback", repr(result.exception)
    if kind == "refused":
        lines = result.stderr.splitlines()
        assert any(line.startswith("error:") for line in lines), result.stderr
        named = [line for line in lines if path.name in line or "manifest" in line]
        assert named, result.stderr
        if needs_line:
            assert any(re.search(r":\d+: ", line) for line in named), result.stderr
        assert "Traceback" not in result.output
    return kind


_SUMMARY = re.compile(r"^documents: (\d+) new, (\d+) new versions, .*?; sentences: (.*?); undated")


def reported_stored(stderr: str) -> tuple[int, int]:
    """Documents and sentences an import's summary line says it stored."""
    match = next(filter(None, map(_SUMMARY.match, stderr.splitlines())))
    sentences = sum(int(part.split()[0]) for part in match.group(3).split(", "))
    return int(match.group(1)) + int(match.group(2)), sentences


def db_counts(engine: Engine) -> tuple[int, ...]:
    with Session(engine) as session:
        return tuple(
            session.exec(select(func.count()).select_from(table)).one()
            for table in (Document, Sentence, Decision, Event, Suggestion, CodebookVersion)
        )


def raw_controls(text: str) -> list[str]:
    """Characters that must never reach a terminal from a human format."""
    return re.findall("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text)
