"""The real `annotator annotate` in a subprocess on a pseudo-terminal, its controlling
terminal as in a terminal window: keys go in as bytes, the output is drained in a thread
(a full pty would block the app)."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable
from pathlib import Path

ANNOTATOR = Path(sys.executable).with_name("annotator")


class Terminal:
    def __init__(
        self,
        db_url: str,
        annotator: str,
        size: tuple[int, int] = (120, 40),
        wrapper: tuple[str, ...] = (),
    ) -> None:
        """`wrapper`: a command the app runs under (`timeout 600`), as some users start it."""
        master, slave = pty.openpty()
        columns, lines = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(lines)}
        self.process = subprocess.Popen(
            [*wrapper, str(ANNOTATOR), "annotate", "--annotator", annotator, "--db", db_url],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            preexec_fn=_controlling_terminal,
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output += chunk

    def press(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def kill(self) -> None:
        """kill -9 of the app and its wrapper (the process group): no cleanup of any kind."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        os.close(self.master)

    def wait_for_output(self, pattern: str, timeout: float = 60.0) -> None:
        """Until the terminal has been sent text matching `pattern` (a regex; styles
        between words break a match, so look for one styled run)."""
        found = re.compile(pattern.encode())
        wait_until(lambda: found.search(self.output) is not None, timeout, f"{pattern!r}")


def _controlling_terminal() -> None:
    """In the child, after its new session began: the pty on stdin becomes its
    controlling terminal, so the terminal's job control and signals apply to it."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def wait_until(check: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll (a loaded machine takes its time; nothing here sleeps a fixed delay)."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.05)
