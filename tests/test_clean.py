"""Page furniture rules are general: they work on lines the sample does not contain."""

from __future__ import annotations

from annotator.ingest.clean import classify
from annotator.ingest.segment import segment
from models.tables import SentenceKind as K


def _kinds(
    text: str, title: str | None = None, repeated: tuple[str, ...] = ()
) -> list[tuple[K, str]]:
    spans = segment(text)
    return list(
        zip(
            classify(text, spans, title=title, repeated=repeated),
            [s.text for s in spans],
            strict=True,
        )
    )


ARTICLE = """ShareIcon TwitterIcon FacebookIcon MailIcon PrintButton
Markets

Bank raises rates again

Analysts expect more tightening this year

Traders watch screens in Frankfurt on March 3. (Photo: Reuters)

FRANKFURT -- The central bank raised its key rate on Thursday, the third increase this year.

"Inflation remains too high," the governor told reporters after the meeting.

Hello {{firstName}}, you have 2 stories left.

Subscribe now for unlimited access to all our journalism.

Related articles

Bank holds rates steady in January
"""


def test_article_structure() -> None:
    kinds = _kinds(ARTICLE, title="Bank raises rates again")
    by_text = {text: kind for kind, text in kinds}
    assert by_text["ShareIcon TwitterIcon FacebookIcon MailIcon PrintButton"] is K.boilerplate
    assert by_text["Markets"] is K.headline
    assert by_text["Bank raises rates again"] is K.headline
    assert by_text["Analysts expect more tightening this year"] is K.headline
    assert by_text["Traders watch screens in Frankfurt on March 3."] is K.caption
    assert (
        by_text[
            "FRANKFURT -- The central bank raised its key rate on Thursday, "
            "the third increase this year."
        ]
        is K.content
    )
    assert (
        by_text['"Inflation remains too high," the governor told reporters after the meeting.']
        is K.content
    )
    assert by_text["Hello {{firstName}}, you have 2 stories left."] is K.boilerplate
    assert by_text["Subscribe now for unlimited access to all our journalism."] is K.boilerplate
    assert by_text["Related articles"] is K.boilerplate
    assert by_text["Bank holds rates steady in January"] is K.boilerplate


def test_parenthesised_paragraph_is_a_caption() -> None:
    text = (
        "The court ruled on Monday.\n\n(Protesters gather outside the court in Seoul on Monday.)\n"
    )
    assert [k for k, _ in _kinds(text)] == [K.content, K.caption]


def test_repeated_short_line_is_boilerplate_only_when_known() -> None:
    text = "The court ruled on Monday against the company.\n\nNewsletter of the week\n"
    assert [k for k, _ in _kinds(text)][-1] is K.content
    assert [k for k, _ in _kinds(text, repeated=("newsletter of the week",))][-1] is K.boilerplate


def test_first_sentence_of_wire_copy_is_content() -> None:
    text = "Japan urged South Korea on Wednesday to launch talks on the dispute.\n"
    assert _kinds(text) == [(K.content, text.strip())]
