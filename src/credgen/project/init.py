"""`credgen init`: start an organisation's repository, and later refresh credgen's files in it.

A new project gets credgen's own files (workflows, theme overrides, `requirements.txt`,
pre-commit) and first versions of the organisation's (configuration, site, specifications),
the JSON Schemas and CODEOWNERS, then a first commit. `.credgen-manifest.json` records the hash
of each credgen file as installed, so `update_project` can tell a file the organisation edited
(left alone, or refused) from one it never touched (replaced, with its diff shown).
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import json
from pathlib import Path

from credgen.exceptions import ProjectError
from credgen.history.git import run_git
from credgen.project.starter import Starter, owned_files, starter_files

#: The manifest of credgen's files in a project, at its root.
MANIFEST = ".credgen-manifest.json"

#: Who makes the first commit when git has no identity configured (a fresh CI machine).
_FALLBACK_IDENTITY = ("-c", "user.name=credgen init", "-c", "user.email=credgen-init@localhost")


def init_project(target: Path, starter: Starter) -> list[str]:
    """Create the project in `target` (absent or empty), commit it, and return its files."""
    if target.exists() and any(target.iterdir()):
        raise ProjectError(
            f"{target} is not empty", hint="choose a new folder, or use --update in an existing project"
        )
    owned = owned_files()
    files = {**starter_files(starter), **owned}
    for path, data in files.items():
        _write(target / path, data)
    _write(target / MANIFEST, _manifest_text(owned))
    _write_schemas(target)
    _commit(target, "Start the project with credgen init")
    _write_codeowners(target)
    return sorted([*files, MANIFEST])


def _write_schemas(root: Path) -> None:
    """The JSON Schemas the specification files name on their first line."""
    import credgen.endorse.ledger  # noqa: F401  (registers ledger.schema.json)
    from credgen.models.schema import write_schemas

    write_schemas(root / "schema")


def _write_codeowners(root: Path) -> None:
    """CODEOWNERS from the starter panel, added to the first commit: it lists the members
    serving on the commit's date, so it is written once that commit exists."""
    from credgen.endorse.codeowners import write_codeowners

    write_codeowners(root)
    run_git(root, "add", "-A")
    run_git(root, *_identity(root), "commit", "-q", "--amend", "--no-edit")


def _commit(root: Path, message: str) -> None:
    """`git init` and a first commit of everything, on branch `main`."""
    run_git(root, "init", "-q", "-b", "main")
    run_git(root, "add", "-A")
    run_git(root, *_identity(root), "commit", "-q", "-m", message)


def _identity(root: Path) -> tuple[str, ...]:
    """Nothing when git knows who commits; else a stand-in, so a fresh machine can commit."""
    return () if run_git(root, "config", "user.email", check=False) else _FALLBACK_IDENTITY


@dataclasses.dataclass
class Update:
    """What `credgen init --update` found for each of credgen's files."""

    changed: dict[str, str] = dataclasses.field(default_factory=dict)
    """Files to replace or add, with their unified diff."""

    edited: dict[str, str] = dataclasses.field(default_factory=dict)
    """Files the organisation edited that credgen would change, with the diff it would apply."""

    manifest: dict[str, str] = dataclasses.field(default_factory=dict)
    """The manifest after the update."""


def plan_update(root: Path) -> Update:
    """Compare credgen's files in `root` with the installed credgen's, using the manifest."""
    recorded = _read_manifest(root)
    update = Update()
    for path, new in owned_files().items():
        current = (root / path).read_bytes() if (root / path).is_file() else None
        update.manifest[path] = _sha256(new)
        if current == new:
            continue
        untouched = current is not None and _sha256(current) == recorded.get(path)
        if untouched or (current is None and path not in recorded):
            update.changed[path] = _diff(path, current or b"", new)
            continue
        update.edited[path] = _diff(path, current or b"", new)  # edited, deleted, or not credgen's
        del update.manifest[path]
        if path in recorded:
            update.manifest[path] = recorded[path]
    return update


def apply_update(root: Path, update: Update) -> None:
    """Write the changed files and the new manifest; edited files are left as they are."""
    owned = owned_files()
    for path in update.changed:
        _write(root / path, owned[path])
    _write(root / MANIFEST, json.dumps(update.manifest, indent=2, sort_keys=True).encode() + b"\n")


def _read_manifest(root: Path) -> dict[str, str]:
    """The recorded hashes; a project without a manifest has no file credgen may replace."""
    path = root / MANIFEST
    if not path.is_file():
        raise ProjectError(
            f"no {MANIFEST} in {root}", hint="run --update in a project that credgen init created"
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ProjectError(f"{MANIFEST}: not valid JSON ({error})") from error
    if not isinstance(data, dict):
        raise ProjectError(f"{MANIFEST}: expected an object of path to SHA-256")
    return {str(key): str(value) for key, value in data.items()}


def _manifest_text(owned: dict[str, bytes]) -> bytes:
    """The manifest of freshly installed files."""
    hashes = {path: _sha256(data) for path, data in owned.items()}
    return json.dumps(hashes, indent=2, sort_keys=True).encode() + b"\n"


def _diff(path: str, old: bytes, new: bytes) -> str:
    """A unified diff of one file, as `git diff` shows it."""
    lines = difflib.unified_diff(
        old.decode("utf-8").splitlines(keepends=True),
        new.decode("utf-8").splitlines(keepends=True),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    )
    return "".join(lines)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
