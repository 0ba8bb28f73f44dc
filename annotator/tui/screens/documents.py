"""Jump to a document by typing part of its title, source or id (one page of results)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from annotator.tui.messages import DocumentsFound
from annotator.tui.safe import plain
from annotator.tui.screens.picker import PickerScreen

if TYPE_CHECKING:
    from annotator.tui.screens.main import MainScreen


class DocumentPicker(PickerScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="documents_cancel"),
        Binding("down", "cursor(1)", "Next", id="documents_down", show=False),
        Binding("up", "cursor(-1)", "Previous", id="documents_up", show=False),
    ]

    def __init__(self, owner: MainScreen) -> None:
        super().__init__()
        self.owner = owner

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="documents-dialog"):
            yield Label(
                "Go to document: type part of its title, source or id", classes="dialog-title"
            )
            yield Input(placeholder="e.g. kyodo, asset seizure", id="documents-query")
            yield OptionList(id="documents-options")
            yield Label("enter: go · ↑↓: move · escape: cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.owner.find_documents("", self)

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self.owner.find_documents(event.value.strip(), self)

    @on(DocumentsFound)
    def _found(self, message: DocumentsFound) -> None:
        if message.query != self.query_one(Input).value.strip():
            return
        options = self.query_one(OptionList)
        options.clear_options()
        for document in message.documents:
            options.add_option(
                Option(
                    Content.assemble(
                        (str(document.date or "undated"), "dim"),
                        "  ",
                        plain(document.source or "", "italic"),
                        "  ",
                        plain(document.title or "(untitled)", "bold"),
                        ("  " + document.id, "dim"),
                    ),
                    id=document.id,
                )
            )
        if options.option_count:
            options.highlighted = 0
