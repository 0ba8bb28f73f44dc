"""Each coder's decision side by side, with what the coders do not share highlighted."""

from __future__ import annotations

from textual.containers import Horizontal
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
    """One column per coder; columns are added or removed only when the number of
    coders changes, so moving between sentences only updates their content."""

    DEFAULT_CSS = """
    CoderColumns { height: auto; }
    CoderColumns > DataView { width: 1fr; height: auto; padding: 0 1; }
    CoderColumns > DataView.-later { border-left: vkey $secondary; }
    """

    @property
    def text(self) -> str:
        return "\n".join(str(column.render()) for column in self.query(DataView))

    def show(
        self,
        coders: tuple[DecisionData, ...],
        comparison: Comparison,
        codebook: CodebookData,
        merged: tuple[StatementData, ...],
        selected: Selection,
        adjudicator: str,
    ) -> None:
        columns = list(self.query(DataView))
        if len(columns) != len(coders):
            self.remove_children()
            columns = [DataView(classes="-later" if n else "") for n in range(len(coders))]
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
            column.show_content(Content("\n").join(lines))

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
