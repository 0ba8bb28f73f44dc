"""Text from documents, codebooks, users and errors, made safe to put on screen.

Such text is data: it is never parsed as markup (callers wrap it in `Content`), and its
control characters are replaced by visible placeholders so that an escape sequence in
an article (say a clipboard write, ESC ] 52) can neither reach the terminal nor vanish.
"""

from __future__ import annotations

from textual.content import Content

# C0 controls become their Unicode "control pictures" (ESC -> U+241B), DEL -> U+2421;
# C1 controls and the invisible bidirectional overrides become U+FFFD.
_PLACEHOLDERS: dict[int, int] = {code: 0x2400 + code for code in range(0x20)}
_PLACEHOLDERS[0x7F] = 0x2421
_PLACEHOLDERS.update(dict.fromkeys(range(128, 160), 65533))
_PLACEHOLDERS.update(dict.fromkeys((*range(8234, 8239), *range(8294, 8298)), 65533))

_WHITESPACE = {ord("\n"): " ", ord("\t"): " ", ord("\r"): " "}


def visible(text: str | None, *, keep_newlines: bool = False) -> str:
    """`text` with every control character shown as a placeholder.

    Newlines and tabs in prose become spaces (or stay, with keep_newlines, for
    multi-line definitions); every other control character stays visible."""
    if not text:
        return ""
    if keep_newlines:
        text = text.replace("\t", " ").replace("\r", "")
        table = dict(_PLACEHOLDERS)
        del table[ord("\n")]
        return text.translate(table)
    return text.translate(_WHITESPACE).translate(_PLACEHOLDERS)


def plain(text: str | None, style: str = "") -> Content:
    """Untrusted text as Content: never markup, controls made visible."""
    return Content.styled(visible(text), style) if style else Content(visible(text))
