"""PDF benchmark: seconds per PDF, cold and warm cache, against a `--no-pdf` build of the same site.

    /tmp/venv/bin/python -m benchmarks.pdf_bench [--count 100] [--repeat 5] [--no-examples]

For the example corpus and for `--count` synthetic specifications (`benchmarks.synth`), each in
a fresh project with the real `site/` folder, measured in the same run:

- baseline: `credgen build --no-pdf`, run as a user runs it (a new process);
- cold build: `credgen build` with an empty PDF cache, alternating with the baseline (best of
  `--repeat` each); what the PDFs add, per PDF, is the target (<= 0.6 s for a typical
  specification on 2 cores). The build renders the PDFs in worker processes while it renders
  the website, so this is less than the PDF stage alone. Also printed: the range of each cold
  build against the baseline run just before it, which shows how much the machine's speed
  moved during the run;
- cold stage: the PDF stage alone (`render_pdfs`) with an empty cache, in parallel on every
  core, per PDF and per page (best of `--repeat`), and WeasyPrint's processor time per PDF;
- bare: the same print documents rendered by plain WeasyPrint (`HTML(...).write_pdf` with the
  same stylesheets and options) in the same kind of pool, alternating with the cold stage: the
  stage's overhead over WeasyPrint itself (goal <= 1.10x);
- warm: the PDF stage again, nothing changed (it renders nothing);
- rebuild: `credgen build` with the warm PDF cache, as a ratio to the baseline (target <= 1.2x).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.synth import REPO, make_corpus

if TYPE_CHECKING:
    from credgen.pdf import PdfReport

# credgen and pypdf are imported where they are used: every PDF worker this script starts runs
# its top level again (multiprocessing prepares a worker's `__main__` from the parent's), and
# importing them there would add a third of a second to each run of the stage it times.


def _timed(work: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def _examples_project(root: Path) -> Path:
    shutil.copytree(REPO / "specs", root / "specs", ignore=shutil.ignore_patterns(".cache"))
    return root


def _synthetic_project(root: Path, count: int) -> Path:
    return make_corpus(root, count)


def _measure(name: str, root: Path, repeat: int) -> None:
    """Print the figures for one project."""
    from pypdf import PdfReader

    from credgen.pdf import PdfReport, render_pdfs
    from credgen.pdf.pool import available_cores
    from credgen.site.state import load_state
    from credgen.site.website import project_context

    shutil.copytree(REPO / "site", root / "site", ignore=shutil.ignore_patterns(".cache"))
    cache = root / "build" / ".cache" / "pdf"  # where `credgen build` keeps its PDF cache
    state, _ = load_state(root, project_context(root))
    assert state is not None, f"{name}: the corpus does not validate"
    # Whole builds, as a user runs them (a fresh process each, which starts its own PDF
    # workers): the baseline without PDFs, and with an empty PDF cache. Alternated, so that a
    # change in the machine's load hits both alike; the best of `repeat` each.
    _cli_build(root, pdf=False)  # warm-up: compiled templates, the file cache
    baselines, colds, rebuilds = [], [], []
    for _ in range(repeat):
        baselines.append(_timed(lambda: _cli_build(root, pdf=False))[0])
        shutil.rmtree(cache, ignore_errors=True)
        colds.append(_timed(lambda: _cli_build(root, pdf=True))[0])
        rebuilds.append(_timed(lambda: _cli_build(root, pdf=True))[0])  # nothing changed
    baseline, cold_build, rebuild = min(baselines), min(colds), min(rebuilds)
    # The PDF stage alone, in this process (its workers already started by a first run).
    pdfs = root / "build" / "pdf"

    def stage() -> PdfReport:
        return render_pdfs(state.corpus, state.env, state.ctx, out_dir=pdfs, cache_dir=cache)

    # Best of `repeat` cold runs, each alternating with plain WeasyPrint on the same documents.
    runs, bare_runs = [], []
    jobs = _print_jobs(state, root / "build" / "bare")
    for _ in range(repeat):
        shutil.rmtree(cache, ignore_errors=True)
        seconds, result = _timed(stage)
        assert isinstance(result, PdfReport) and result.cached == 0
        runs.append((seconds, result))
        bare_runs.append(_timed(lambda: _render_bare(jobs))[0])
    cold, report = min(runs, key=lambda run: run[0])
    bare = min(bare_runs)
    ratios = sorted(s / b for (s, _), b in zip(runs, bare_runs, strict=True))
    warm, again = _timed(stage)
    assert isinstance(again, PdfReport) and again.rendered == 0
    count = report.rendered
    pages = sum(len(PdfReader(path).pages) for path in report.files[::2])
    cores = available_cores()
    added = (cold_build - baseline) / count
    # Each cold build against the baseline run just before it: how far the machine's speed
    # moved the figure during this run.
    paired = sorted((c - b) / count for b, c in zip(baselines, colds, strict=True))
    print(f"{name}: {count} specifications, {pages} pages ({pages / count:.1f} per PDF), {cores} cores")
    print(f"  credgen build --no-pdf (baseline)  {baseline:7.2f} s")
    print(
        f"  credgen build, empty PDF cache     {cold_build:7.2f} s: the PDFs add {added:.2f} s per PDF;"
        " target <= 0.60 s per PDF"
    )
    print(f"    each cold build against the baseline just before it: {paired[0]:.2f} to {paired[-1]:.2f} s")
    print(
        f"  PDF stage alone, cold cache        {cold:7.2f} s = {cold / count:.2f} s per PDF"
        f" ({cold / pages:.3f} s per page)"
    )
    print(
        f"  plain WeasyPrint, same documents   {bare:7.2f} s: the stage takes {cold / bare:.2f}x"
        f" (pairs {ratios[0]:.2f}x to {ratios[-1]:.2f}x); goal <= 1.10x"
    )
    cpu = report.cpu_seconds
    print(
        f"  WeasyPrint processor time          {cpu:7.2f} s = {cpu / count:.2f} s per PDF;"
        f" {cpu / cold:.2f} cores busy on average"
    )
    print(f"  PDF stage, warm cache              {warm:7.2f} s = {warm / count:.4f} s per PDF")
    print(
        f"  credgen build, warm PDF cache      {rebuild:7.2f} s = {rebuild / baseline:.2f}x the baseline;"
        " target <= 1.20x"
    )


def _print_jobs(state: object, out: Path) -> list[tuple[str, str, str, Path]]:
    """(html, base URL, print CSS, target) of every print document the stage renders."""
    from credgen.pdf import stage
    from credgen.pdf.cache import PdfCache
    from credgen.site.state import SiteState

    assert isinstance(state, SiteState)
    css = stage._stylesheet(state.env)
    planned = stage._plan(
        state.corpus, state.env, state.ctx, PdfCache(out), list(state.corpus.credentials), css=css
    )
    return [(item.job.html, item.job.base_url, css, out / f"{item.slug}.pdf") for item in planned]


def _render_bare(jobs: list[tuple[str, str, str, Path]]) -> None:
    """Render `jobs` with plain WeasyPrint in a pool like the stage's: spawned workers, one per
    core, largest document first."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from credgen.pdf.pool import available_cores

    ordered = sorted(jobs, key=lambda job: -len(job[0]))
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(min(len(jobs), available_cores()), mp_context=context) as pool:
        for _ in pool.map(_bare_pdf, ordered):
            pass


