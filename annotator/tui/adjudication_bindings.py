"""The adjudication screen's keys. Where a key means what it means on the annotation
screen it shares that binding's id, so one keymap entry rebinds it on both screens."""

from __future__ import annotations

from textual.binding import Binding

MAX_CODERS_BY_KEY = 9
_TAKE = Binding.Group("Take")
_MOVE = Binding.Group("Move")

ADJUDICATION_BINDINGS = [
    *(
        Binding(str(n), f"take({n})", f"Take coder {n}", id=f"take_coder_{n}", group=_TAKE)
        for n in range(1, MAX_CODERS_BY_KEY + 1)
    ),
    Binding("space", "merge", "Merge", id="merge_statement"),
    Binding("enter", "accept", "Save", id="accept"),
    Binding("n", "no_claim", "No claim", id="no_claim"),
    Binding("u,ctrl+z", "write('undo')", "Undo", id="undo"),
    Binding("j,right", "move('next')", "Next dispute", id="next_sentence", group=_MOVE),
    Binding("k,left", "move('previous')", "Previous dispute", id="previous_sentence", group=_MOVE),
    Binding("question_mark", "help", "Help", id="help"),
    Binding("q", "quit", "Quit", id="quit"),
    Binding("r,ctrl+y", "write('redo')", "Redo", id="redo"),
    Binding("a", "add_statement", "New", id="add_statement"),
    Binding("e", "edit_statement", "Edit", id="edit_statement"),
    Binding("d", "delete_statement", "Drop", id="delete_statement", show=False),
    Binding("escape", "clear_form", "Clear merged", id="clear_form", show=False),
    Binding("up", "select(-1)", "Previous statement", id="select_previous", show=False),
    Binding("down", "select(1)", "Next statement", id="select_next", show=False),
]
