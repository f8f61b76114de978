"""Benchmark history and the open-data exports against loading the same corpus.

    python -m benchmarks.opendata_bench [--count 400] [--versions 3] [--repeat 3]

A synthetic corpus is committed to a fresh git repository, then every specification gets
`--versions - 1` further versions (one commit each, touching every file), so history holds
count x versions revisions. Measured in the same run:

- baseline: `load_corpus` (read, parse and validate the current files);
- history: `corpus_history` with a cold cache (one `git log` + one `git cat-file --batch`,
  then parse and validate every revision);
- exports: `export_files` (history, ledger, views, JSON, schemas, CSV, OB3, CASE, feed,
  citations), with history warm as in a build where the website already read it.

Printed as ratios to the baseline, with output sizes. Targets: history <= versions x 1.5 of
the baseline (it parses that many files); exports <= 4x the baseline.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
from pathlib import Path

from benchmarks.synth import make_corpus
from benchmarks.timing import best_of
from credgen.context import BuildContext
from credgen.exports import export_files
from credgen.history import versions as history
from credgen.load.documents import load_corpus


def _git(root: Path, *args: str) -> None:
    names = {f"GIT_{who}_{what}": value for who in ("AUTHOR", "COMMITTER")
             for what, value in (("NAME", "Bench"), ("EMAIL", "bench@example.org"))}  # fmt: skip
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, **names}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def _make_history(root: Path, versions: int) -> None:
    """Commit the corpus, then bump every specification's minor version `versions - 1` times."""
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "corpus")
    files = sorted((root / "specs" / "credentials").glob("*/credential.yaml"))
    for n in range(1, versions):
        for path in files:
            text = path.read_text(encoding="utf-8")
            path.write_text(
                text.replace(f'version: "1.{n - 1}.0"', f'version: "1.{n}.0"', 1), encoding="utf-8"
            )
        _git(root, "commit", "-q", "-am", f"version 1.{n}.0")


def _cold_history(root: Path) -> None:
    history._corpus_history.cache_clear()
    history.corpus_history(root)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--versions", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = make_corpus(Path(tmp) / "project", args.count)
        _make_history(root, args.versions)
        ctx = BuildContext.for_project(
            root, site_url="https://example.org/", repo_url="https://example.org/repo"
        )
        corpus = load_corpus(root)
        baseline = best_of(args.repeat, lambda: load_corpus(root))
        cold = best_of(args.repeat, lambda: _cold_history(root))
        files: dict[str, str] = {}
        exports = best_of(args.repeat, lambda: files.update(export_files(corpus, ctx)))
    size = sum(len(text.encode("utf-8")) for text in files.values())
    revisions = args.count * args.versions
    print(f"{args.count} specs, {revisions} revisions in history")
    print(f"baseline load_corpus : {baseline:7.2f} s")
    target = args.versions * 1.5
    print(
        f"history (cold)       : {cold:7.2f} s  = {cold / baseline:5.2f}x baseline (target <= {target:.1f}x)"
    )
    print(f"exports (warm)       : {exports:7.2f} s  = {exports / baseline:5.2f}x baseline (target <= 4.0x)")
    print(f"exports: {len(files)} files, {size / 1e6:.1f} MB, {size / args.count / 1e3:.0f} kB per spec")


if __name__ == "__main__":
    main()
