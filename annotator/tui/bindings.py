"""The annotation screen's keys. Every binding has an id, so a keymap file can rebind it
(`App.set_keymap`); plain keys stay within `models.codebook.RESERVED_KEYS`."""

from __future__ import annotations

from textual.binding import Binding

MAIN_BINDINGS = [
    Binding("enter", "accept", "Accept+next", id="accept"),
    Binding("a", "add_statement", "Add", id="add_statement"),
    Binding("n", "no_claim", "No claim", id="no_claim"),
    Binding("x", "skip", "Skip", id="skip"),
    # Not in the footer: the form says "tab: next" whenever there is an alternative.
    Binding("tab", "cycle_proposal(1)", "Next suggestion", id="next_proposal", show=False),
    Binding(
        "shift+tab", "cycle_proposal(-1)", "Previous suggestion", id="previous_proposal", show=False
    ),
    Binding("s", "pick_speaker", "Speaker", id="pick_speaker"),
    Binding("p", "same_speaker", "Same speaker", id="same_speaker"),
    Binding("e", "edit_statement", "Edit", id="edit_statement", show=False),
    Binding("d", "delete_statement", "Delete", id="delete_statement", show=False),
    Binding("m", "note", "Note", id="note", show=False),
    Binding("escape", "clear_form", "Clear form", id="clear_form", show=False),
    Binding("up", "select(-1)", "Previous statement", id="select_previous", show=False),
    Binding("down", "select(1)", "Next statement", id="select_next", show=False),
    Binding("u,ctrl+z", "write('undo')", "Undo", id="undo"),
    Binding("r,ctrl+y", "write('redo')", "Redo", id="redo"),
    Binding("j,right", "move('next')", "Next", id="next_sentence"),
    Binding("k,left", "move('previous')", "Previous", id="previous_sentence"),
    Binding("space", "move('next_unannotated')", "Next to do", id="next_unannotated"),
    Binding("right_square_bracket", "move('next_document')", "Next document", id="next_document"),
    Binding(
        "left_square_bracket",
        "move('previous_document')",
        "Previous document",
        id="previous_document",
        show=False,
    ),
    Binding("g", "goto_document", "Go to document", id="goto_document", show=False),
    Binding("slash", "search", "Search", id="search"),
    Binding("greater_than_sign", "search_move(1)", "Next match", id="search_next", show=False),
    Binding(
        "less_than_sign", "search_move(-1)", "Previous match", id="search_previous", show=False
    ),
    Binding("f", "filter", "Filter", id="filter"),
    Binding("question_mark", "help", "Codebook", id="help"),
    Binding("q", "quit", "Quit", id="quit"),
]


def binding_ids() -> set[str]:
    return {binding.id for binding in MAIN_BINDINGS if binding.id}
