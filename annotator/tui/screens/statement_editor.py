"""Compose one statement with the annotation screen's form, codebook keys and speaker
picker; returns it, or None when cancelled. The adjudication screen uses it to write a
statement of its own or to correct a coder's."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label

from annotator.tui.data import CodebookData
from annotator.tui.draft import Draft
from annotator.tui.safe import plain
from annotator.tui.screens.prompt import TextPrompt
from annotator.tui.screens.speaker import SpeakerPicker
from annotator.tui.widgets.key_legend import KeyLegend
from annotator.tui.widgets.statement_form import StatementForm
from models.decisions import StatementData


class StatementEditor(ModalScreen[StatementData | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "confirm", "Take", id="editor_confirm"),
        Binding("s", "pick_speaker", "Speaker", id="editor_speaker"),
        Binding("p", "same_speaker", "Same speaker", id="editor_same_speaker"),
        Binding("m", "note", "Note", id="editor_note"),
        Binding("escape", "cancel", "Cancel", id="editor_cancel"),
    ]

    def __init__(
        self, codebook: CodebookData, draft: Draft, title: str, previous_speaker: str | None
    ) -> None:
        super().__init__()
        self.codebook = codebook
        self.draft = draft
        self.title_text = title
        self.previous_speaker = previous_speaker

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="editor-dialog"):
            yield Label(plain(self.title_text), classes="dialog-title")
            with Horizontal(id="editor-body"):
                yield StatementForm(id="editor-form")
                with VerticalScroll(id="editor-legend"):
                    yield KeyLegend()
            yield Label(
                "claim and stance keys · s speaker · p same speaker · m note · ⏎ take · esc cancel",
                classes="dialog-hint",
                markup=False,
            )

    def on_mount(self) -> None:
        self._refresh()

    def _refresh(self) -> None:
        self.query_one(StatementForm).show(self.draft, self.codebook, 0)
        self.query_one(KeyLegend).show(self.codebook, self.draft.claim_id, self.draft.stance_id)

    def _set(self, draft: Draft) -> None:
        self.draft = draft
        self._refresh()

    def on_key(self, event: events.Key) -> None:
        """Claim and stance hotkeys come from the codebook, as on the annotation screen."""
        if event.character is None:
            return
        claim = self.codebook.claim_by_key.get(event.character)
        stance = self.codebook.stance_by_key.get(event.character)
        if claim is None and stance is None:
            return
        event.stop()
        event.prevent_default()
        if claim is not None:
            self._set(self.draft.with_(claim_id=claim.id))
        elif stance is not None:
            self._set(self.draft.with_(stance_id=stance.id))

    def action_pick_speaker(self) -> None:
        def chosen(actor_id: str | None) -> None:
            if actor_id:
                self._set(self.draft.with_(speaker_id=actor_id))

        self.app.push_screen(SpeakerPicker(self.codebook.actors), chosen)

    def action_same_speaker(self) -> None:
        if self.previous_speaker:
            self._set(self.draft.with_(speaker_id=self.previous_speaker))
        else:
            self.notify("no previous statement to take the speaker from", markup=False)

    def action_note(self) -> None:
        def noted(note: str | None) -> None:
            if note is not None:
                self._set(self.draft.with_(note=note or None))

        self.app.push_screen(TextPrompt("Note on this statement", self.draft.note or ""), noted)

    def action_confirm(self) -> None:
        missing = self.draft.missing
        if missing:
            self.notify("choose a " + ", ".join(missing), severity="warning", markup=False)
            return
        self.dismiss(self.draft.statement())

    def action_cancel(self) -> None:
        self.dismiss(None)
