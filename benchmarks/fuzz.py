"""Fuzz `credgen check` and `credgen build --no-pdf` with mutated specifications and ledgers.

    python -m benchmarks.fuzz --minutes 30 [--build-every 10] [--findings DIR]

Hypothesis draws mutations of the example project's files (a credential, the ledger, the
glossary, the panel or a framework): hostile characters and tokens inserted anywhere (control
and direction characters, a 5,000-digit number, formula cells, YAML syntax), a value replaced,
lines deleted or repeated, raw bytes. Each input goes through `check --format json`, and every
`--build-every`th also through `build --no-pdf`. An input is a finding when a command exits
with anything but 0 or 1, shows a traceback, reports a diagnostic without a file and position,
or builds an output that does not parse (JSON, XML) or holds a formula cell (CSV, RIS).
Findings are written to `--findings` (one folder each, with the input and what went wrong)
and the run goes on; it prints the number of inputs and findings at the end.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from credgen.cli import main

REPO = Path(__file__).resolve().parent.parent

#: The files a mutation may change, relative to the project root.
TARGETS = (
    *(f"specs/credentials/{p.name}/credential.yaml" for p in sorted((REPO / "specs/credentials").iterdir())),
    "specs/endorsements/older-people-frailty.yaml",
    "specs/glossary.yaml",
    "specs/panel.yaml",
    "specs/frameworks/mpf-2017.yaml",
)

#: First characters that make a spreadsheet read a cell as a formula (OWASP), kept apart from
#: credgen's own list so the fuzzer checks it rather than trusting it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: Tokens an attacker (or a careless paste) would try.
HOSTILE = (
    "\x00",
    "\x01",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\u202e",
    "\u2066",
    "\ufeff",
    "\n",
    "\r",
    "\t",
    "9" * 5000,
    "-" + "9" * 30,
    "1e999",
    "-.inf",
    ".nan",
    "0x" + "f" * 40,
    '=HYPERLINK("http://example.invalid","x")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1)",
    "&anchor ",
    "*anchor",
    "!!python/object:os.system ",
    "<<: ",
    "{",
    "[",
    "]",
    ": ",
    "- ",
    "'",
    '"',
    "#",
    "\\u202e",
    "\\x00",
    "<script>alert(1)</script>",
    "]]>",
    "&amp;<",
    "x" * 20000,
    "../../../../etc/passwd",
    "::error file=x::pwned",
)

_DIAGNOSTIC = re.compile(r"^.+:[1-9][0-9]*:[1-9][0-9]*: (error|warning)\[CG[0-9]{3}\]: .*$")
_KEYED_LINE = re.compile(r"^(\s*(?:- )?[a-z_]+: ?)(.*)$", re.MULTILINE)


class Fuzzer:
    """Runs inputs against one project folder and keeps the count of inputs and findings."""

    def __init__(self, project: Path, findings: Path, build_every: int) -> None:
        self.project = project
        self.findings = findings
        self.build_every = build_every
        self.pristine = {target: (project / target).read_bytes() for target in TARGETS}
        self.runner = CliRunner()
        self.inputs = 0
        self.builds = 0
        self.found: dict[str, int] = {}

    def run(self, target: str, blob: bytes) -> None:
        """Write one mutated file, run the commands, record what went wrong, restore the file."""
        self.inputs += 1
        path = self.project / target
        path.write_bytes(blob)
        try:
            problems = self._check()
            if self.inputs % self.build_every == 0:
                problems += self._build()
        except Exception:  # a crash of the harness itself is a finding too
            problems = [f"harness: {traceback.format_exc()}"]
        finally:
            path.write_bytes(self.pristine[target])
        for problem in problems:
            self._record(problem, target, blob)

    def _check(self) -> list[str]:
        result = self.runner.invoke(main, ["check", "--format", "json"], catch_exceptions=True)
        problems = _exit_problems("check", result)
        if not problems:
            problems += _json_positions(result.stdout)
        return problems

    def _build(self) -> list[str]:
        self.builds += 1
        out = self.project.parent / "out"
        result = self.runner.invoke(main, ["build", "--no-pdf", "--out", str(out)], catch_exceptions=True)
        problems = _exit_problems("build", result)
        problems += [f"build: line without a position: {line!r}" for line in _unpositioned(result.output)]
        if result.exit_code == 0:
            problems += _output_problems(out.resolve())
        return problems

    def _record(self, problem: str, target: str, blob: bytes) -> None:
        signature = problem.splitlines()[0][:200]
        self.found[signature] = self.found.get(signature, 0) + 1
        if self.found[signature] > 1:
            return
        folder = self.findings / f"{len(self.found):03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "target.txt").write_text(target + "\n", encoding="utf-8")
        (folder / "input.yaml").write_bytes(blob)
        (folder / "problem.txt").write_text(problem + "\n", encoding="utf-8")
        print(f"finding {len(self.found)}: {signature}", flush=True)


def _exit_problems(command: str, result: object) -> list[str]:
    """Exit status other than 0/1, or a traceback (an exception click caught for us)."""
    exit_code = getattr(result, "exit_code", None)
    exception = getattr(result, "exception", None)
    problems = []
    if exception is not None and not isinstance(exception, SystemExit):
        trace = "".join(traceback.format_exception(exception))
        problems.append(f"{command}: traceback {type(exception).__name__}: {exception}\n{trace}")
    elif exit_code not in (0, 1):
        problems.append(f"{command}: exit status {exit_code}")
    if "Traceback (most recent call last)" in getattr(result, "output", ""):
        problems.append(f"{command}: traceback in the output")
    return problems


def _json_positions(stdout: str) -> list[str]:
    """Every diagnostic of `check --format json` names a file and a 1-based position."""
    try:
        diagnostics = json.loads(stdout[: stdout.rindex("]") + 1]) if "[" in stdout else []
    except (ValueError, json.JSONDecodeError) as error:
        return [f"check: JSON diagnostics do not parse: {error}"]
    return [
        f"check: diagnostic without a position: {d}"
        for d in diagnostics
        if not d.get("file") or d.get("line", 0) < 1 or d.get("column", 0) < 1
    ]


def _unpositioned(output: str) -> list[str]:
    """Lines that look like a diagnostic but lack `file:line:col`."""
    return [
        line
        for line in output.splitlines()
        if ("error[" in line or "warning[" in line) and not _DIAGNOSTIC.match(line)
    ]


def _output_problems(site: Path) -> list[str]:
    """Outputs that do not parse, and formula cells."""
    checks: dict[str, Callable[[Path], None]] = {
        ".json": lambda p: json.loads(p.read_text(encoding="utf-8")) and None,
        ".xml": lambda p: ElementTree.parse(p) and None,
        ".csv": _csv_cells_safe,
        ".ris": _ris_values_safe,
    }
    problems = []
    for path in sorted(site.rglob("*")):
        check = checks.get(path.suffix)
        if check is None or not path.is_file():
            continue
        try:
            check(path)
        except Exception as error:  # any parse failure is a finding
            problems.append(f"build: {path.suffix} output {path.relative_to(site)} is invalid: {error}")
    return problems


def _csv_cells_safe(path: Path) -> None:
    for row in csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline="")):
        for cell in row:
            if cell.startswith(FORMULA_STARTS):
                raise ValueError(f"formula cell {cell[:40]!r}")


def _ris_values_safe(path: Path) -> None:
    for line in path.read_bytes().decode("utf-8").split("\r\n"):  # bytes: keep the CRLF endings
        if line[6:].startswith(FORMULA_STARTS):
            raise ValueError(f"formula value {line[:46]!r}")


@st.composite
def mutations(draw: st.DrawFn, pristine: dict[str, bytes]) -> tuple[str, bytes]:
    """A target file and its mutated content."""
    target = draw(st.sampled_from(TARGETS))
    text = pristine[target].decode("utf-8")
    # A value replaced is the likeliest way for hostile text to reach every output: drawn most.
    kind = draw(st.sampled_from(("insert", "replace", "replace", "replace", "delete", "repeat", "bytes")))
    # Mostly the hostile tokens (each a known way in), sometimes any text at all.
    token = draw(st.sampled_from(HOSTILE) if draw(st.integers(0, 3)) else st.text(max_size=40))
    if kind == "insert":
        at = draw(st.integers(0, len(text)))
        return target, (text[:at] + token + text[at:]).encode("utf-8", "surrogatepass")
    if kind == "replace":
        keyed = list(_KEYED_LINE.finditer(text))
        match = keyed[draw(st.integers(0, len(keyed) - 1))]
        quote = draw(st.sampled_from(("", '"', "'")))
        value = f"{quote}{token}{quote}"
        return target, (text[: match.start(2)] + value + text[match.end(2) :]).encode(
            "utf-8", "surrogatepass"
        )
    lines = text.splitlines(keepends=True)
    start = draw(st.integers(0, len(lines) - 1))
    end = draw(st.integers(start, min(len(lines), start + 20)))
    if kind == "delete":
        return target, "".join(lines[:start] + lines[end:]).encode("utf-8")
    if kind == "repeat":
        return target, "".join(lines[:end] + lines[start:]).encode("utf-8")
    at = draw(st.integers(0, len(pristine[target])))
    noise = draw(st.binary(min_size=1, max_size=8))
    return target, pristine[target][:at] + noise + pristine[target][at:]


def _make_project(folder: Path) -> Path:
    """A copy of the repository's specs and site in a fresh git repository."""
    project = folder / "project"
    for part in ("specs", "site", "templates"):
        shutil.copytree(REPO / part, project / part)
    env = {**os.environ, "GIT_AUTHOR_NAME": "fuzz", "GIT_AUTHOR_EMAIL": "fuzz@example.invalid"}
    env |= {"GIT_COMMITTER_NAME": "fuzz", "GIT_COMMITTER_EMAIL": "fuzz@example.invalid"}
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "fuzz corpus"]):
        subprocess.run(["git", *command], cwd=project, check=True, env=env)
    return project


