"""Text from documents, codebooks, users and errors, made safe to put on screen.

Such text is data: it is never parsed as markup (callers wrap it in `Content`), and its
control characters are replaced by visible placeholders (`models.text.visible`, the
rule the CLI follows too) so that an escape sequence in an article (say a clipboard
write, ESC ] 52) can neither reach the terminal nor vanish.
"""

from __future__ import annotations

from textual.content import Content

from models.text import visible

__all__ = ["plain", "visible"]


def plain(text: str | None, style: str = "") -> Content:
    """Untrusted text as Content: never markup, controls made visible."""
    return Content.styled(visible(text), style) if style else Content(visible(text))
