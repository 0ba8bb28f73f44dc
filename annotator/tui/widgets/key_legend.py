"""The codebook's hotkeys beside the form; stances first, as they fit on any screen."""

from __future__ import annotations

from textual.content import Content

from annotator.tui.data import CodebookData
from annotator.tui.safe import plain
from annotator.tui.widgets.base import DataView


class KeyLegend(DataView):
    DEFAULT_CSS = """
    KeyLegend { padding: 0 1; }
    """
    _showing: tuple[CodebookData, str | None, str | None] | None = None

    def show(self, codebook: CodebookData, claim_id: str | None, stance_id: str | None) -> None:
        # Most decisions keep the codebook and the highlighted keys: nothing to build.
        showing = self._showing
        if showing and showing[0] is codebook and showing[1:] == (claim_id, stance_id):
            return
        self._showing = (codebook, claim_id, stance_id)
        lines = [Content.styled("stances", "underline")]
        for stance in codebook.stances:
            style = "bold reverse" if stance.id == stance_id else ""
            lines.append(
                Content.assemble((f"{stance.key or ' '} ", "bold"), plain(stance.label, style))
            )
        lines.append(Content.styled("claims", "underline"))
        for claim in codebook.claims:
            style = "bold reverse" if claim.id == claim_id else ""
            lines.append(
                Content.assemble((f"{claim.key or ' '} ", "bold"), plain(claim.label, style))
            )
        self.show_lines(lines)
