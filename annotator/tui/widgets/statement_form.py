"""The statement being composed: speaker, claim and stance, marked when suggested."""

from __future__ import annotations

from textual.content import Content

from annotator.tui.data import CodebookData
from annotator.tui.draft import Draft
from annotator.tui.safe import plain
from annotator.tui.widgets.base import DataView


class StatementForm(DataView):
    DEFAULT_CSS = """
    StatementForm { padding: 0 1; height: auto; }
    """
    _title: str | None = None

    def show(self, draft: Draft, codebook: CodebookData, alternatives: int) -> None:
        def slot(name: str, value: str | None, label: str) -> Content:
            shown = plain(label, "bold") if value else Content.styled("—", "dim")
            return Content.assemble((f"{name:<8}", "dim"), shown)

        heading = (
            "editing statement " + str(draft.editing + 1)
            if draft.editing is not None
            else ("new statement")
        )
        title = f"form: {heading}"
        if self._title != title:
            # Setting a border title repaints the whole form, though it rarely changes.
            self._title = self.border_title = title
        speaker = slot("speaker", draft.speaker_id, codebook.speaker_label(draft.speaker_id))
        new = draft.new_speaker
        if new is not None:
            side = codebook.side_by_id.get(new.side_id or "")
            speaker = Content.assemble(
                ("speaker ", "dim"),
                ("NEW ", "bold reverse $warning"),
                plain(f" {new.name}", "bold"),
                plain(f" ({side.label}?)" if side else " (side ?)"),
                ("  not in the codebook: b adds it", "italic $warning"),
            )
        lines = [
            speaker,
            slot("claim", draft.claim_id, codebook.claim_label(draft.claim_id)),
            slot("stance", draft.stance_id, codebook.stance_label(draft.stance_id)),
        ]
        proposal = draft.proposal
        if proposal is not None:
            what = "no claim" if proposal.no_claim else "this statement"
            state = "suggested" if draft.is_suggestion or draft.suggests_no_claim else "edited from"
            more = f" ({draft.choice + 1} of {alternatives + 1}, tab: next)" if alternatives else ""
            lines.append(
                Content.assemble(
                    (f"{state} {what}{more} by ", "italic"),
                    plain(proposal.source, "bold italic"),
                    (f" ({proposal.confidence:.0%}): ", "italic"),
                    plain(proposal.reason, "italic"),
                )
            )
        if draft.note:
            lines.append(Content.assemble(("note    ", "dim"), plain(draft.note, "italic")))
        self.show_lines(lines)
