"""What every type-to-filter picker shares: move through the options, take one, cancel."""

from __future__ import annotations

from textual import on
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList


class PickerScreen(ModalScreen[str | None]):
    """A modal with an Input and an OptionList; dismisses with the chosen option's id."""

    def action_cursor(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = (current + step) % options.option_count

    @on(Input.Submitted)
    def _submitted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
