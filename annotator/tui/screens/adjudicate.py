"""The adjudication screen: the sentences where coders disagree, one at a time, each
coder's decision side by side; the adjudicator takes one, merges several or writes a
new decision, stored under their name with the role `adjudicator`.

Saving works as on the annotation screen: thread workers (group "db") post frozen data
back; a decision is committed before the next dispute is shown; a write the database
refuses for now stays pending, is shown as NOT SAVED and is retried, and nothing else
is written meanwhile.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer
from textual.worker import Worker, WorkerState

from annotator.tui import adjudication
from annotator.tui.adjudication import Comparison, compare
from annotator.tui.adjudication_bindings import ADJUDICATION_BINDINGS
from annotator.tui.backend import Move, explain
from annotator.tui.data import CodebookData
from annotator.tui.disputes import CoderConflict, DisputeBackend, DisputeOutcome, DisputeView
from annotator.tui.draft import Draft
from annotator.tui.messages import CodebookLoaded, DisputeShown
from annotator.tui.retry import still_saving, write_failed
from annotator.tui.safe import visible
from annotator.tui.screens.help import CodebookHelp
from annotator.tui.screens.main import SAVING_NOTICE_SECONDS
from annotator.tui.screens.statement_editor import StatementEditor
from annotator.tui.widgets.coder_columns import CoderColumns, Selection
from annotator.tui.widgets.dispute_progress import DisputeProgress
from annotator.tui.widgets.document_header import DocumentHeader
from annotator.tui.widgets.merged_decision import MergedDecision
from annotator.tui.widgets.sentence_context import SentenceContext
from annotator.tui.widgets.status_line import StatusLine
from annotator.tui.writes import Write, WriteKind
from models.decisions import StatementData

if TYPE_CHECKING:
    from annotator.tui.app import AnnotatorApp


class AdjudicationScreen(Screen[None]):
    CSS_PATH = "adjudicate.tcss"
    BINDINGS = ADJUDICATION_BINDINGS  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.codebook: CodebookData | None = None
        self.dispute: DisputeView | None = None
        self.comparison = Comparison(False, ())
        self.left: int | None = None
        self.merged: tuple[StatementData, ...] = ()
        self.cursor = 0
        self.pending: Write | None = None
        self.retry_seconds = 0.5
        self.ticket = 0
        self.quit_armed = False
        self.saving_notice: Timer | None = None
        # One read at a time; moves asked for meanwhile wait for it, so `k k` is two steps.
        self.reading = True
        self.moves: list[Move] = []

    @property
    def tui(self) -> AnnotatorApp:
        return self.app  # type: ignore[return-value]

    @cached_property
    def disputes(self) -> DisputeBackend:
        return DisputeBackend(self.tui.backend)

    def compose(self) -> ComposeResult:
        yield DocumentHeader(id="header")
        context = SentenceContext(id="adj-context-pane")
        context.border_title = "disputed sentence in context"
        yield context
        with VerticalScroll(id="adj-coders-pane") as coders:
            coders.border_title = "coders (≠ differs · ● merged)"
            coders.can_focus = False  # ↑ ↓ select statements here, they do not scroll
            yield CoderColumns(id="adj-coders")
        with VerticalScroll(id="adj-merged-pane") as merged:
            merged.border_title = "adjudicated decision"
            merged.can_focus = False
            yield MergedDecision(id="adj-merged")
        yield DisputeProgress(id="adj-progress")
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(StatusLine).say("loading…", "busy")
        self.ticket += 1
        self._start(self.ticket)

    # ---------------------------------------------------------------- workers

    @work(thread=True, exclusive=True, exit_on_error=False, group="db", name="read")
    def _start(self, ticket: int) -> None:
        disputes = self.disputes
        self.post_message(CodebookLoaded(disputes.codebook()))
        self.post_message(DisputeShown(ticket, disputes.navigate(Move.start)))

    @work(thread=True, exclusive=True, exit_on_error=False, group="db", name="read")
    def _navigate(self, move: Move, sentence_id: str | None, ticket: int) -> None:
        self.post_message(DisputeShown(ticket, self.disputes.navigate(move, sentence_id)))

    @work(thread=True, exclusive=True, exit_on_error=False, group="db", name="write")
    def _run_write(self, write: Write, ticket: int) -> None:
        self.post_message(DisputeShown(ticket, self.disputes.write(write), saved=True))

    @on(Worker.StateChanged)
    def _db_failed(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        reason = str(error) if isinstance(error, CoderConflict) else explain(error)
        if self.saving_notice is not None:
            self.saving_notice.stop()
        status = self.query_one(StatusLine)
        if event.worker.name == "write" and self.pending is not None:
            delay = write_failed(status, self.pending.label, error, reason, self.retry_seconds)
            if delay is None:
                self.pending = None
            else:
                self.retry_seconds = delay
                self.set_timer(delay, self._retry)
            return
        if event.worker.name == "read":
            self.reading = False
            self.moves.clear()
        status.say(f"database error: {reason}", "error")
        self.notify(visible(reason), title="database error", severity="error", markup=False)

    def _retry(self) -> None:
        if self.pending is not None:
            self.ticket += 1
            self._run_write(self.pending, self.ticket)

    # ---------------------------------------------------------------- results

    @on(CodebookLoaded)
    def _codebook_loaded(self, message: CodebookLoaded) -> None:
        self.codebook = message.codebook
        self._refresh()

    @on(DisputeShown)
    def _shown(self, message: DisputeShown) -> None:
        if message.saved:
            self.pending = None
            if self.saving_notice is not None:
                self.saving_notice.stop()
            self.retry_seconds = 0.5
        else:
            self.reading = False
        if message.ticket == self.ticket:
            self._show(message.outcome)
        if self.moves and not self.reading and self.pending is None:
            self._request(self.moves.pop(0))

    def _show(self, outcome: DisputeOutcome) -> None:
        self.left = outcome.left
        status = self.query_one(StatusLine)
        if outcome.saved:
            text = outcome.saved + (f" — {outcome.message}" if outcome.message else "")
            status.say(text, "saved")
        else:
            status.say(outcome.message or "")
        if outcome.dispute is not None:
            self.show_dispute(outcome.dispute)
        elif self.dispute is None:
            self.query_one(DocumentHeader).show(None, self.tui.annotator, None)
            self._refresh()

    def show_dispute(self, dispute: DisputeView) -> None:
        """Draw a disputed sentence; the merged set starts from the saved adjudication."""
        self.dispute = dispute
        saved = dispute.adjudication
        self.merged = saved.statements if saved else ()
        self.cursor = 0
        self.comparison = compare(dispute.coders)
        view = dispute.view
        headline = (
            view.headline.text
            if view.headline
            else (view.text if view.kind == "headline" else None)
        )
        self.query_one(DocumentHeader).show(
            view.document, f"{self.tui.annotator} (adjudicator)", headline
        )
        self.query_one(SentenceContext).show(view)
        self._refresh()

    def _items(self) -> list[Selection]:
        """What the cursor moves over: every coder's statements, then the merged ones."""
        items: list[Selection] = []
        if self.dispute is not None:
            for n, decision in enumerate(self.dispute.coders):
                items += [(n, position) for position in range(len(decision.statements))]
        items += [(None, position) for position in range(len(self.merged))]
        return items

    def _selected(self) -> Selection:
        items = self._items()
        if not items:
            return None
        self.cursor = min(self.cursor, len(items) - 1)
        return items[self.cursor]

    def _selected_statement(self) -> StatementData | None:
        selected = self._selected()
        if selected is None or self.dispute is None:
            return None
        coder, position = selected
        if coder is None:
            return self.merged[position]
        return self.dispute.coders[coder].statements[position]

    def _refresh(self) -> None:
        coders = self.dispute.coders if self.dispute else ()
        self.query_one(DisputeProgress).show(self.left, tuple(d.annotator for d in coders))
        self.refresh_bindings()
        if self.codebook is None:
            return
        selected = self._selected()
        self.query_one(CoderColumns).show(
            coders, self.comparison, self.codebook, self.merged, selected, self.tui.annotator
        )
        merged = self.query_one(MergedDecision)
        if self.dispute is None:
            merged.show_content(Content(""))
        else:
            merged.show(
                self.merged,
                self.dispute.adjudication,
                self.codebook,
                selected[1] if selected and selected[0] is None else None,
            )
        self.call_after_refresh(self._keep_selection_in_sight)

    def _keep_selection_in_sight(self) -> None:
        view = self.query_one(CoderColumns).selected_view()
        if view is not None:
            self.query_one("#adj-coders-pane", VerticalScroll).scroll_to_widget(view, animate=False)

    # ---------------------------------------------------------------- requests

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show only the take keys there are coders for."""
        if action == "take":
            count = len(self.dispute.coders) if self.dispute else 0
            return bool(parameters) and int(str(parameters[0])) <= count
        return True

    def _ready(self) -> bool:
        if still_saving(self, self.pending):
            return False
        return self.dispute is not None and self.codebook is not None

    def _write(self, write: Write) -> None:
        self.pending = write
        self.saving_notice = self.set_timer(
            SAVING_NOTICE_SECONDS, lambda: self._saving_notice(write)
        )
        self.ticket += 1
        self._run_write(write, self.ticket)

    def _saving_notice(self, write: Write) -> None:
        if self.pending is write:
            self.query_one(StatusLine).say(f"saving: {write.label}", "busy")

    def _say(self, text: str) -> None:
        self.query_one(StatusLine).say(text)

    # ---------------------------------------------------------------- actions

    def action_take(self, number: int) -> None:
        if not self._ready() or self.dispute is None:
            return
        if number > len(self.dispute.coders):
            self._say(f"there is no coder {number} on this sentence")
            return
        coder = self.dispute.coders[number - 1]
        self._write(adjudication.take_coder(self.dispute.sentence_id, coder))

    def action_accept(self) -> None:
        if not self._ready() or self.dispute is None:
            return
        saved = self.dispute.adjudication
        if self.merged and (saved is None or saved.statements != self.merged):
            self._write(adjudication.save_merged(self.dispute.sentence_id, self.merged))
        elif saved is not None:
            self.action_move(Move.next_unannotated.value)
        else:
            self._say(
                "nothing to save: take a coder (1–9), merge statements (space), "
                "add one (a) — or n for no claim"
            )

    def action_no_claim(self) -> None:
        if self._ready() and self.dispute is not None:
            self._write(adjudication.no_claim(self.dispute.sentence_id))

    def action_write(self, kind: str) -> None:
        if self.pending is None and self.codebook is not None:
            self._write(Write(WriteKind(kind), kind))
        else:
            self._ready()

    def action_move(self, move: str) -> None:
        if self.pending is not None:
            self._ready()
        elif self.reading:
            self.moves.append(Move(move))
        else:
            self._request(Move(move))

    def _request(self, move: Move) -> None:
        self.reading = True
        self.ticket += 1
        current = self.dispute.sentence_id if self.dispute else None
        self._navigate(move, current, self.ticket)

    def action_select(self, step: int) -> None:
        items = self._items()
        if items:
            self.cursor = (self.cursor + step) % len(items)
            self._refresh()

    def action_merge(self) -> None:
        selected = self._selected()
        statement = self._selected_statement()
        if selected is None or statement is None:
            self._say("no statement to merge: select one with ↑ ↓")
            return
        if selected[0] is None:
            self._drop(selected[1])
            return
        self.merged = adjudication.toggle(self.merged, statement)
        self._refresh()

    def action_delete_statement(self) -> None:
        selected = self._selected()
        if selected is None or selected[0] is not None:
            self._say("select a merged statement (↑ ↓) to drop it")
            return
        self._drop(selected[1])

    def _drop(self, position: int) -> None:
        self.merged = tuple(s for n, s in enumerate(self.merged) if n != position)
        self._refresh()

    def action_clear_form(self) -> None:
        self.merged = ()
        self._refresh()

    def action_add_statement(self) -> None:
        self._edit(Draft(), None, "New statement for the adjudicated decision")

    def action_edit_statement(self) -> None:
        selected = self._selected()
        statement = self._selected_statement()
        if selected is None or statement is None:
            self.action_add_statement()
            return
        coder, position = selected
        if coder is None:
            draft = Draft.from_statement(statement, position)
            self._edit(draft, position, f"Edit merged statement {position + 1}")
            return
        assert self.dispute is not None
        draft = Draft(statement.speaker_id, statement.claim_id, statement.stance_id, statement.note)
        name = self.dispute.coders[coder].annotator
        self._edit(draft, None, f"Correct {name}'s statement into the adjudicated decision")

    def _edit(self, draft: Draft, replacing: int | None, title: str) -> None:
        if self.codebook is None or self.dispute is None:
            return
        speaker = (
            self.merged[-1].speaker_id if self.merged else self.dispute.view.previous_speaker_id
        )

        def done(statement: StatementData | None) -> None:
            if statement is None:
                return
            merged = list(self.merged)
            if replacing is not None and replacing < len(merged):
                merged[replacing] = statement
            elif not adjudication.contains(self.merged, statement):
                merged.append(statement)
            self.merged = tuple(merged)
            self._refresh()

        self.app.push_screen(StatementEditor(self.codebook, draft, title, speaker), done)

    def action_help(self) -> None:
        if self.codebook is not None:
            keys = self.tui.key_table(ADJUDICATION_BINDINGS)
            self.app.push_screen(CodebookHelp(self.codebook, keys))

    def action_quit(self) -> None:
        if self.pending is not None and not self.quit_armed:
            self.quit_armed = True
            self.query_one(StatusLine).say(
                f"NOT SAVED yet ({self.pending.label}); press q again to quit anyway", "error"
            )
            return
        self.app.exit()
