"""Each coder's decision side by side, with what the coders do not share highlighted."""

from __future__ import annotations

from textual.containers import Horizontal, Vertical
from textual.content import Content

from annotator.tui.adjudication import Comparison, Marks, contains
from annotator.tui.data import CodebookData
from annotator.tui.safe import plain
from annotator.tui.widgets.base import DataView
from models.decisions import DecisionData, StatementData
from models.tables import DecisionKind

DIFFERS = "bold $warning"
Selection = tuple[int | None, int] | None  # (coder index, or None for the merged set; position)


class CoderColumns(Horizontal):
    """One column per coder, one view per statement (so the pane can scroll the selected
    one into sight); views are added or removed only when the counts change, so moving
    between sentences mostly updates their content."""

    DEFAULT_CSS = """
    CoderColumns { height: auto; }
    CoderColumns > Vertical { width: 1fr; height: auto; padding: 0 1; }
    CoderColumns > Vertical.-later { border-left: vkey $secondary; }
    CoderColumns DataView { height: auto; }
    """

    def selected_view(self) -> DataView | None:
        return next(iter(self.query(".-selected").results(DataView)), None)

    def show(
        self,
        coders: tuple[DecisionData, ...],
        comparison: Comparison,
        codebook: CodebookData,
        merged: tuple[StatementData, ...],
        selected: Selection,
        adjudicator: str,
    ) -> None:
        columns = list(self.query_children(Vertical))
        if len(columns) != len(coders):
            self.remove_children()
            columns = [Vertical(classes="-later" if n else "") for n in range(len(coders))]
            self.mount_all(columns)
        for n, (decision, column) in enumerate(zip(coders, columns, strict=True)):
            lines = [self._title(n, decision, comparison.kind_differs, adjudicator)]
            for position, statement in enumerate(decision.statements):
                lines.append(
                    _statement(
                        statement,
                        comparison.marks[n][position],
                        codebook,
                        cursor=selected == (n, position),
                        merged=contains(merged, statement),
                    )
                )
            views = _views(column, len(lines))
            for position, (view, line) in enumerate(zip(views, lines, strict=True)):
                view.set_class(selected == (n, position - 1), "-selected")
                view.show_content(line)

    @staticmethod
    def _title(n: int, decision: DecisionData, kind_differs: bool, adjudicator: str) -> Content:
        kind = "no claim" if decision.kind is DecisionKind.no_claim else "statements"
        you = " (you)" if decision.annotator == adjudicator else ""
        return Content.assemble(
            (f"{n + 1} " if n < 9 else "  ", "bold $accent"),
            plain(decision.annotator, "bold underline"),
            (you, "dim"),
            "  ",
            (("≠ " if kind_differs else "") + kind, DIFFERS if kind_differs else "dim"),
        )


def _views(column: Vertical, count: int) -> list[DataView]:
    """The column's views, made `count` long."""
    views = list(column.query_children(DataView))
    for extra in views[count:]:
        extra.remove()
    missing = [DataView() for _ in range(count - len(views))]
    if missing:
        column.mount_all(missing)
    return views[:count] + missing


def _statement(
    statement: StatementData,
    marks: Marks,
    codebook: CodebookData,
    *,
    cursor: bool,
    merged: bool,
) -> Content:
    def field(text: str, differs: bool, style: str = "") -> Content:
        return plain(text, DIFFERS if differs else style)

    parts: list[Content | str | tuple[str, str]] = [
        ("▸" if cursor else " ", "bold"),
        ("● " if merged else "○ ", "bold $success" if merged else "dim"),
        ("= " if marks.shared else "≠ ", "dim" if marks.shared else DIFFERS),
        field(codebook.speaker_label(statement.speaker_id), marks.speaker, "bold"),
        " · ",
        field(codebook.claim_label(statement.claim_id), marks.claim),
        " · ",
        field(codebook.stance_label(statement.stance_id), marks.stance, "italic"),
    ]
    if statement.note:
        parts += [("  note: ", "dim"), plain(statement.note, "italic")]
    line = Content.assemble(*parts)
    return line.stylize("reverse") if cursor else line
