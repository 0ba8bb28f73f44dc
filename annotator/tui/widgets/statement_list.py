"""The statements already saved for this sentence, with the selected one marked."""

from __future__ import annotations

from textual.content import Content

from annotator.tui.data import CodebookData, SentenceView
from annotator.tui.safe import plain
from annotator.tui.widgets.base import DataView


class StatementList(DataView):
    DEFAULT_CSS = """
    StatementList { padding: 0 1; height: auto; }
    """

    def show(self, view: SentenceView | None, codebook: CodebookData, selected: int) -> None:
        if view is None:
            self.show_content(Content(""))
            return
        decision = view.decision
        if decision is None:
            self.show_content(Content.styled("no decision yet", "dim italic"))
            return
        if not decision.statements:
            label = "no claim" if decision.kind.value == "no_claim" else "skipped"
            self.show_content(Content.styled(f"saved: {label}", "bold"))
            return
        lines = []
        for position, statement in enumerate(decision.statements):
            marker = "▸" if position == selected else " "
            parts: list[Content | str | tuple[str, str]] = [
                (f"{marker} {position + 1}. ", "bold" if position == selected else ""),
                plain(codebook.speaker_label(statement.speaker_id), "bold"),
                " · ",
                plain(codebook.stance_label(statement.stance_id), "italic"),
                " · ",
                # Last, as the longest: on a small screen the line is cut at its end.
                plain(codebook.claim_label(statement.claim_id)),
            ]
            if statement.note:
                parts += ["  note: ", plain(statement.note, "italic")]
            if statement.from_suggestion:
                parts.append(("  (accepted suggestion)", "dim"))
            lines.append(Content.assemble(*parts))
        self.show_lines(lines)
        if len(lines) > 1:
            self.call_after_refresh(self._keep_selected_in_sight, selected)

    def _keep_selected_in_sight(self, selected: int) -> None:
        # Lines are one per statement when they do not wrap (small screens, app.tcss).
        self.scroll_to(
            y=max(selected - self.scrollable_content_region.height + 1, 0), animate=False
        )
