"""The one retry rule for a screen's pending write (the annotation and the adjudication
screen share it): a transient failure keeps the write and retries it with a doubling
delay; any other failure drops it, the change still on screen to correct."""

from __future__ import annotations

from textual.screen import Screen

from annotator.tui.backend import is_transient
from annotator.tui.widgets.status_line import StatusLine

MAX_RETRY_SECONDS = 8.0


def write_failed(
    status: StatusLine, label: str, error: BaseException | None, reason: str, delay: float
) -> float | None:
    """Say why the write failed; return the delay before its retry, or None when
    retrying cannot help."""
    if not is_transient(error):
        status.say(f"NOT SAVED ({label}): {reason}", "error")
        return None
    delay = min(delay * 2, MAX_RETRY_SECONDS)
    status.say(f"NOT SAVED ({label}): {reason} — kept, retrying in {delay:.0f}s", "error")
    return delay


def still_saving(screen: Screen[None], pending: object | None) -> bool:
    """While the screen's last write is pending (one write at a time), tell the coder to
    wait and return True."""
    if pending is None:
        return False
    screen.notify("still saving the last change; wait a moment", severity="warning", markup=False)
    return True
