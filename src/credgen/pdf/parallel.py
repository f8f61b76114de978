"""Rendering many PDFs at once: a process pool sized to the cores.

Workers come from a fork server that has already imported WeasyPrint and loaded the fonts
(`credgen.pdf.preload`), so starting one costs a fork, not an interpreter start and a WeasyPrint
import; the server is a fresh process, so forking is safe even when the caller runs threads
(pytest, Playwright).
A single document is rendered in the calling process: a pool would only add start-up time.
With no other thread running, it imports WeasyPrint the fork server's way, running no compiler.

A worker ends when the process that started its pool ends, however that ends (`_end_with`).
A pool's workers never notice on their own: each holds the writing end of its own job queue,
so it waits for a job forever, and the fork server waits for its workers; a build killed
with SIGKILL, or by a signal Python does not handle, would leave the three processes behind.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import multiprocessing
import multiprocessing.forkserver
import os
import select
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext
from pathlib import Path

from credgen.exceptions import PdfError

#: What the fork server imports once, before forking: the worker module, made ready to render.
PRELOAD_MODULE = "credgen.pdf.preload"


@dataclasses.dataclass(frozen=True, slots=True)
class PdfJob:
    """One document to render, as sent to a worker."""

    name: str
    """The source file, for messages."""

    html: str
    """The complete print document."""

    base_url: str
    """Where relative links point: the specification's website page."""

    css: str
    """The print stylesheet."""

    target: Path
    """Where to write the PDF (atomically)."""


@dataclasses.dataclass(frozen=True, slots=True)
class PdfOutcome:
    """What a worker reports back: the file written, or why not."""

    target: Path
    pages: int = 0
    cpu_seconds: float = 0.0
    warnings: tuple[str, ...] = ()
    error: str | None = None


def available_cores() -> int:
    """Cores this process may run on (the affinity mask, not the machine's total)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


class Rendering:
    """Jobs rendering in worker processes while the caller goes on; `outcomes()` waits.

    The pool is started from a thread: starting the first worker waits for the fork server to
    import WeasyPrint, and the caller need not wait for that. A single job is rendered by
    `outcomes()` in the calling process, where a pool would only add start-up time.
    """

    def __init__(self, jobs: list[PdfJob], *, workers: int | None = None) -> None:
        self._jobs = jobs
        self._futures: dict[int, Future[PdfOutcome]] = {}
        self._pool: ProcessPoolExecutor | None = None
        self._starting: threading.Thread | None = None
        if len(jobs) > 1:
            count = min(len(jobs), workers or available_cores())
            self._pool = ProcessPoolExecutor(
                max_workers=count,
                mp_context=_context(),
                initializer=_become_worker,
                initargs=(os.getpid(),),
            )
            self._starting = threading.Thread(target=self._submit, name="credgen-pdf-start", daemon=True)
            self._starting.start()

    def _submit(self) -> None:
        """Largest documents first, so one long PDF does not start last and finish alone."""
        assert self._pool is not None
        for index in sorted(range(len(self._jobs)), key=lambda index: -len(self._jobs[index].html)):
            try:
                self._futures[index] = self._pool.submit(_render, self._jobs[index])
            except RuntimeError:  # shut down by `cancel`, or broken: `outcomes` reports it
                return

    def outcomes(self) -> list[PdfOutcome]:
        """Every outcome, in job order, once all are done."""
        if self._pool is None:
            return [_render(job) for job in self._jobs]
        assert self._starting is not None
        self._starting.join()
        try:
            if len(self._futures) < len(self._jobs):
                raise BrokenProcessPool("some jobs could not be submitted")
            return [self._futures[index].result() for index in range(len(self._jobs))]
        except BrokenProcessPool as error:
            raise PdfError("a PDF worker process died", hint="run again with -v to see why") from error
        finally:
            # Interrupted (Ctrl-C, SIGTERM), wait only for the documents being rendered.
            self._pool.shutdown(cancel_futures=True)

    def cancel(self) -> None:
        """Drop the jobs not yet started and wait for the workers to stop."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            assert self._starting is not None
            self._starting.join()


def _render(job: PdfJob) -> PdfOutcome:
    """Import the WeasyPrint side only where it runs (already imported in a worker)."""
    if threading.active_count() == 1:
        # A single document, rendered here: import WeasyPrint as the fork server does, without
        # running a compiler (0.2-0.3 s), which is safe only in a process with no other thread.
        importlib.import_module(PRELOAD_MODULE)
    from credgen.pdf.worker import render_job

    return render_job(job)


def start_fork_server() -> None:
    """Start the workers' fork server now, ahead of the first pool.

    The server imports WeasyPrint (most of a second of processor time) in a process of its
    own, so a caller that is about to spend that long loading the corpus and planning the
    documents gets its first worker without waiting. If no PDF needs rendering after all, the
    server idles until the caller exits, having used only a core that was idle anyway.
    """
    if _context().get_start_method() == "forkserver":
        multiprocessing.forkserver.ensure_running()


def _become_worker(owner: int) -> None:
    from credgen.pdf.worker import become_worker

    threading.Thread(target=_end_with, args=(owner,), name="credgen-pdf-owner", daemon=True).start()
    become_worker()


def _end_with(owner: int) -> None:
    """Wait for process `owner` to end, then end this process at once (run in a thread)."""
    try:
        handle = os.pidfd_open(owner)
    except ProcessLookupError:  # already gone
        os._exit(1)
    except (AttributeError, OSError):  # no pidfd on this system: poll instead
        while _alive(owner):
            time.sleep(1)
        os._exit(1)
    select.select([handle], [], [])
    os._exit(1)


def _alive(pid: int) -> bool:
    """Whether process `pid` still runs (as this user: another user's has reused the pid)."""
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


@functools.cache
def _context() -> BaseContext:
    """A fork-server context preloading the worker module, or spawn where there is no fork."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([PRELOAD_MODULE])
    return context
