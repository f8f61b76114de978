"""Delivery benchmark: `check` and `build --no-pdf` with 5 approved plans per specification
against the same corpus without plans.

    nice python -m benchmarks.delivery_bench [--count 1000] [--plans 5] [--repeat 1]

Both corpora hold the same `--count` endorsed synthetic specifications with their ledgers
(`benchmarks.synth`); the second adds `--plans` synthetic providers, each with an approved plan
(and its approval ledger) for every specification, and a quality review for one plan in five.
Each measurement is the fastest of `--repeat` runs, in one process for `check` and through the
CLI for the build (as CI runs it). Target: plans make neither more than 1.3x slower.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from benchmarks.synth import REPO, make_corpus
from benchmarks.timing import best_of
from credgen.validate.check import run_check

TARGET = 1.3


def _check(root: Path) -> None:
    result = run_check([root / "specs"])
    assert result.errors == 0, [d.as_text() for d in result.diagnostics[:5]]


def _build(root: Path) -> None:
    command = [sys.executable, "-m", "credgen", "build", "--no-pdf", "--out", str(root / "out")]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-2000:]


def _project(root: Path, count: int, plans: int) -> Path:
    """A project with the synthetic corpus (plans or not) and the real site/ folder."""
    make_corpus(root, count, endorsed=True, plans=plans)
    shutil.copytree(REPO / "site", root / "site", ignore=shutil.ignore_patterns(".cache"))
    return root


def _measure(work: Callable[[Path], None], bare: Path, planned: Path, repeat: int) -> tuple[float, float]:
    """Fastest times of `work` on each project, taking turns so that load changes hit both alike."""
    times = [float("inf"), float("inf")]
    for _ in range(repeat):
        times[0] = min(times[0], best_of(1, lambda: work(bare)))
        times[1] = min(times[1], best_of(1, lambda: work(planned)))
    return times[0], times[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--plans", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bare = _project(Path(tmp) / "bare", args.count, 0)
        planned = _project(Path(tmp) / "planned", args.count, args.plans)
        print(f"specs: {args.count}, plans per spec: {args.plans} ({args.count * args.plans} plans)")
        for name, work in (("check", _check), ("build --no-pdf", _build)):
            without, with_plans = _measure(work, bare, planned, args.repeat)
            print(
                f"{name:<15} without plans {without:7.2f} s   with plans {with_plans:7.2f} s"
                f"   ratio {with_plans / without:.2f}x (target <= {TARGET}x)"
            )


if __name__ == "__main__":
    main()
