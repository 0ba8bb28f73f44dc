"""Add a speaker (`b`) or a claim type (`B`) to the codebook from the annotation screen.

Each dialog is pre-filled (a new speaker the suggester found gives name, id, side, kind
and aliases), checks the entry with the codebook's own validation before it closes (a
clashing id, alias or key is refused there, with the codebook's message), and returns
the entry; the screen stores it as a new codebook version in a thread worker."""

from __future__ import annotations

from typing import ClassVar, get_args

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select

from annotator.suggest.proposal import NewSpeaker
from annotator.tui.data import CodebookData
from annotator.tui.safe import plain
from models.codebook import ActorKind, CodebookError
from models.codebook_additions import Addition, NewActor, NewClaim, extend_codebook, slug

ALIAS_SEPARATOR = ";"


def actor_prefill(codebook: CodebookData, speaker: NewSpeaker | None) -> NewActor:
    """The entry a new speaker suggests: its name, a free id, the guessed side, and as
    aliases the words the sentence names it by and, for a person, the surname when no
    actor has it yet."""
    if speaker is None:
        return NewActor(id="", name="", side="")
    names = {n.casefold() for a in codebook.actors for n in (a.name, *a.aliases)}
    aliases = [speaker.mention] if speaker.mention != speaker.name else []
    surname = speaker.name.split()[-1]
    if (
        speaker.kind == "person"
        and len(speaker.name.split()) > 1
        and surname.casefold() not in names
    ):
        aliases.append(surname)
    return NewActor(
        id=slug(speaker.name, (a.id for a in codebook.actors)),
        name=speaker.name,
        side=speaker.side_id if speaker.side_id in codebook.side_by_id else "",
        kind=speaker.kind,
        aliases=tuple(aliases),
    )


class _EntryDialog(ModalScreen[Addition | None]):
    """What both dialogs share: enter checks and returns the entry, escape cancels, and
    the id follows the name until the annotator edits it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="entry_cancel"),
        Binding("enter", "confirm", "Add", id="entry_confirm"),
    ]
    NAME_FIELD = ""

    def __init__(self, codebook: CodebookData) -> None:
        super().__init__()
        self.codebook = codebook
        self.auto_id = ""

    def _value(self, field: str) -> str:
        return self.query_one(f"#{field}", Input).value.strip()

    def _taken(self) -> list[str]:
        return []

    @on(Input.Changed)
    def _follow_name(self, event: Input.Changed) -> None:
        if event.input.id != self.NAME_FIELD:
            return
        field = self.query_one("#entry-id", Input)
        if field.value in ("", self.auto_id):
            self.auto_id = slug(event.value, self._taken()) if event.value.strip() else ""
            field.value = self.auto_id

    def _entry(self) -> Addition | str:
        raise NotImplementedError

    @on(Input.Submitted)
    def action_confirm(self) -> None:
        entry = self._entry()
        if isinstance(entry, str):
            self._error(entry)
            return
        try:
            extend_codebook(self.codebook.source, entry)
        except CodebookError as exc:
            self._error("; ".join(problem.message for problem in exc.problems))
            return
        self.dismiss(entry)

    def _error(self, message: str) -> None:
        self.query_one("#entry-error", Label).update(plain(message, "bold $error"))

    def action_cancel(self) -> None:
        self.dismiss(None)


def _field(label: str, widget: Input | Select[str]) -> Horizontal:
    return Horizontal(Label(label), widget, classes="field")


class NewActorDialog(_EntryDialog):
    NAME_FIELD = "entry-name"

    def __init__(self, codebook: CodebookData, speaker: NewSpeaker | None) -> None:
        super().__init__(codebook)
        self.speaker = speaker
        self.prefill = actor_prefill(codebook, speaker)
        self.auto_id = self.prefill.id

    def _taken(self) -> list[str]:
        return [a.id for a in self.codebook.actors]

    def compose(self) -> ComposeResult:
        entry = self.prefill
        sides = [(side.label, side.id) for side in self.codebook.sides]
        kinds = [(kind, kind) for kind in get_args(ActorKind)]
        with VerticalScroll(classes="dialog", id="entry-dialog", can_focus=False):
            yield Label(
                "Add a speaker to the codebook (stored as a new codebook version)",
                classes="dialog-title",
            )
            yield _field(
                "name", Input(entry.name, id="entry-name", placeholder="as news text names it")
            )
            yield _field("id", Input(entry.id, id="entry-id", placeholder="lowercase a-z 0-9 _ -"))
            yield _field(
                "side",
                Select(
                    sides,
                    value=entry.side or Select.NULL,
                    id="entry-side",
                    prompt="choose a side",
                    compact=True,
                ),
            )
            yield _field(
                "kind",
                Select(kinds, value=entry.kind, allow_blank=False, id="entry-kind", compact=True),
            )
            yield _field(
                "aliases",
                Input(
                    f"{ALIAS_SEPARATOR} ".join(entry.aliases),
                    id="entry-aliases",
                    placeholder=f"other names, separated by {ALIAS_SEPARATOR}",
                ),
            )
            if self.speaker is not None:
                guess = (
                    f"; side guessed from {self.speaker.side_cue!r}"
                    if entry.side and self.speaker.side_cue
                    else "; no side guessed"
                )
                yield Label(
                    plain(
                        f"suggested from the sentence: {self.speaker.mention!r}{guess}", "italic"
                    ),
                    id="entry-origin",
                )
            yield Label("", id="entry-error")
            yield Label("tab: next field · enter: add · escape: cancel", classes="dialog-hint")

    def _entry(self) -> Addition | str:
        name = self._value("entry-name")
        side = self.query_one("#entry-side", Select).value
        if not name:
            return "a speaker needs a name"
        if not isinstance(side, str):
            return "choose a side (tab to it, enter to open the list)"
        kind = self.query_one("#entry-kind", Select).value
        aliases = [
            a.strip() for a in self.query_one("#entry-aliases", Input).value.split(ALIAS_SEPARATOR)
        ]
        return NewActor(
            id=self._value("entry-id"),
            name=name,
            side=side,
            kind=kind if isinstance(kind, str) else "person",
            aliases=tuple(dict.fromkeys(a for a in aliases if a and a != name)),
        )


class NewClaimDialog(_EntryDialog):
    NAME_FIELD = "entry-label"

    def _taken(self) -> list[str]:
        return [c.id for c in self.codebook.claims]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="entry-dialog", can_focus=False):
            yield Label(
                "Add a claim type to the codebook (stored as a new codebook version)",
                classes="dialog-title",
            )
            yield _field(
                "label", Input(id="entry-label", placeholder="the proposition, as coders read it")
            )
            yield _field("id", Input(id="entry-id", placeholder="lowercase a-z 0-9 _ -"))
            yield _field(
                "key",
                Input(
                    id="entry-key", max_length=1, placeholder="one character, free in the codebook"
                ),
            )
            yield _field(
                "definition", Input(id="entry-definition", placeholder="the label, if left empty")
            )
            yield Label("", id="entry-error")
            yield Label("tab: next field · enter: add · escape: cancel", classes="dialog-hint")

    def _entry(self) -> Addition | str:
        label = self._value("entry-label")
        if not label:
            return "a claim type needs a label"
        return NewClaim(
            id=self._value("entry-id"),
            label=label,
            key=self.query_one("#entry-key", Input).value or None,
            definition=self._value("entry-definition"),
        )
