"""The codebook's hotkeys beside the form; stances first, as they fit on any screen."""

from __future__ import annotations

from textual.content import Content

from annotator.tui.data import CodebookData
from annotator.tui.safe import plain
from annotator.tui.widgets.base import DataView

# One row of the legend: the id it highlights, then the row plain and highlighted.
_Row = tuple[str, Content, Content]


def _row(key: str | None, label: str, entry_id: str) -> _Row:
    def drawn(style: str) -> Content:
        return Content.assemble((f"{key or ' '} ", "bold"), plain(label, style))

    return entry_id, drawn(""), drawn("bold reverse")


class KeyLegend(DataView):
    DEFAULT_CSS = """
    KeyLegend { padding: 0 1; }
    """
    _showing: tuple[CodebookData, str | None, str | None] | None = None
    # The codebook's rows, built once per codebook: a decision only picks which of
    # each row's two versions to show.
    _rows: tuple[CodebookData, tuple[_Row, ...], tuple[_Row, ...]] | None = None

    def show(self, codebook: CodebookData, claim_id: str | None, stance_id: str | None) -> None:
        # Most decisions keep the codebook and the highlighted keys: nothing to build.
        showing = self._showing
        if showing and showing[0] is codebook and showing[1:] == (claim_id, stance_id):
            return
        self._showing = (codebook, claim_id, stance_id)
        if self._rows is None or self._rows[0] is not codebook:
            self._rows = (
                codebook,
                tuple(_row(s.key, s.label, s.id) for s in codebook.stances),
                tuple(_row(c.key, c.label, c.id) for c in codebook.claims),
            )
        _, stances, claims = self._rows
        self.show_lines(
            [
                Content.styled("stances", "underline"),
                *(lit if entry == stance_id else unlit for entry, unlit, lit in stances),
                Content.styled("claims", "underline"),
                *(lit if entry == claim_id else unlit for entry, unlit, lit in claims),
            ]
        )
