"""Rendering many PDFs at once: a process pool sized to the cores.

Workers come from a fork server that has already imported WeasyPrint (`credgen.pdf.worker`),
so starting one costs a fork, not an interpreter start and a WeasyPrint import; the server is
a fresh process, so forking is safe even when the caller runs threads (pytest, Playwright).
A single document is rendered in the calling process: a pool would only add start-up time.
"""

from __future__ import annotations

import dataclasses
import functools
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext
from pathlib import Path

from credgen.exceptions import PdfError

#: The module every worker needs; the fork server imports it once, before forking.
WORKER_MODULE = "credgen.pdf.worker"


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


def run_jobs(jobs: list[PdfJob], *, workers: int | None = None) -> list[PdfOutcome]:
    """Render every job, in parallel when there are several; outcomes in job order."""
    if len(jobs) <= 1:
        return [_render(job) for job in jobs]
    count = min(len(jobs), workers or available_cores())
    # Largest documents first, so one long PDF does not start last and finish alone.
    order = sorted(range(len(jobs)), key=lambda index: -len(jobs[index].html))
    try:
        with ProcessPoolExecutor(max_workers=count, mp_context=_context()) as pool:
            done = list(pool.map(_render, [jobs[index] for index in order]))
    except BrokenProcessPool as error:
        raise PdfError("a PDF worker process died", hint="run again with -v to see why") from error
    outcomes: list[PdfOutcome | None] = [None] * len(jobs)
    for index, outcome in zip(order, done, strict=True):
        outcomes[index] = outcome
    return [outcome for outcome in outcomes if outcome is not None]


def _render(job: PdfJob) -> PdfOutcome:
    """Import the WeasyPrint side only where it runs (already imported in a worker)."""
    from credgen.pdf.worker import render_job

    return render_job(job)


@functools.cache
def _context() -> BaseContext:
    """A fork-server context preloading the worker module, or spawn where there is no fork."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([WORKER_MODULE])
    return context
