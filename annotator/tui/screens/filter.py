"""Filter the queue by document, source, date range and status, open it to every
document when the annotator has an assignment, and choose which unannotated sentence
comes next (document order, or least sure first). `enter` applies from any field, `ctrl+r`
clears them all."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select

from annotator.tui.queue import Order, QueueFilter, Status
from annotator.tui.safe import plain
from annotator.tui.widgets.status_choice import StatusChoice


class FilterScreen(ModalScreen[QueueFilter | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="filter_cancel"),
        Binding("enter", "apply", "Apply", id="filter_apply"),
        Binding("ctrl+r", "reset", "Clear all fields", id="filter_reset"),
    ]

    def __init__(self, current: QueueFilter, document_id: str | None) -> None:
        super().__init__()
        self.current = current
        self.document_id = document_id

    def compose(self) -> ComposeResult:
        flt = self.current
        # Scrolls on short terminals: at 80x24 not every field fits; focus brings it into view.
        with VerticalScroll(classes="dialog", id="filter-dialog", can_focus=False):
            yield Label("Filter the queue (empty fields: no limit)", classes="dialog-title")
            with Horizontal(classes="field"):
                yield Label("document id")
                yield Input(
                    flt.document_id or "",
                    id="filter-document",
                    placeholder=f"any (this one: {self.document_id})"
                    if self.document_id
                    else "any",
                )
            with Horizontal(classes="field"):
                yield Label("source")
                yield Input(flt.source or "", id="filter-source", placeholder="any")
            with Horizontal(classes="field"):
                yield Label("from date")
                yield Input(str(flt.since or ""), id="filter-since", placeholder="any (YYYY-MM-DD)")
            with Horizontal(classes="field"):
                yield Label("until date")
                yield Input(str(flt.until or ""), id="filter-until", placeholder="any (YYYY-MM-DD)")
            with Horizontal(classes="field"):
                yield Label("status")
                yield StatusChoice(flt.status, id="filter-status")
            with Horizontal(classes="field"):
                yield Label("documents")
                yield Select(
                    [("my assignment (if any)", False), ("all documents", True)],
                    value=flt.everything,
                    allow_blank=False,
                    id="filter-everything",
                )
            with Horizontal(classes="field"):
                yield Label("next")
                yield Select(
                    [
                        ("in document order", Order.document),
                        ("least sure first (model)", Order.uncertain),
                    ],
                    value=flt.order,
                    allow_blank=False,
                    id="filter-order",
                )
            yield Label("", id="filter-error")
            yield Label(
                "tab: next field · ←/→: change status · enter: apply · ctrl+r: clear all · "
                "escape: cancel",
                classes="dialog-hint",
            )

    def action_reset(self) -> None:
        for field in self.query(Input):
            field.value = ""
        self.query_one(StatusChoice).value = Status.all
        self.query_one("#filter-everything", Select).value = False
        self.query_one("#filter-order", Select).value = Order.document
        self.query_one("#filter-error", Label).update("")

    @on(Input.Submitted)
    def action_apply(self) -> None:
        try:
            since = _date(self.query_one("#filter-since", Input).value, "from date")
            until = _date(self.query_one("#filter-until", Input).value, "until date")
        except ValueError as exc:
            self.query_one("#filter-error", Label).update(plain(str(exc), "bold $error"))
            return
        status = self.query_one(StatusChoice).value
        everything = self.query_one("#filter-everything", Select).value
        order = self.query_one("#filter-order", Select).value
        self.dismiss(
            QueueFilter(
                document_id=self.query_one("#filter-document", Input).value.strip() or None,
                source=self.query_one("#filter-source", Input).value.strip() or None,
                since=since,
                until=until,
                status=status,
                everything=everything is True,
                order=order if isinstance(order, Order) else Order.document,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)


def _date(text: str, name: str) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{name}: {text!r} is not a date (YYYY-MM-DD)") from None
