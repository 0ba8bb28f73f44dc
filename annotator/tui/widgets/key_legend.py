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

    def show(self, codebook: CodebookData, claim_id: str | None, stance_id: str | None) -> None:
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
