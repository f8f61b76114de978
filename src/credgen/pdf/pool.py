"""Rendering many PDFs at once: a standard-library process pool, one worker per core.

The jobs are submitted as soon as they are planned, largest first (so one long document does
not start last and finish alone), and collected later: `credgen build` submits them before
MkDocs renders the website and collects them after, so the workers use the cores MkDocs
leaves idle. Workers are started with `spawn`, the one start method that is safe in a process
running other threads (pytest, Playwright, `mkdocs serve`) and that works on every system.

A worker asks the kernel, where it can (Linux), to end it when the process that started it
ends: a pool's workers otherwise wait for their next job forever after a build is killed
outright (SIGKILL), since each holds a writing end of its own job queue.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from credgen.exceptions import PdfError
from credgen.pdf.job import PdfJob, PdfOutcome


def available_cores() -> int:
    """Cores this process may run on (the affinity mask, not the machine's total)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


class Rendering:
    """Jobs rendering in a process pool while the caller goes on; `outcomes()` waits."""

    def __init__(self, jobs: list[PdfJob], *, workers: int | None = None) -> None:
        self._jobs = jobs
        self._pool: ProcessPoolExecutor | None = None
        self._futures: dict[int, Future[PdfOutcome]] = {}
        if not jobs:
            return
        from credgen.pdf.typeset import render_job

        self._pool = ProcessPoolExecutor(
            max_workers=min(len(jobs), workers or available_cores()),
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_end_with_parent,
            initargs=(os.getpid(),),
        )
        for index in sorted(range(len(jobs)), key=lambda index: -len(jobs[index].html)):
            self._futures[index] = self._pool.submit(render_job, jobs[index])

    def outcomes(self) -> list[PdfOutcome]:
        """Every outcome, in job order, once all are done."""
        if self._pool is None:
            return []
        try:
            return [self._futures[index].result() for index in range(len(self._jobs))]
        except BrokenProcessPool as error:
            raise PdfError("a PDF worker process died", hint="run again with -v to see why") from error
        finally:
            # Interrupted (Ctrl-C, SIGTERM): wait only for the documents being rendered.
            self._pool.shutdown(cancel_futures=True)

    def cancel(self) -> None:
        """Drop the jobs not yet started and wait for the workers to stop."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


#: `prctl` option: the signal this process receives when its parent ends (linux/prctl.h).
_PR_SET_PDEATHSIG = 1


def _end_with_parent(parent: int) -> None:
    """Have the kernel end this worker when process `parent` ends, however it ends (Linux)."""
    if not sys.platform.startswith("linux"):
        return
    ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent ended before the request was made
        os._exit(1)
