"""`credgen.forked`: work in a forked child while the build goes on, errors carried back.

A fork is only taken in a single-threaded process, which pytest may not be, so the child's side
runs in a fresh interpreter; the in-process fallback is tested here directly.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from credgen.exceptions import ProjectError
from credgen.forked import BACKGROUND_NICENESS, Forked

CHILD_SCRIPT = r"""
import json, os, sys, time
from pathlib import Path
from credgen.exceptions import ProjectError, RenderError
from credgen.forked import Forked

out = Path(sys.argv[1])
found = {}

work = Forked(lambda: (out / "pid").write_text(f"{os.getpid()} {os.nice(0)}"), what="the test work")
found["forked"] = work.forked
work.wait()
child_pid, child_niceness = map(int, (out / "pid").read_text().split())
found["child_pid_differs"] = child_pid != os.getpid()
found["niceness"] = [os.nice(0), child_niceness]

def fail_known():
    raise ProjectError("no specs folder", hint="run it in a project")

def fail_unknown():
    raise ZeroDivisionError("division by zero")

for name, job in (("known", fail_known), ("unknown", fail_unknown)):
    try:
        Forked(job, what="the test work").wait()
    except RenderError as error:
        found[name] = {"message": error.message, "hint": error.hint, "notes": error.__notes__}

started = time.perf_counter()
slow = Forked(lambda: time.sleep(60), what="the test work")
slow.stop()
found["stop_seconds"] = time.perf_counter() - started
print(json.dumps(found))
"""


def test_in_a_single_threaded_process_the_work_runs_in_a_child(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHILD_SCRIPT, str(tmp_path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["forked"] is True
    assert found["child_pid_differs"] is True
    build, child = found["niceness"]
    assert child == min(build + BACKGROUND_NICENESS, 19)  # background work yields to the build
    assert found["known"]["message"] == "the test work failed: no specs folder"
    assert found["known"]["hint"] == "run it in a project"
    assert found["unknown"]["message"] == "the test work failed: ZeroDivisionError: division by zero"
    assert found["unknown"]["hint"] is None
    assert "in fail_unknown" in found["unknown"]["notes"][0]  # the child's traceback, for -v
    assert found["stop_seconds"] < 10


def test_with_other_threads_the_work_waits_and_runs_here() -> None:
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        ran: list[int] = []
        work = Forked(lambda: ran.append(os.getpid()), what="the test work")
        assert not work.forked
        assert ran == []  # nothing happens until wait()
        work.wait()
        assert ran == [os.getpid()]
    finally:
        release.set()
        other.join()


def test_in_process_errors_are_the_works_own() -> None:
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        with pytest.raises(ProjectError, match=r"^no specs folder$"):
            Forked(_raise_project_error, what="the test work").wait()
        stopped = Forked(_raise_project_error, what="the test work")
        stopped.stop()
        stopped.wait()  # stopped before it ran: nothing left to do
    finally:
        release.set()
        other.join()


def test_leaving_a_failed_block_stops_the_work(tmp_path: Path) -> None:
    script = (
        "import sys, time\n"
        "from credgen.forked import Forked\n"
        "try:\n"
        "    with Forked(lambda: time.sleep(60), what='x'):\n"
        "        raise KeyError('elsewhere')\n"
        "except KeyError:\n"
        "    print('stopped')\n"
    )
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert result.stdout == "stopped\n", result.stderr
    assert time.perf_counter() - started < 30


def _raise_project_error() -> None:
    raise ProjectError("no specs folder")