def fuzz(minutes: float, build_every: int, findings: Path) -> Fuzzer:
    """Run inputs until `minutes` have passed; the fuzzer holds the counts."""
    with tempfile.TemporaryDirectory(prefix="credgen-fuzz-") as tmp:
        project = _make_project(Path(tmp))
        os.chdir(project)
        fuzzer = Fuzzer(project, findings, build_every)
        deadline = time.monotonic() + minutes * 60

        @settings(max_examples=50, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(mutations(fuzzer.pristine))
        def one_batch(case: tuple[str, bytes]) -> None:
            if time.monotonic() < deadline:
                fuzzer.run(*case)

        while time.monotonic() < deadline:
            one_batch()  # each batch draws afresh: there is no example database
        os.chdir(REPO)
    return fuzzer


def main_fuzz() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--build-every", type=int, default=10)
    parser.add_argument(
        "--findings", type=Path, default=Path(tempfile.gettempdir()) / "credgen-fuzz-findings"
    )
    args = parser.parse_args()
    started = time.monotonic()
    fuzzer = fuzz(args.minutes, args.build_every, args.findings.resolve())
    elapsed = time.monotonic() - started
    print(f"inputs: {fuzzer.inputs} ({fuzzer.builds} also built) in {elapsed / 60:.1f} min")
    print(f"findings: {len(fuzzer.found)} distinct, {sum(fuzzer.found.values())} inputs")
    for signature, count in fuzzer.found.items():
        print(f"  {count:6d}  {signature}")
    print(f"saved under: {args.findings}" if fuzzer.found else "no findings")


if __name__ == "__main__":
    main_fuzz()
