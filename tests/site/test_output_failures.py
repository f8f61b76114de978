"""A build that cannot write its output says so in one line, exits 1 and leaves the previous site.

The failures are real: a full disk is a small tmpfs and a read-only folder a tmpfs remounted
read-only, each mounted in a mount namespace of the build's own (`unshare`), so nothing outside
the test sees them; a folder the build may not write to is one without write permission, the build
running without the capabilities that let root ignore permissions.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.site.conftest import make_site_project

PREVIOUS = "previous site\n"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_site_project(tmp_path_factory.mktemp("output") / "project", examples=False)


def _in_namespace(project: Path, out: Path, mount: str) -> subprocess.CompletedProcess[str]:
    """Mount a tmpfs at `out`'s folder (`mount` is its options, then `ro` to remount it read-only),
    put a previous site there, run `credgen build --no-pdf --out <out>`, then list what is left."""
    size, _, remount = mount.partition(",")
    build = shlex.join([sys.executable, "-m", "credgen", "build", "--no-pdf", "--out", str(out)])
    script = "\n".join(
        [
            f"mount -t tmpfs -o size={size} tmpfs {shlex.quote(str(out.parent))}",
            f"mkdir {shlex.quote(str(out))}",
            f"printf 'previous site\\n' > {shlex.quote(str(out / 'index.html'))}",
            f"mount -o remount,ro {shlex.quote(str(out.parent))}" if remount else "true",
            f"{build} 2>&1; echo exit=$?",
            f"ls -A {shlex.quote(str(out.parent))}; cat {shlex.quote(str(out / 'index.html'))}",
        ]
    )
    namespace = ["unshare", "--mount"] if os.geteuid() == 0 else ["unshare", "--mount", "--map-root-user"]
    return subprocess.run(
        [*namespace, "sh", "-c", script], cwd=project, capture_output=True, text=True, check=True
    )


def _errors_and_listing(output: str) -> list[str]:
    """What the build printed, less the specifications' warnings, then what the script listed."""
    return [line for line in output.splitlines() if ": warning[" not in line]


def test_a_full_disk_is_one_error_naming_the_file_and_the_previous_site_stays(
    project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "full" / "site"
    out.parent.mkdir()
    lines = _errors_and_listing(_in_namespace(project, out, "256k").stdout)
    assert re.fullmatch(
        rf"error: cannot write {re.escape(str(out.parent))}/\.site\.[0-9a-f]+/\S+: No space left on device; "
        "the previous site was left as it was",
        lines[0],
    ), lines
    assert lines[1:] == [
        "hint: free some disk space, or build into another folder with --out",
        "exit=1",
        ".cache",
        "site",
        PREVIOUS.strip(),
    ]


def test_a_read_only_folder_is_one_error_and_the_previous_site_stays(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "read-only" / "site"
    out.parent.mkdir()
    lines = _errors_and_listing(_in_namespace(project, out, "4m,ro").stdout)
    assert lines == [
        f"error: cannot write {out.parent}/.cache: Read-only file system; "
        "the previous site was left as it was",
        "hint: build into a folder you can write to with --out",
        "exit=1",
        "site",
        PREVIOUS.strip(),
    ]


def test_a_folder_the_build_may_not_write_to_is_one_error(project: Path, tmp_path: Path) -> None:
    parent = tmp_path / "locked"
    out = parent / "site"
    out.mkdir(parents=True)
    (out / "index.html").write_text(PREVIOUS, encoding="utf-8")
    parent.chmod(0o555)
    # As root, without the capabilities that bypass file permissions.
    unprivileged = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"] if os.geteuid() == 0 else []
    command = [*unprivileged, sys.executable, "-m", "credgen", "build", "--no-pdf", "--out", str(out)]
    try:
        result = subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)
    finally:
        parent.chmod(0o755)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"error: cannot write {parent}/.cache: Permission denied; the previous site was left as it was",
        "hint: build into a folder you can write to with --out",
    ]
    assert sorted(path.name for path in parent.iterdir()) == ["site"]
    assert (out / "index.html").read_text(encoding="utf-8") == PREVIOUS
