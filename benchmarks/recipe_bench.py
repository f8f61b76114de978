"""Whole builds, this credgen against another one (an earlier commit), measured in the same run.

    python -m benchmarks.recipe_bench --before-python OLD/bin/python --before-repo OLD_CHECKOUT
                                      [--after-python NEW/bin/python --after-repo NEW_CHECKOUT]
                                      [--count 100] [--repeat 3]

`OLD/bin/python` is an interpreter with the other credgen installed (for example
`python -m venv OLD && OLD/bin/pip install OLD_CHECKOUT`), `OLD_CHECKOUT` that commit's checkout,
whose `site/` folder it builds with; `--after-*` likewise compare two other commits (default:
this credgen and this checkout). Both build the same specifications: the examples, then
`--count` synthetic ones (`benchmarks.synth`), each version in a project of its own.

For each corpus and version, runs alternate (before, after, before, ...), each a new process as
a user runs it, and the median of `--repeat` is printed with the after/before ratio:

- cold: `credgen build` with no `build/` folder at all (every PDF rendered, no compiled template);
- no-op rebuild: `credgen build` again, nothing changed (target <= 1.2x the `--no-pdf` build);
- `--no-pdf`: `credgen build --no-pdf` with the caches warm.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.synth import REPO, make_corpus

#: What is measured, as the arguments after `credgen build` and whether `build/` is removed first.
RUNS = {"cold": ((), True), "no-op rebuild": ((), False), "--no-pdf": (("--no-pdf",), False)}


def _build(python: str, root: Path, options: tuple[str, ...], *, fresh: bool) -> float:
    """Seconds for one `credgen build` in `root` with `python`, in a new process."""
    if fresh:
        shutil.rmtree(root / "build", ignore_errors=True)
    started = time.perf_counter()
    done = subprocess.run(
        [python, "-m", "credgen", "build", *options], cwd=root, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{python}: credgen build failed in {root}:\n{done.stderr[-2000:]}")
    return seconds


def _project(specs: Path, site: Path, root: Path) -> Path:
    shutil.copytree(specs, root / "specs", ignore=shutil.ignore_patterns(".cache"))
    shutil.copytree(site, root / "site", ignore=shutil.ignore_patterns(".cache"))
    return root


def _compare(name: str, specs: Path, versions: dict[str, tuple[str, Path]], tmp: Path, repeat: int) -> None:
    """Print the medians of every run for each version, alternating versions run by run."""
    roots = {label: _project(specs, site, tmp / name / label) for label, (_, site) in versions.items()}
    times: dict[tuple[str, str], list[float]] = {}
    for label, (python, _) in versions.items():
        _build(python, roots[label], ("--no-pdf",), fresh=True)  # warm-up: the file cache
    for _ in range(repeat):
        for run, (options, fresh) in RUNS.items():
            for label, (python, _) in versions.items():
                seconds = _build(python, roots[label], options, fresh=fresh)
                times.setdefault((run, label), []).append(seconds)
    print(f"{name} ({sum(1 for _ in specs.glob('credentials/*/credential.yaml'))} specifications)")
    for run in RUNS:
        before, after = (statistics.median(times[run, label]) for label in versions)
        print(
            f"  {run:14} before {before:7.2f} s   after {after:7.2f} s   after/before {after / before:.2f}x"
        )
    for label in versions:
        rebuild = statistics.median(times["no-op rebuild", label])
        plain = statistics.median(times["--no-pdf", label])
        print(f"  {label}: no-op rebuild / --no-pdf = {rebuild / plain:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before-python", required=True, help="python with the other credgen installed")
    parser.add_argument("--before-repo", required=True, type=Path, help="that commit's checkout")
    parser.add_argument(
        "--after-python", default=sys.executable, help="python with this credgen [default: this one]"
    )
    parser.add_argument("--after-repo", type=Path, default=REPO, help="its checkout [default: this one]")
    parser.add_argument("--count", type=int, default=100, help="synthetic specifications (0: none)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    versions = {
        "before": (args.before_python, args.before_repo / "site"),
        "after": (args.after_python, args.after_repo / "site"),
    }
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        # The older commit's own examples: both versions read that file format.
        _compare("examples", args.before_repo / "specs", versions, tmp, args.repeat)
        if args.count:
            synthetic = make_corpus(tmp / "synthetic-corpus", args.count) / "specs"
            for shared in ("frameworks", "glossary.yaml", "panel.yaml"):  # in the older format
                (synthetic / shared).unlink() if (synthetic / shared).is_file() else shutil.rmtree(
                    synthetic / shared
                )
                copy = shutil.copy if (args.before_repo / "specs" / shared).is_file() else shutil.copytree
                copy(args.before_repo / "specs" / shared, synthetic / shared)
            _compare("synthetic", synthetic, versions, tmp, args.repeat)


if __name__ == "__main__":
    main()
