"""Helpers for the tests: subprocesses that are always reaped, free ports, and the shared limits.

Tests import it as `helpers` (pytest puts this folder on sys.path).
"""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

INTEROP_DIR = Path(__file__).resolve().parents[1]
# Short enough that a test sees several Contact push rounds in well under a second.
PUSH_INTERVAL = 0.2
# The deadline of every RPC a test makes, and the limit on every subprocess, in seconds.
RPC_TIMEOUT = 20
PROCESS_TIMEOUT = 60
# Child Pythons print Chinese and must not hold lines back in a pipe's buffer.
CHILD_ENV = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONUNBUFFERED": "1"}


class Spawned:
    """A child process whose merged stdout and stderr is collected line by line as it comes."""

    def __init__(self, args, cwd=None):
        self.args = args
        self.proc = subprocess.Popen(
            args,
            cwd=cwd,
            env=CHILD_ENV,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
        )
        self.lines = []
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        for line in self.proc.stdout:
            with self._changed:
                self.lines.append(line.rstrip("\n"))
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    def wait_for(self, predicate, timeout=PROCESS_TIMEOUT):
        """Returns the first line that satisfies predicate, waiting up to timeout seconds for it."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for line in self.lines:
                    if predicate(line):
                        return line
                remaining = deadline - time.monotonic()
                if remaining <= 0 or (self.proc.poll() is not None and not self._reader.is_alive()):
                    raise AssertionError(f"{self.args} never printed the line; output:\n" + "\n".join(self.lines))
                self._changed.wait(remaining)

    def count(self, predicate):
        with self._changed:
            return sum(1 for line in self.lines if predicate(line))

    def stop(self, signum=signal.SIGTERM, timeout=15):
        """Sends signum and returns the exit code; kills the process if it is still there after timeout."""
        if self.proc.poll() is None:
            self.proc.send_signal(signum)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout)
            raise
        finally:
            self._reader.join(timeout)


def run_script(path, *args, cwd=None):
    """Runs a Python script of this folder to its end (killed after PROCESS_TIMEOUT); returns the result."""
    return subprocess.run(
        [sys.executable, str(INTEROP_DIR / path), *args],
        cwd=cwd,
        env=CHILD_ENV,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=PROCESS_TIMEOUT,
    )


def field_violations(error):
    """The (field, description) pairs of the google.rpc.BadRequest details a failed call carried."""
    import polyrpc

    return [(v.field, v.description) for detail in polyrpc.find_details(error, polyrpc.BadRequest) for v in detail.field_violations]
