"""Benchmark `credgen check` against bare PyYAML C-loader parsing of the same files.

    python -m benchmarks.check_bench [--count 1000] [--repeat 3]

Both sides read every credential file from disk; the baseline only parses it with
`yaml.load(..., Loader=yaml.CSafeLoader)`, while check also keeps positions, validates the
models and runs every rule. Target: check <= 2.0x the baseline at 1,000 specs.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from benchmarks.synth import make_corpus
from benchmarks.timing import best_of
from credgen.validate.check import run_check


def _baseline(files: list[Path]) -> None:
    for path in files:
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = make_corpus(Path(tmp) / "corpus", args.count)
        files = sorted((root / "specs" / "credentials").glob("*/credential.yaml"))
        result = run_check([root / "specs"])
        assert result.errors == 0, result.summary()
        baseline = best_of(args.repeat, lambda: _baseline(files))
        check = best_of(args.repeat, lambda: run_check([root / "specs"]))
        cli = best_of(
            1,
            lambda: subprocess.run(
                [sys.executable, "-m", "credgen", "check"], cwd=root, check=True, capture_output=True
            ),
        )
    print(f"specs: {args.count}")
    print(f"PyYAML CSafeLoader parse (baseline): {baseline:.3f} s")
    print(
        f"credgen check (in process):          {check:.3f} s  ratio {check / baseline:.2f}x (target <= 2.0x)"
    )
    print(f"credgen check (CLI, incl. start-up): {cli:.3f} s  ratio {cli / baseline:.2f}x")


if __name__ == "__main__":
    main()
