"""The annotation screen: one sentence at a time, every change saved before moving on.

Database work happens only in thread workers (group "db") that post frozen data back;
`_db_failed` is the one place worker errors land. A write that fails stays pending, is
shown as not saved, and is retried until it succeeds; nothing else can be written while
it waits, so no change is ever dropped or reordered.

While the coder reads a sentence, the one "next to do" from it is read ahead (worker
group "ahead", `Backend.read_ahead`), so the decision on it then reads only what the
decision changed before the next sentence is drawn.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from annotator.suggest.training import RETRAIN_EVERY, maybe_retrain
from annotator.tui.backend import Move, Navigation, explain
from annotator.tui.bindings import MAIN_BINDINGS
from annotator.tui.data import CodebookData, Outcome, QueueStats, SentenceView
from annotator.tui.draft import Draft
from annotator.tui.messages import (
    CodebookChanged,
    CodebookLoaded,
    DocumentsFound,
    Saved,
    Shown,
    StatsLoaded,
)
from annotator.tui.queue import Order, QueueFilter
from annotator.tui.retry import still_saving, write_failed
from annotator.tui.safe import visible
from annotator.tui.widgets.document_header import DocumentHeader
from annotator.tui.widgets.key_footer import KeyFooter
from annotator.tui.widgets.key_legend import KeyLegend
from annotator.tui.widgets.progress_line import ProgressLine
from annotator.tui.widgets.sentence_context import Marks, SentenceContext
from annotator.tui.widgets.statement_form import StatementForm
from annotator.tui.widgets.statement_list import StatementList
from annotator.tui.widgets.status_line import StatusLine
from annotator.tui.writes import (
    Seen,
    Write,
    WriteKind,
    delete_statement,
    note_statement,
    save_draft,
)
from models.codebook_additions import Addition, NewActor
from models.tables import DecisionKind

if TYPE_CHECKING:
    from annotator.tui.app import AnnotatorApp

SAVING_NOTICE_SECONDS = 0.2
# Reading ahead starts this long after a sentence is shown: after its frame is drawn,
# and long before any coder has read it (a move asked for sooner reads as usual).
READ_AHEAD_SECONDS = 0.02
WAITING_NOTICE_SECONDS = 1.5


class MainScreen(Screen[None]):
    BINDINGS = MAIN_BINDINGS  # type: ignore[assignment]

    def __init__(self, flt: QueueFilter | None = None) -> None:
        super().__init__()
        self.codebook: CodebookData | None = None
        self.view: SentenceView | None = None
        self.stats: QueueStats | None = None
        self.stats_requested = False
        self.draft = Draft()
        self.adding = False  # `a` saved a statement: pre-fill the next proposal
        self.selected = 0
        self.flt = flt or QueueFilter()
        self.pending: Write | None = None
        self.retry_seconds = 0.5
        self.ticket = 0
        self.search_text = ""
        self.last_speaker: str | None = None
        self.quit_armed = False
        self.saving_notice: Timer | None = None
        self.ahead_timer: Timer | None = None
        # Saves until the model is next asked whether to retrain: the first save, then
        # every RETRAIN_EVERY (maybe_retrain counts every coder's changes in the database;
        # asking after each save cost a thread and two queries per decision).
        self.saves_to_retrain = 1
        self.trained_once = False

    @property
    def tui(self) -> AnnotatorApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield DocumentHeader(id="header")
        with Horizontal(id="body"):
            with Vertical(id="work"):
                context = SentenceContext(id="context-pane")
                context.border_title = "sentence in context"
                yield context
                statements = StatementList(id="statements")
                statements.border_title = "statements saved"
                yield statements
                form = StatementForm(id="form")
                form.border_title = "form"
                yield form
            with VerticalScroll(id="legend-pane") as legend:
                legend.border_title = "codebook keys (? for help)"
                yield KeyLegend(id="legend")
        yield ProgressLine(id="progress")
        yield StatusLine(id="status")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one(StatusLine).say("loading…", "busy")
        self.ticket += 1
        self._start(self.ticket)

    # ---------------------------------------------------------------- workers

    @work(thread=True, exclusive=True, exit_on_error=False, group="db", name="read")
    def _start(self, ticket: int) -> None:
        backend = self.tui.backend
        self.post_message(CodebookLoaded(backend.codebook()))
        self.post_message(Shown(ticket, backend.navigate(Navigation(Move.start, self.flt))))

    @work(thread=True, exclusive=True, exit_on_error=False, group="stats", name="stats")
    def _load_stats(self) -> None:
        self.post_message(StatsLoaded(self.tui.backend.stats()))

    @work(thread=True, exclusive=True, exit_on_error=False, group="db", name="read")
    def _navigate(self, nav: Navigation, ticket: int) -> None:
        self.post_message(Shown(ticket, self.tui.backend.navigate(nav)))

    @work(thread=True, exclusive=True, exit_on_error=False, group="ahead", name="ahead")
    def _read_ahead(self, sentence_id: str, flt: QueueFilter) -> None:
        self.tui.backend.read_ahead(sentence_id, flt)

    @work(thread=True, exclusive=True, exit_on_error=False, group="db", name="write")
    def _run_write(self, write: Write, flt: QueueFilter, ticket: int) -> None:
        self.post_message(Saved(ticket, self.tui.backend.write(write, flt)))

    @work(thread=True, exclusive=True, exit_on_error=False, group="codebook", name="codebook")
    def _store_addition(self, addition: Addition) -> None:
        self.post_message(CodebookChanged(addition, self.tui.backend.add_to_codebook(addition)))

    @work(thread=True, exclusive=True, exit_on_error=False, group="train", name="train")
    def _retrain(self) -> None:
        """Retrain the suggestion model once enough decisions changed since the last one
        (the model fills only the fields where it beats the rules), and rank the queue
        again for "least sure first"; off the event loop and apart from the writes."""
        backend = self.tui.backend
        if maybe_retrain(backend.engine) is not None and self.flt.order is Order.uncertain:
            backend.rerank(self.flt)
        if not self.trained_once:
            self.trained_once = True
            self.tui.keep_loaded()  # the model's modules, loaded by the first training

    @work(thread=True, exclusive=True, exit_on_error=False, group="picker", name="documents")
    def find_documents(self, query: str, reply_to: Widget) -> None:
        reply_to.post_message(DocumentsFound(query, self.tui.backend.find_documents(query)))

    @on(Worker.StateChanged)
    def _db_failed(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR:
            return
        if event.worker.name == "ahead":
            return  # reading ahead only spares the next move a read, which reports its own
        reason = explain(event.worker.error)
        if event.worker.name == "train":
            self.notify(
                visible(f"suggestion model not retrained: {reason}"),
                severity="warning",
                markup=False,
            )
            return
        if self.saving_notice is not None:
            self.saving_notice.stop()
        status = self.query_one(StatusLine)
        if event.worker.name == "write" and self.pending is not None:
            delay = write_failed(
                status, self.pending.label, event.worker.error, reason, self.retry_seconds
            )
            if delay is None:
                self.pending = None
            else:
                self.retry_seconds = delay
                self.set_timer(delay, self._retry)
            return
        status.say(f"database error: {reason}", "error")
        self.notify(visible(reason), title="database error", severity="error", markup=False)

    def _retry(self) -> None:
        if self.pending is not None:
            self.ticket += 1
            self._run_write(self.pending, self.flt, self.ticket)

    # ---------------------------------------------------------------- results

    @on(CodebookLoaded)
    def _codebook_loaded(self, message: CodebookLoaded) -> None:
        self.codebook = message.codebook
        self._refresh_form()

    @on(CodebookChanged)
    def _codebook_changed(self, message: CodebookChanged) -> None:
        """The new codebook is in force: the proposal of the new speaker now names the
        actor, and the form holds it (or the new claim type)."""
        change, status = message.change, self.query_one(StatusLine)
        if change.codebook is None or change.added_id is None:
            status.say(change.message, "error")
            self.notify(visible(change.message), severity="error", markup=False)
            return
        self.codebook = change.codebook
        if isinstance(message.addition, NewActor):
            self._resolve_new_speaker(change.added_id)
        else:
            self.draft = self.draft.with_(claim_id=change.added_id)
        self._refresh_form()
        status.say(change.message, "saved")

    def _resolve_new_speaker(self, actor_id: str) -> None:
        proposal = self.draft.proposal
        new = proposal.new_speaker if proposal is not None else None
        if self.view is None or new is None or self.draft.speaker_id is not None:
            self.draft = self.draft.with_(speaker_id=actor_id)
            return
        proposals = tuple(
            replace(p, speaker_id=actor_id, new_speaker=None)
            if p.new_speaker is not None and p.new_speaker.name == new.name
            else p
            for p in self.view.proposals
        )
        self.view = replace(self.view, proposals=proposals)
        resolved = proposals[self.draft.choice]
        self.draft = replace(self.draft, speaker_id=actor_id, proposal=resolved)

    @on(StatsLoaded)
    def _stats_loaded(self, message: StatsLoaded) -> None:
        self.stats = message.stats
        self._refresh_progress()

    @on(Shown)
    def _shown(self, message: Shown) -> None:
        if message.ticket == self.ticket:
            self._show(message.outcome)
        if not self.stats_requested:
            # The queue's totals count the whole corpus (a tenth of a second of a core at
            # a million sentences): asked for once the first sentence is on its way, so
            # its reads do not wait behind them.
            self.stats_requested = True
            self._load_stats()

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        self.pending = None
        if self.saving_notice is not None:
            self.saving_notice.stop()
        self.retry_seconds = 0.5
        outcome = message.outcome
        if outcome.conflict:
            self._refused(outcome)
            return
        if self.stats is not None and (outcome.done_delta or outcome.today_delta):
            s = self.stats
            self.stats = replace(
                s,
                done=s.done + outcome.done_delta,
                today=s.today + outcome.today_delta,
                first_today=s.first_today
                or (dt.datetime.now(dt.UTC) if outcome.today_delta > 0 else None),
            )
        if message.ticket == self.ticket:
            self._show(outcome)
        self.saves_to_retrain -= 1
        if self.saves_to_retrain <= 0:
            self.saves_to_retrain = RETRAIN_EVERY
            self._retrain()

    def _refused(self, outcome: Outcome) -> None:
        """Changed elsewhere: show the sentence as it is now; the statement being saved
        stays in the form (added anew, as what it edited may be gone)."""
        draft = self.draft
        self._show(outcome)
        if not draft.empty:
            self._set_draft(draft.with_(editing=None))
        self.query_one(StatusLine).say(outcome.message or "", "error")

    def _show(self, outcome: Outcome) -> None:
        status = self.query_one(StatusLine)
        if outcome.saved:
            status.say(
                outcome.saved + (f" — {outcome.message}" if outcome.message else ""), "saved"
            )
        elif outcome.message:
            status.say(outcome.message)
        else:
            status.say("")
        if outcome.view is not None:
            self.show_view(outcome.view)
        else:
            if self.view is None:
                self.query_one(DocumentHeader).show(None, self.tui.annotator, None)
            self._refresh_progress()

    def show_view(self, view: SentenceView) -> None:
        """Draw a sentence; the form starts from the best suggestion when undecided."""
        if self.view is None:
            self.tui.keep_loaded()  # the codebook and suggestion model the first one loaded
        kept_place = self.view is not None and self.view.sentence_id == view.sentence_id
        self.view = view
        if not kept_place:
            self.selected = 0
        self.selected = min(self.selected, max(len(view.statements) - 1, 0))
        undecided = view.decision is None
        if kept_place and self.adding and view.decision is not None:
            # After `a`, the form holds the next proposal that is not saved yet.
            self.draft = Draft.next_unsaved(view.proposals, view.decision.statements)
        else:
            self.draft = Draft.from_proposal(
                view.proposals[0] if undecided and view.proposals else None
            )
        self.adding = False
        headline = (
            view.headline.text
            if view.headline
            else (view.text if view.kind == "headline" else None)
        )
        self.query_one(DocumentHeader).show(view.document, self.tui.annotator, headline)
        self.query_one(SentenceContext).show(view, self._marks())
        self._refresh_form()
        self._refresh_progress()
        # Once drawn, the sentence the coder goes on to is read while they read this one.
        self._cancel_read_ahead()
        self.ahead_timer = self.set_timer(
            READ_AHEAD_SECONDS, lambda: self._read_ahead(view.sentence_id, self.flt)
        )

    def _cancel_read_ahead(self) -> None:
        """A move asked for before reading ahead began reads as usual, undisturbed."""
        if self.ahead_timer is not None:
            self.ahead_timer.stop()
            self.ahead_timer = None

    def _refresh_form(self) -> None:
        if self.codebook is None:
            return
        alternatives = max(len(self.view.proposals) - 1, 0) if self.view else 0
        self.query_one(StatementList).show(self.view, self.codebook, self.selected)
        self.query_one(StatementForm).show(self.draft, self.codebook, alternatives)
        self.query_one(SentenceContext).mark(self._marks())
        self.query_one(KeyLegend).show(self.codebook, self.draft.claim_id, self.draft.stance_id)

    def _marks(self) -> Marks:
        """What the sentence underlines: the words that made the suggestion in the form."""
        proposal = self.draft.proposal
        return proposal.spans if proposal is not None and self.draft.is_suggestion else ()

    def _refresh_progress(self) -> None:
        self.query_one(ProgressLine).show(self.view, self.stats, self.flt.describe())

    # ---------------------------------------------------------------- requests

    def _ready(self) -> bool:
        if still_saving(self, self.pending):
            return False
        return self.view is not None and self.codebook is not None

    def _write(self, write: Write) -> None:
        if self.view is not None and write.sentence_id == self.view.sentence_id:
            write = replace(write, seen=Seen(self.view.version))
        self._cancel_read_ahead()
        self.pending = write
        # Only a slow save is worth a repaint; a quick one goes straight to "saved".
        self.saving_notice = self.set_timer(
            SAVING_NOTICE_SECONDS, lambda: self._saving_notice(write)
        )
        self.ticket += 1
        self._run_write(write, self.flt, self.ticket)

    def _saving_notice(self, write: Write) -> None:
        if self.pending is write:
            self.query_one(StatusLine).say(f"saving: {write.label}", "busy")
            self.saving_notice = self.set_timer(
                WAITING_NOTICE_SECONDS, lambda: self._waiting_notice(write)
            )

    def _waiting_notice(self, write: Write) -> None:
        if self.pending is write:
            self.query_one(StatusLine).say(
                f"saving: {write.label} — waiting for the database (locked by another "
                "program?); kept and retried if the wait runs out",
                "busy",
            )

    def request(self, move: Move, **fields: str) -> None:
        if still_saving(self, self.pending):
            return
        self._cancel_read_ahead()
        self.ticket += 1
        current = self.view.sentence_id if self.view else None
        self._navigate(Navigation(move, self.flt, current, **fields), self.ticket)

    def on_key(self, event: events.Key) -> None:
        """Claim and stance hotkeys come from the codebook, so they are not bindings."""
        if self.codebook is None or self.view is None or event.character is None:
            return
        claim = self.codebook.claim_by_key.get(event.character)
        stance = self.codebook.stance_by_key.get(event.character)
        if claim is None and stance is None:
            return
        event.stop()
        event.prevent_default()
        if claim is not None:
            self.draft = self.draft.with_(claim_id=claim.id)
        elif stance is not None:
            self.draft = self.draft.with_(stance_id=stance.id)
        self._refresh_form()

    # ---------------------------------------------------------------- actions

    def action_accept(self) -> None:
        if not self._ready() or self.view is None:
            return
        if not self.draft.empty:
            self._save_draft(advance=True)
        elif self.draft.suggests_no_claim:
            self._decide(DecisionKind.no_claim, "no claim (suggested)", advance=True)
        elif self.view.decision is not None:
            self.request(Move.next_unannotated)
        else:
            self.query_one(StatusLine).say(
                "nothing to save: choose speaker (s, p), claim and stance — or n for no claim"
            )

    def action_add_statement(self) -> None:
        if self._ready():
            adding = self.draft.editing is None
            self.adding = self._save_draft(advance=False) and adding

    def action_cycle_proposal(self, step: int) -> None:
        """Put the next (or previous) proposal of this sentence in the form."""
        if self.view is None or not self.view.proposals:
            return
        proposals = self.view.proposals
        choice = (self.draft.choice + step) % len(proposals) if self.draft.proposal else 0
        self._set_draft(Draft.from_proposal(proposals[choice], choice))

    def action_no_claim(self) -> None:
        if self._ready():
            self._decide(DecisionKind.no_claim, "no claim", advance=True)

    def action_skip(self) -> None:
        if self._ready():
            self._decide(DecisionKind.skip, "skipped", advance=True)

    def _decide(self, kind: DecisionKind, label: str, *, advance: bool) -> None:
        assert self.view is not None
        self._write(Write(WriteKind.decide, label, self.view.sentence_id, kind, (), advance))

    def _save_draft(self, *, advance: bool) -> bool:
        assert self.view is not None
        missing = self.draft.missing
        if missing == ["speaker"] and self.draft.new_speaker is not None:
            # The suggested speaker is not in the codebook yet: add it first.
            self.action_add_speaker()
            return False
        if missing and advance and self.draft.is_suggestion:
            # An untouched, incomplete suggestion: enter takes the first complete
            # alternative ("no claim" or a whole statement) rather than refusing.
            fallback = self._complete_alternative()
            if fallback is not None and fallback.proposal and fallback.proposal.no_claim:
                self._decide(DecisionKind.no_claim, "no claim (next suggestion)", advance=True)
                return True
            if fallback is not None:
                self.draft = fallback
                missing = []
        if missing:
            self.query_one(StatusLine).say("not saved: choose a " + ", ".join(missing))
            return False
        self.last_speaker = self.draft.speaker_id
        self._write(
            save_draft(self.view.sentence_id, self.view.decision, self.draft, advance=advance)
        )
        return True

    def _complete_alternative(self) -> Draft | None:
        """The first proposal after the one in the form that enter could save as it is."""
        assert self.view is not None
        proposals = self.view.proposals
        for offset in range(1, len(proposals)):
            choice = (self.draft.choice + offset) % len(proposals)
            candidate = Draft.from_proposal(proposals[choice], choice)
            if candidate.complete or candidate.suggests_no_claim:
                return candidate
        return None

    # The dialogs below are imported when first opened: the screen's start (launch to
    # the first sentence) does not load them, nor the speaker picker's fuzzy matcher.

    def action_add_speaker(self) -> None:
        if self._ready() and self.codebook is not None:
            from annotator.tui.screens.codebook_entry import NewActorDialog

            dialog = NewActorDialog(self.codebook, self.draft.new_speaker)
            self.app.push_screen(dialog, self._add_to_codebook)

    def action_add_claim(self) -> None:
        if self._ready() and self.codebook is not None:
            from annotator.tui.screens.codebook_entry import NewClaimDialog

            self.app.push_screen(NewClaimDialog(self.codebook), self._add_to_codebook)

    def _add_to_codebook(self, addition: Addition | None) -> None:
        if addition is not None:
            self.query_one(StatusLine).say(f"adding {addition.id} to the codebook…", "busy")
            self._store_addition(addition)

    def action_write(self, kind: str) -> None:
        if self.pending is None and self.codebook is not None:
            self._write(Write(WriteKind(kind), kind))
        else:
            self._ready()

    def action_move(self, move: str) -> None:
        self.request(Move(move))

    def action_search_move(self, direction: int) -> None:
        if not self.search_text:
            self.action_search()
            return
        move = Move.search_next if direction > 0 else Move.search_previous
        self.request(move, text=self.search_text)

    def action_pick_speaker(self) -> None:
        if self.codebook is None:
            return
        from annotator.tui.screens.speaker import SpeakerPicker

        def chosen(actor_id: str | None) -> None:
            if actor_id:
                self._set_draft(self.draft.with_(speaker_id=actor_id))

        self.app.push_screen(SpeakerPicker(self.codebook.actors, self._speakers_at_hand()), chosen)

    def _speakers_at_hand(self) -> tuple[str, ...]:
        """Suggested for this sentence, coded on it, and the last speaker used here."""
        if self.view is None:
            return ()
        found = [p.speaker_id for p in self.view.proposals]
        found += [s.speaker_id for s in self.view.statements]
        found += [self.last_speaker, self.view.previous_speaker_id]
        return tuple(dict.fromkeys(s for s in found if s))

    def action_same_speaker(self) -> None:
        speaker = (self.view.previous_speaker_id if self.view else None) or self.last_speaker
        if speaker is None:
            self.query_one(StatusLine).say("no previous statement to take the speaker from")
            return
        self._set_draft(self.draft.with_(speaker_id=speaker))

    def _set_draft(self, draft: Draft) -> None:
        self.draft = draft
        self._refresh_form()

    def action_clear_form(self) -> None:
        self._set_draft(Draft())

    def action_select(self, step: int) -> None:
        count = len(self.view.statements) if self.view else 0
        if count:
            self.selected = (self.selected + step) % count
            self._refresh_form()

    def action_edit_statement(self) -> None:
        if self.view and self.view.statements:
            statement = self.view.statements[self.selected]
            self._set_draft(Draft.from_statement(statement, self.selected))

    def action_delete_statement(self) -> None:
        if not self._ready() or self.view is None or not self.view.statements:
            return
        assert self.view.decision is not None
        self._write(delete_statement(self.view.sentence_id, self.view.decision, self.selected))

    def action_note(self) -> None:
        if self.view is None:
            return
        from annotator.tui.screens.prompt import TextPrompt

        if not self.draft.empty:
            self.app.push_screen(
                TextPrompt("Note on the statement being composed", self.draft.note or ""),
                lambda note: (
                    self._set_draft(self.draft.with_(note=note or None))
                    if note is not None
                    else None
                ),
            )
            return
        if not self.view.statements:
            self.query_one(StatusLine).say("no statement to note: compose or select one first")
            return
        position = self.selected

        def noted(note: str | None) -> None:
            if note is None or not self._ready() or self.view is None or not self.view.decision:
                return
            self._write(note_statement(self.view.sentence_id, self.view.decision, position, note))

        current = self.view.statements[position].note or ""
        self.app.push_screen(TextPrompt(f"Note on statement {position + 1}", current), noted)

    def action_search(self) -> None:
        from annotator.tui.screens.prompt import TextPrompt

        def searched(text: str | None) -> None:
            if text:
                self.search_text = text
                self.request(Move.search_next, text=text)

        self.app.push_screen(TextPrompt("Search sentence text", self.search_text), searched)

    def action_goto_document(self) -> None:
        from annotator.tui.screens.documents import DocumentPicker

        def chosen(document_id: str | None) -> None:
            if document_id:
                self.request(Move.document, document_id=document_id)

        self.app.push_screen(DocumentPicker(self), chosen)

    def action_filter(self) -> None:
        current = self.view.document.id if self.view else None
        from annotator.tui.screens.filter import FilterScreen

        def chosen(flt: QueueFilter | None) -> None:
            if flt is not None:
                self.flt = flt
                self.request(Move.start)

        self.app.push_screen(FilterScreen(self.flt, current), chosen)

    def action_help(self) -> None:
        if self.codebook is not None:
            from annotator.tui.screens.help import CodebookHelp

            self.app.push_screen(CodebookHelp(self.codebook, self.tui.key_table()))

    def action_quit(self) -> None:
        if self.pending is not None and not self.quit_armed:
            self.quit_armed = True
            self.query_one(StatusLine).say(
                f"NOT SAVED yet ({self.pending.label}); press q again to quit anyway", "error"
            )
            return
        self.app.exit()
