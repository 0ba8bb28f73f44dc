"""The codebook at a glance (`?`): coding rules, claim definitions and examples,
stances, sides and speakers, and every key the annotation screen answers to."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from annotator.tui.data import CodebookData
from annotator.tui.safe import plain


class CodebookHelp(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="help_close"),
    ]

    def __init__(self, codebook: CodebookData, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.codebook = codebook
        self.keys = keys

    def compose(self) -> ComposeResult:
        book = self.codebook
        with VerticalScroll(classes="dialog", id="help-dialog"):
            yield Label(
                Content.assemble(plain(book.name, "bold"), " ", plain(book.version, "dim")),
                classes="dialog-title",
            )
            if book.rules:
                yield Static(self._rules(), id="help-rules")
            yield Static(self._claims(), id="help-claims")
            yield Static(self._stances(), id="help-stances")
            yield Static(self._speakers(), id="help-speakers")
            yield Static(self._keys(), id="help-keys")
            yield Label("escape, q or ?: close · ↑↓ PgUp PgDn: scroll", classes="dialog-hint")

    def _rules(self) -> Content:
        lines = [Content.styled("Coding rules", "bold underline")]
        for rule, examples in self.codebook.rules:
            lines.append(Content.assemble("  • ", plain(rule)))
            for example in examples:
                lines.append(Content.assemble(("    e.g. ", "dim"), plain(example, "italic")))
        return Content("\n").join(lines)

    def _claims(self) -> Content:
        lines = [Content.styled("Claim types", "bold underline")]
        for claim in self.codebook.claims:
            lines.append(
                Content.assemble(
                    (f"[{claim.key}] " if claim.key else "    ", "bold $accent"),
                    plain(claim.label, "bold"),
                    (f"  {claim.id}", "dim"),
                )
            )
            lines.append(Content.assemble("    ", plain(claim.definition)))
            for example in claim.examples:
                lines.append(Content.assemble(("    e.g. ", "dim"), plain(example, "italic")))
        return Content("\n").join(lines)

    def _stances(self) -> Content:
        lines = [Content.styled("Stances", "bold underline")]
        for stance in self.codebook.stances:
            lines.append(
                Content.assemble(
                    (f"[{stance.key}] " if stance.key else "    ", "bold $accent"),
                    plain(stance.label, "bold"),
                    f"  score {stance.score:+g}  ",
                    plain(stance.definition),
                )
            )
        return Content("\n").join(lines)

    def _speakers(self) -> Content:
        lines = [Content.styled("Sides and speakers", "bold underline")]
        for side in self.codebook.sides:
            lines.append(Content.assemble(plain(side.label, "bold"), "  ", plain(side.description)))
            for actor in self.codebook.actors:
                if actor.side_id == side.id:
                    aliases = ", ".join(actor.aliases)
                    lines.append(
                        Content.assemble(
                            "    ", plain(actor.name), ("  ", ""), plain(aliases, "dim")
                        )
                    )
        return Content("\n").join(lines)

    def _keys(self) -> Content:
        lines = [Content.styled("Keys", "bold underline")]
        width = max((len(keys) for keys, _ in self.keys), default=0)
        for keys, description in self.keys:
            lines.append(Content.assemble((keys.ljust(width + 2), "bold $accent"), description))
        return Content("\n").join(lines)

    def action_close(self) -> None:
        self.dismiss(None)
