"""The annotation screen's keys. Every binding has an id, so a keymap file can rebind it
(`App.set_keymap`); plain keys stay within `models.codebook.RESERVED_KEYS`.

The order is the footer's: it shows as many as the width allows, so `?` (the help that
lists every key) comes first and the keys of every decision right after it; at 80
columns the footer holds `?` through `r`."""

from __future__ import annotations

from textual.binding import Binding

from annotator.tui.adjudication_bindings import ADJUDICATION_BINDINGS

MAIN_BINDINGS = [
    Binding("question_mark", "help", "Help", id="help"),
    # The keys of a decision act at once (priority), rather than first passing through
    # the focused pane and its parents, none of which takes them: a third of a
    # millisecond of every decision.
    Binding("enter", "accept", "Accept", id="accept", priority=True),
    Binding("a", "add_statement", "Add", id="add_statement", priority=True),
    Binding("n", "no_claim", "No claim", id="no_claim", priority=True),
    Binding("x", "skip", "Skip", id="skip", priority=True),
    # Not in the footer: the form says "tab: next" whenever there is an alternative.
    Binding("tab", "cycle_proposal(1)", "Next suggestion", id="next_proposal", show=False),
    Binding(
        "shift+tab", "cycle_proposal(-1)", "Previous suggestion", id="previous_proposal", show=False
    ),
    Binding("s", "pick_speaker", "Speaker", id="pick_speaker"),
    Binding("p", "same_speaker", "Same speaker", id="same_speaker"),
    Binding("u,ctrl+z", "write('undo')", "Undo", id="undo"),
    Binding("r,ctrl+y", "write('redo')", "Redo", id="redo"),
    Binding("j,right", "move('next')", "Next", id="next_sentence"),
    Binding("k,left", "move('previous')", "Previous", id="previous_sentence"),
    Binding("space", "move('next_unannotated')", "Next to do", id="next_unannotated"),
    Binding("q", "quit", "Quit", id="quit"),
    Binding("e", "edit_statement", "Edit", id="edit_statement"),
    Binding("d", "delete_statement", "Delete", id="delete_statement"),
    Binding("m", "note", "Note", id="note"),
    Binding("g", "goto_document", "Go to document", id="goto_document"),
    Binding("right_square_bracket", "move('next_document')", "Next document", id="next_document"),
    Binding("f", "filter", "Filter", id="filter"),
    Binding("slash", "search", "Search", id="search"),
    Binding("escape", "clear_form", "Clear form", id="clear_form", show=False),
    # Not in the footer: the form says "b: add to the codebook" on a new speaker.
    Binding("b", "add_speaker", "Add a speaker to the codebook", id="add_speaker", show=False),
    Binding("B", "add_claim", "Add a claim type to the codebook", id="add_claim", show=False),
    Binding("up", "select(-1)", "Previous statement", id="select_previous", show=False),
    Binding("down", "select(1)", "Next statement", id="select_next", show=False),
    Binding(
        "left_square_bracket",
        "move('previous_document')",
        "Previous document",
        id="previous_document",
        show=False,
    ),
    Binding("greater_than_sign", "search_move(1)", "Next match", id="search_next", show=False),
    Binding(
        "less_than_sign", "search_move(-1)", "Previous match", id="search_previous", show=False
    ),
]


def binding_ids() -> set[str]:
    """Every id a keymap file may name, on either screen."""
    return {binding.id for binding in (*MAIN_BINDINGS, *ADJUDICATION_BINDINGS) if binding.id}