def _bare_pdf(job: tuple[str, str, str, Path]) -> None:
    """One document through WeasyPrint's public API, with the stage's fonts, CSS and options."""
    import gc

    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    from credgen.pdf.fonts import font_face_css

    html, base_url, css, target = job
    fonts = FontConfiguration()
    sheets = [weasyprint.CSS(string=font_face_css() + css, font_config=fonts)]
    gc.disable()
    try:
        pdf = weasyprint.HTML(string=html, base_url=base_url).write_pdf(
            stylesheets=sheets, font_config=fonts, pdf_variant="pdf/ua-1"
        )
    finally:
        gc.enable()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(pdf)


def _cli_build(root: Path, *, pdf: bool) -> None:
    """`credgen build [--no-pdf]` in `root`, in a new process."""
    command = [sys.executable, "-m", "credgen", "build", *([] if pdf else ["--no-pdf"])]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"credgen build failed in {root}:\n{result.stderr[-2000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100, help="synthetic specifications (0: none)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-examples", action="store_true", help="skip the example corpus")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_examples:
            _measure("example corpus", _examples_project(Path(tmp) / "examples"), args.repeat)
        if args.count:
            project = _synthetic_project(Path(tmp) / "synthetic", args.count)
            _measure("synthetic corpus", project, args.repeat)


if __name__ == "__main__":  # the PDF workers import this module's name: keep the guard
    main()
