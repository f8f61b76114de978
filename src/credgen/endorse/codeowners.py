"""`.github/CODEOWNERS` generated from the endorsement panel, so GitHub asks the panel to review.

The file has one generated block between a BEGIN and an END line; everything outside the block
belongs to the operator and is kept as it is (rules for the maintainers of the code, say). The
block names the members whose term covers the build date (from git or `SOURCE_DATE_EPOCH`,
never the clock), so the same commit always gives the same file, and a term that ends makes
`credgen codeowners --check` ask for the file to be regenerated.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path

from credgen.diagnostics import count_errors
from credgen.exceptions import ProjectError, SpecError
from credgen.history import git as gitinfo
from credgen.load.documents import load_file
from credgen.load.files import RefusedFileError, read_project_file
from credgen.load.source import MAX_FILE_BYTES
from credgen.models.panel import Panel, PanelMember, PanelRole

CODEOWNERS_PATH = ".github/CODEOWNERS"
PANEL_PATH = "specs/panel.yaml"

BEGIN = "# BEGIN credgen: generated from specs/panel.yaml by `credgen codeowners`; do not edit by hand"
END = "# END credgen"

DEFAULT_HEAD = """\
# Who GitHub asks to review a change, by path; when several rules match, the last one wins.
#
# The block between the BEGIN and END lines is generated from specs/panel.yaml. After changing
# the panel, run `credgen codeowners` and commit the result; CI runs `credgen codeowners --check`.
# Lines outside the block are kept as they are: put rules for the maintainers of the code
# (src/, templates/, .github/) above it, for example `* @your-org/credgen-maintainers`.

"""

#: Paths every serving panel member reviews: the content they endorse, and the providers'
#: delivery plans with their approval ledgers (approved by the same panel, see
#: `credgen.delivery.approve`).
_PANEL_PATHS = (
    "/specs/credentials/",
    "/specs/endorsements/",
    "/specs/frameworks/",
    "/specs/glossary.yaml",
    "/specs/providers/",
    "/specs/delivery/",
)

#: Paths only the chair reviews: the governed files (see `credgen.endorse.governance`).
_CHAIR_PATHS = (
    "/" + PANEL_PATH,
    "/specs/criteria.yaml",
    "/specs/governance.yaml",
    "/specs/keys/",
)


@dataclasses.dataclass(frozen=True, slots=True)
class Parts:
    """An existing CODEOWNERS file split around its generated block."""

    head: str
    """Text before the BEGIN line (the default preamble for a new file)."""

    tail: str
    """Text after the END line."""


def render_block(panel: Panel, on: dt.date) -> str:
    """The generated block for the members serving on `on`, BEGIN and END lines included."""
    serving = sorted((m for m in panel.members if m.serves_on(on)), key=lambda m: m.login.lower())
    if not serving:
        raise ProjectError(
            f"no member of the panel in {PANEL_PATH} serves on {on.isoformat()}, so nobody could review",
            hint="add a serving member, or set SOURCE_DATE_EPOCH when building outside git",
        )
    chairs = [m for m in serving if m.role is PanelRole.CHAIR] or serving
    rules = [(path, serving) for path in _PANEL_PATHS]
    rules += [(path, chairs) for path in _CHAIR_PATHS]
    width = max(len(path) for path, _ in rules)
    lines = [BEGIN, "#", "# Serving panel members:"]
    lines += [f"#   @{m.login} ({m.role}): {m.name}" for m in serving]
    lines += ["#", "# Panel members review specifications, frameworks, glossary, ledger and delivery plans;"]
    lines += ["# the chair reviews changes to the panel, criteria, trusted keys and governance record."]
    lines += [f"{path.ljust(width)}  {_owners(members)}" for path, members in rules]
    lines.append(END)
    return "\n".join(lines) + "\n"


def _owners(members: list[PanelMember]) -> str:
    """`@login` for each member, in order."""
    return " ".join(f"@{m.login}" for m in members)


def split_existing(text: str | None) -> Parts:
    """Split an existing file around its block; a file without one keeps all its text as head."""
    if text is None:
        return Parts(DEFAULT_HEAD, "")
    lines = text.splitlines(keepends=True)
    stripped = [line.rstrip("\r\n") for line in lines]
    begin = stripped.index(BEGIN) if BEGIN in stripped else None
    end = stripped.index(END) if END in stripped else None
    if begin is None and end is None:
        head = text if text.endswith("\n") or not text else text + "\n"
        return Parts(head, "")
    if begin is None or end is None or end < begin:
        raise ProjectError(
            f"{CODEOWNERS_PATH} has a broken generated block "
            "(BEGIN and END lines must both appear, in order)",
            hint="delete the block's lines and run 'credgen codeowners' to write it again",
        )
    return Parts("".join(lines[:begin]), "".join(lines[end + 1 :]))


def load_panel(root: Path) -> Panel:
    """The panel from `specs/panel.yaml`; raises when it is missing or not valid."""
    path = root / PANEL_PATH
    if not path.is_file():
        raise ProjectError(
            f"no {PANEL_PATH}: CODEOWNERS is generated from the endorsement panel",
            hint="create the panel file listing who may endorse (see the contributor guide)",
        )
    document, diagnostics = load_file(path, root, Panel)
    count = count_errors(diagnostics)
    if document is None or count:
        raise SpecError(
            f"{PANEL_PATH} is not valid ({count} error{'s' * (count != 1)})",
            count=count,
            hint=f"run 'credgen check {PANEL_PATH}' to see them",
        )
    return document.model


def expected_codeowners(root: Path) -> str:
    """The full text `.github/CODEOWNERS` should have: the operator's lines and a fresh block."""
    parts = split_existing(_current(root))
    on = gitinfo.build_timestamp(root).date()
    return parts.head + render_block(load_panel(root), on) + parts.tail


def _current(root: Path) -> str | None:
    """The committed `.github/CODEOWNERS` (None when there is none), read as a project file."""
    target = root / CODEOWNERS_PATH
    if not os.path.lexists(target):
        return None
    try:
        return read_project_file(target, root, limit=MAX_FILE_BYTES).decode("utf-8")
    except (RefusedFileError, UnicodeDecodeError) as error:
        reason = error.message if isinstance(error, RefusedFileError) else "file is not valid UTF-8"
        raise ProjectError(f"{CODEOWNERS_PATH}: {reason}") from None


def codeowners_is_stale(root: Path) -> bool:
    """Whether the committed file differs from what the panel gives."""
    return _current(root) != expected_codeowners(root)


def write_codeowners(root: Path) -> bool:
    """Write the file; returns whether anything changed."""
    text = expected_codeowners(root)
    target = root / CODEOWNERS_PATH
    if _current(root) == text:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8", newline="\n")
    return True
