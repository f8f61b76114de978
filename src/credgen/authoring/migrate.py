"""`credgen migrate`: upgrade every file under `specs/` to the current format, in place.

Files are read and written with ruamel.yaml's round-trip mode, so comments, key order, quoting
and line breaks survive: the only lines that change are the ones a step changes. Each step
upgrades one format to the next; a file without `credgen_format` is format 1. Endorsement
ledgers are left alone: they are append-only records with their own model.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from credgen.exceptions import ProjectError
from credgen.models.common import FORMAT_VERSION


def _format_1_to_2(data: CommentedMap) -> None:
    """Format 2 only added optional fields (statements under domains, statement mappings,
    entrustment, references, working group, gateway): nothing in a format-1 file changes."""
    del data


#: Step from format N to N + 1, keyed by N.
STEPS: dict[int, Callable[[CommentedMap], None]] = {1: _format_1_to_2}


def migratable_files(root: Path) -> list[Path]:
    """The files `credgen migrate` upgrades, in path order."""
    specs = root / "specs"
    found = [*specs.glob("credentials/*/credential.yaml"), *specs.glob("frameworks/*.yaml")]
    found += [path for path in (specs / "glossary.yaml", specs / "panel.yaml") if path.is_file()]
    return sorted(found)


def migrate_project(root: Path) -> list[Path]:
    """Upgrade every file of the project at `root`; returns those that changed."""
    return [path for path in migratable_files(root) if migrate_file(path, shown_as=_relative(path, root))]


def migrate_file(path: Path, *, shown_as: str) -> bool:
    """Upgrade one file in place to the current format; returns whether it changed."""
    yaml = _round_trip()
    text = path.read_text(encoding="utf-8")
    data = _load(yaml, text, shown_as)
    version = data.get("credgen_format", 1)
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise ProjectError(
            f"{shown_as}: 'credgen_format: {version}' is not a format this credgen knows "
            f"(1 to {FORMAT_VERSION})",
            hint="upgrade credgen, or correct the value",
        )
    if version == FORMAT_VERSION and "credgen_format" in data:
        return False
    for step in range(version, FORMAT_VERSION):
        STEPS[step](data)
    _set_format(data)
    _write(path, yaml, data)
    return True


def _round_trip() -> YAML:
    """A ruamel.yaml reader and writer that keeps the project's layout."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap long lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _load(yaml: YAML, text: str, shown_as: str) -> CommentedMap:
    """The file's top-level mapping, or a project error saying how to find the problem."""
    try:
        data = yaml.load(text)
    except YAMLError as error:
        raise ProjectError(
            f"{shown_as}: not valid YAML, so it cannot be upgraded", hint="run 'credgen check' to see why"
        ) from error
    if not isinstance(data, CommentedMap):
        raise ProjectError(f"{shown_as}: the top level is not a mapping, so it cannot be upgraded")
    return data


def _set_format(data: CommentedMap) -> None:
    """`credgen_format` as the first key (after any leading comment)."""
    if "credgen_format" in data:
        data["credgen_format"] = FORMAT_VERSION
    else:
        data.insert(0, "credgen_format", FORMAT_VERSION)


def _write(path: Path, yaml: YAML, data: CommentedMap) -> None:
    """Replace the file atomically, so an interrupted run leaves it whole."""
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    temporary = path.with_name(path.name + ".migrating")
    temporary.write_text(buffer.getvalue(), encoding="utf-8")
    temporary.replace(path)


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()
