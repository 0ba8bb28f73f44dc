"""Pick a speaker by typing part of any name or alias (fuzzy), with each actor's side."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from annotator.tui.data import ActorInfo
from annotator.tui.safe import plain
from annotator.tui.screens.picker import PickerScreen
from annotator.tui.speakers import rank_speakers


class SpeakerPicker(PickerScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="speaker_cancel"),
        Binding("down", "cursor(1)", "Next", id="speaker_down", show=False),
        Binding("up", "cursor(-1)", "Previous", id="speaker_up", show=False),
    ]

    def __init__(self, actors: tuple[ActorInfo, ...], at_hand: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.actors = actors
        self.at_hand = at_hand

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="speaker-dialog"):
            yield Label("Speaker: type part of a name or alias", classes="dialog-title")
            yield Input(placeholder="e.g. tokyo, jap gov, kjh", id="speaker-query")
            yield OptionList(id="speaker-options")
            yield Label("enter: choose · ↑↓: move · escape: cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self._fill("")

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def _fill(self, query: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        for match in rank_speakers(self.actors, query, self.at_hand):
            actor = match.actor
            parts: list[Content | tuple[str, str] | str] = [
                plain(actor.name, "bold"),
                ("  ", ""),
                plain(actor.side_label, "italic"),
            ]
            if match.alias and match.alias != actor.name:
                parts += [("  ← ", "dim"), plain(match.alias, "dim")]
            options.add_option(Option(Content.assemble(*parts), id=actor.id))
        if options.option_count:
            options.highlighted = 0
