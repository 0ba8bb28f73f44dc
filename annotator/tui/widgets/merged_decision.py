"""The decision the adjudicator is putting together, and whether one is saved."""

from __future__ import annotations

from textual.content import Content

from annotator.tui.data import CodebookData
from annotator.tui.safe import plain
from annotator.tui.widgets.base import DataView
from models.decisions import DecisionData, StatementData
from models.tables import DecisionKind


class MergedDecision(DataView):
    DEFAULT_CSS = """
    MergedDecision { padding: 0 1; height: auto; }
    """

    def show(
        self,
        merged: tuple[StatementData, ...],
        saved: DecisionData | None,
        codebook: CodebookData,
        selected: int | None,
    ) -> None:
        lines = [_state(merged, saved)]
        for position, statement in enumerate(merged):
            cursor = position == selected
            line = Content.assemble(
                (f"{'▸' if cursor else ' '} {position + 1}. ", "bold"),
                plain(codebook.speaker_label(statement.speaker_id), "bold"),
                " · ",
                plain(codebook.claim_label(statement.claim_id)),
                " · ",
                plain(codebook.stance_label(statement.stance_id), "italic"),
                *((("  note: ", "dim"), plain(statement.note, "italic")) if statement.note else ()),
            )
            lines.append(line.stylize("reverse") if cursor else line)
        self.show_lines(lines)


def _state(merged: tuple[StatementData, ...], saved: DecisionData | None) -> Content:
    if saved is not None and saved.kind is DecisionKind.no_claim and not merged:
        return Content.styled("saved as adjudicated: no claim", "bold $success")
    if saved is not None and saved.statements == merged:
        return Content.styled("saved as adjudicated:", "bold $success")
    if not merged:
        return Content.styled(
            "nothing yet: 1–9 take a coder · space merge selected · a new · n no claim",
            "dim italic",
        )
    return Content.styled("merged, not saved yet (enter saves):", "italic")
