"""Work done in a forked child process while the build goes on (the open-data exports, and a
rebuild's PDFs).

A build spends most of its time in MkDocs, on one core; the exports need only the validated
corpus, so a child forked from the build process writes them on another core meanwhile. Forking
copies the parent's memory, so nothing is pickled or imported again.

A fork copies only the calling thread, and any lock another thread holds stays locked in the
child; so the work runs in a child only when this process has a single thread (a plain
`credgen build`), and otherwise, or where there is no fork, in this process at `wait()`.
`Background` is the shape of all work a build waits for at its end (this, and Pagefind's run).

The child runs at a lower scheduling priority (`BACKGROUND_NICENESS`): its work is off the
build's critical path, which is the build process itself (MkDocs, then Pagefind), so on a busy
machine the child takes the processor time the build leaves, rather than an equal share of
it. On two cores, a rebuild of 100 specifications, whose child checks every PDF while a second
writes the open data, took a median 1.09x the time of a `--no-pdf` build at equal priority
and 1.01x with this (eight alternating pairs each).

The child is a `multiprocessing` process of the fork context. So it starts without the
parent's exit handlers and finalizers, and runs its own when the work ends: those of what the
work started, such as WeasyPrint's temporary copy of the fonts and the folder of a process pool,
which a bare `os._exit` would leave behind.
"""

from __future__ import annotations

import abc
import json
import multiprocessing
import os
import sys
import threading
import traceback
from collections.abc import Callable
from multiprocessing.process import BaseProcess
from types import TracebackType
from typing import NoReturn, Self

from credgen.exceptions import CredgenError, RenderError

#: How much lower the children's scheduling priority is than the build's (see `os.nice`).
BACKGROUND_NICENESS = 10


class Background(abc.ABC):
    """Work under way beside the build: a `with` block waits for it at the end (`wait`), or
    stops it (`stop`) if the block failed."""

    @abc.abstractmethod
    def wait(self) -> None:
        """Wait until the work is done; raise if it failed."""

    @abc.abstractmethod
    def stop(self) -> None:
        """Stop the work if it is still running."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if kind is None:
            self.wait()
        else:
            self.stop()


class Forked(Background):
    """`work()` under way in a child process; `wait()` for it (errors are raised here)."""

    def __init__(self, work: Callable[[], None], *, what: str) -> None:
        """Start `work` in a forked child if that is safe, else keep it for `wait()`.

        `what` names the work in messages ("the open-data exports").
        """
        self._work: Callable[[], None] | None = work
        self._what = what
        self._child: BaseProcess | None = None
        self._reader = -1
        if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
            self._start()

    def _start(self) -> None:
        reader, writer = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        child = multiprocessing.get_context("fork").Process(
            target=_run_child, args=(self._work, reader, writer), name=f"credgen: {self._what}"
        )
        child.start()
        os.close(writer)
        self._child, self._reader, self._work = child, reader, None

    @property
    def forked(self) -> bool:
        """Whether the work runs in a child process."""
        return self._child is not None

    def wait(self) -> None:
        """Wait until the work is done; raises `RenderError` (or the work's own error) if it failed."""
        if self._work is not None:
            work, self._work = self._work, None
            work()
            return
        if self._child is None:
            return
        with os.fdopen(self._reader, "rb") as stream:
            report = stream.read()
        self._child.join()
        code, self._child = self._child.exitcode, None
        assert code is not None  # the child has ended
        if code != 0:
            raise _error(self._what, report, code)

    def stop(self) -> None:
        """Stop the work if it is still running (the build failed elsewhere)."""
        self._work = None
        if self._child is not None:
            self._child.kill()
            self._child.join()
            os.close(self._reader)
            self._child = None


def _run_child(work: Callable[[], None], reader: int, writer: int) -> NoReturn:
    """Run `work` and leave: status 0, or 1 with a JSON report of the error on `writer`.

    Leaving by `SystemExit` lets multiprocessing run this process's finalizers and flush its
    output before it ends the process, and print no traceback.
    """
    os.close(reader)
    os.nice(BACKGROUND_NICENESS)
    try:
        work()
    except BaseException as error:  # reported to the parent, whatever it is
        if isinstance(error, CredgenError):
            message, hint = error.message, error.hint
        else:
            message, hint = f"{type(error).__name__}: {error}", None
        trace = "".join(traceback.format_exception(error))
        report = {"message": message, "hint": hint, "traceback": trace}
        with os.fdopen(writer, "wb") as stream:
            stream.write(json.dumps(report).encode())
        sys.exit(1)
    os.close(writer)
    sys.exit(0)


def _error(what: str, report: bytes, code: int) -> RenderError:
    """The error a failed child reported, or what is known of it."""
    try:
        found = json.loads(report)
    except ValueError:
        return RenderError(f"{what} failed: the worker process ended with status {code}")
    error = RenderError(f"{what} failed: {found['message']}", hint=found["hint"])
    error.add_note("in the worker process:\n" + found["traceback"])
    return error
