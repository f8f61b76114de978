"""Error recovery: after schema errors, drop what is broken so cross-reference rules still run.

A compiler keeps parsing after a syntax error so that one run shows every problem; credgen does
the same for schema errors. Each list item or optional field that failed validation is removed
and the file is validated again. The ids of removed items are remembered, so rules do not report
references to them as unknown (that would be a second report of the same mistake). Errors in a
required top-level field cannot be recovered from: then only the schema errors are reported.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

from pydantic import BaseModel, ValidationError

_ROUNDS = 3

Path = tuple[str | int, ...]


@dataclasses.dataclass(slots=True)
class Recovery:
    """What was left after removing the invalid parts of a document."""

    model: BaseModel
    """The model built from what remained."""

    removed_ids: frozenset[str]
    """Ids of removed items (and of everything inside them)."""

    deletions: list[Path]
    """The paths removed, in the order they were removed."""


def recover(data: Any, error: ValidationError, model: type[BaseModel]) -> Recovery | None:
    """A model built from `data` minus its invalid parts, or None when that is impossible."""
    data = copy.deepcopy(data)
    removed: set[str] = set()
    deletions: list[Path] = []
    for _ in range(_ROUNDS):
        prune = _prune_paths(error, model)
        if prune is None:
            return None
        for path in sorted(prune, key=_deletion_order, reverse=True):
            removed |= _delete(data, path)
            deletions.append(path)
        try:
            return Recovery(model.model_validate(data), frozenset(removed), deletions)
        except ValidationError as again:
            error = again
    return None


def shift_path(loc: Path, deleted: Path) -> Path | None:
    """Where `loc` is after `deleted` was removed: None if it was inside it, else re-indexed."""
    depth = len(deleted)
    if len(loc) < depth or loc[: depth - 1] != deleted[:-1]:
        return loc
    here, gone = loc[depth - 1], deleted[-1]
    if here == gone:
        return None
    if isinstance(gone, int) and isinstance(here, int) and here > gone:
        return (*loc[: depth - 1], here - 1, *loc[depth:])
    return loc


def _prune_paths(error: ValidationError, model: type[BaseModel]) -> set[Path] | None:
    """The paths to delete, or None when an error sits in a required top-level field."""
    paths: set[Path] = set()
    for detail in error.errors(include_url=False):
        loc = tuple(part for part in detail["loc"] if isinstance(part, str | int))
        if detail["type"] == "missing":
            loc = loc[:-1]
        path = _deletable(loc, model, extra=detail["type"] == "extra_forbidden")
        if path is None:
            return None
        paths.add(path)
    return {p for p in paths if not any(p[: len(q)] == q and p != q for q in paths)}


def _deletable(loc: Path, model: type[BaseModel], *, extra: bool) -> Path | None:
    """The innermost list item holding `loc`, else an unknown or optional top-level key."""
    for end in range(len(loc), 0, -1):
        if isinstance(loc[end - 1], int):
            return loc[:end]
    if extra and loc:
        return loc
    if len(loc) == 1 and isinstance(loc[0], str):
        field = model.model_fields.get(loc[0])
        if field is None or not field.is_required():
            return loc
    return None


def _deletion_order(path: Path) -> tuple[Any, ...]:
    """Delete later list items first so earlier indices stay valid."""
    return tuple((0, part) if isinstance(part, int) else (1, part) for part in path)


def _delete(data: Any, path: Path) -> set[str]:
    """Remove `path` from `data`; returns the id of what was removed, if it had one."""
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    removed = parent[last]
    del parent[last]
    return _ids_in(removed)


def _ids_in(value: Any) -> set[str]:
    """Every `id` in a removed value, however deep (a removed domain takes its capabilities)."""
    found: set[str] = set()
    if isinstance(value, dict):
        if isinstance(value.get("id"), str):
            found.add(value["id"])
        for child in value.values():
            found |= _ids_in(child)
    elif isinstance(value, list):
        for child in value:
            found |= _ids_in(child)
    return found
