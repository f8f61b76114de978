"""Read one YAML file into plain data plus the position of every key and value.

The loader is deliberately narrower than YAML: one document, a mapping at the top, no anchors
or aliases, no explicit tags, and scalars resolved by the YAML 1.2 core schema (so `no` stays the
string "no" and `1.10` is a number the schema then refuses with a hint to quote it). Problems
become diagnostics; nothing here raises on bad input.
"""

from __future__ import annotations

import dataclasses
import math
import re
from pathlib import Path
from typing import Any, ClassVar

import yaml

from credgen.diagnostics import Diagnostic

#: Larger files are refused before parsing; a real specification is well under 200 KiB.
MAX_FILE_BYTES = 1024 * 1024

#: Deeper flow nesting is refused before parsing (libyaml recurses without a limit).
MAX_FLOW_DEPTH = 64

#: Deeper block nesting is refused while walking the node tree.
MAX_DEPTH = 32

Loc = tuple[str | int, ...]
Position = tuple[int, int]

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_SPECIAL_FLOATS = {".inf": math.inf, "-.inf": -math.inf, "+.inf": math.inf, ".nan": math.nan}
_BRACKETS = re.compile(r"[\[\]{}]")


class _Loader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """libyaml's parser with no implicit resolvers: every plain scalar is tagged `str`.

    An untagged scalar therefore always carries the `str` tag, so any other tag on a scalar is
    one the author wrote, and plain scalars are resolved by `_resolve_plain` instead.
    """

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {}

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:  # noqa: ARG002
        """The default tag for an untagged node (libyaml calls this for every node)."""
        if kind is yaml.ScalarNode:
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


@dataclasses.dataclass(slots=True)
class SourceFile:
    """A loaded YAML file: its data, and where each part of it was written."""

    path: str
    """Path relative to the project root, as shown in every diagnostic."""

    data: Any = None
    """The parsed document: dicts, lists, strings, numbers, booleans and None."""

    values: dict[Loc, Position] = dataclasses.field(default_factory=dict)
    """1-based (line, column) of each value, keyed by its path in the document."""

    keys: dict[Loc, Position] = dataclasses.field(default_factory=dict)
    """1-based (line, column) of each mapping key, keyed by the path of its value."""

    raw: dict[Loc, str] = dataclasses.field(default_factory=dict)
    """The source text of scalars that resolved to something other than a string."""

    diagnostics: list[Diagnostic] = dataclasses.field(default_factory=list)
    """Problems found while reading the file."""

    def at(self, loc: Loc, *, key: bool = False) -> Position:
        """Position of `loc` (its key with `key=True`), else of its nearest known ancestor."""
        if key and loc in self.keys:
            return self.keys[loc]
        if loc in self.values:
            return self.values[loc]
        while loc:
            loc = loc[:-1]
            if loc in self.values:
                return self.values[loc]
        return (1, 1)

    def without(self, deletions: list[Loc]) -> SourceFile:
        """A copy whose position tables follow the data after `deletions` (see `recover`)."""
        from credgen.recover import shift_path

        copy = dataclasses.replace(self, values=dict(self.values), keys=dict(self.keys), raw={})
        for deleted in deletions:
            for table in (copy.values, copy.keys):
                moved = {shift_path(loc, deleted): where for loc, where in table.items()}
                moved.pop(None, None)
                table.clear()
                table.update({loc: where for loc, where in moved.items() if loc is not None})
        return copy

    def error(self, code: str, message: str, loc: Loc = (), *, key: bool = False) -> Diagnostic:
        """A diagnostic at `loc` in this file."""
        line, column = self.at(loc, key=key)
        return Diagnostic(self.path, line, column, code, message)


def read_source(path: Path, shown_as: str) -> SourceFile:
    """Read and parse `path`; problems are collected in the result's `diagnostics`."""
    source = SourceFile(shown_as)
    text = _read_text(path, source)
    if text is not None and _check_flow_depth(text, source):
        _parse(text, source)
    return source


def parse_text(text: str, shown_as: str) -> SourceFile:
    """Parse YAML text already in memory (used by tests and `credgen new`)."""
    source = SourceFile(shown_as)
    if _check_flow_depth(text, source):
        _parse(text, source)
    return source


def _read_text(path: Path, source: SourceFile) -> str | None:
    """The file's text, or None with a diagnostic when it is unreadable, too big or not UTF-8."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            source.diagnostics.append(
                source.error("CG002", f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
            )
            return None
        blob = path.read_bytes()
    except OSError as exc:
        source.diagnostics.append(source.error("CG001", f"cannot read file: {exc.strerror}"))
        return None
    try:
        return blob.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = blob.count(b"\n", 0, exc.start) + 1
        column = exc.start - (blob.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"file is not valid UTF-8 (byte 0x{blob[exc.start]:02x})"
        source.diagnostics.append(Diagnostic(source.path, line, column, "CG001", message))
        return None


def _check_flow_depth(text: str, source: SourceFile) -> bool:
    """Refuse deeply nested `[`/`{` before libyaml sees them (it has no recursion limit)."""
    if text.count("[") + text.count("{") <= MAX_FLOW_DEPTH:
        return True
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_FLOW_DEPTH:
            line = text.count("\n", 0, match.start()) + 1
            column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
            message = f"brackets nested deeper than {MAX_FLOW_DEPTH} levels"
            source.diagnostics.append(Diagnostic(source.path, line, column, "CG003", message))
            return False
    return True


def _parse(text: str, source: SourceFile) -> None:
    """Compose the node tree with libyaml, then walk it into plain data."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        source.diagnostics.append(_syntax_error(exc, source.path, text))
        return
    except yaml.YAMLError as exc:
        source.diagnostics.append(source.error("CG003", f"invalid YAML: {exc}"))
        return
    finally:
        loader.dispose()
    if node is None:
        source.diagnostics.append(source.error("CG007", "file is empty; expected a mapping"))
        return
    if not isinstance(node, yaml.MappingNode):
        found = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        diagnostic = _at(source.path, node, "CG007", f"expected a mapping of keys, found {found}")
        source.diagnostics.append(diagnostic)
        return
    source.data = _Walker(source).walk(node, ())


def _syntax_error(exc: yaml.MarkedYAMLError, path: str, text: str) -> Diagnostic:
    """Turn a libyaml error into a one-line diagnostic at the problem's position."""
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "invalid YAML"
    if mark is not None and text[mark.index : mark.index + 1] == "\t":
        message = "tab character in indentation; indent with spaces"
    elif "but found another document" in problem:
        message = "more than one YAML document; a file holds exactly one"
    else:
        context = f" {exc.context}" if exc.context else ""
        started = exc.context_mark
        if context and started is not None and mark is not None and started.line != mark.line:
            context += f" that started on line {started.line + 1}"
        message = f"invalid YAML: {problem}{context}"
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Diagnostic(path, line, column, "CG003", message)


def _at(path: str, node: yaml.Node, code: str, message: str) -> Diagnostic:
    """A diagnostic at the start of a node."""
    return Diagnostic(path, node.start_mark.line + 1, node.start_mark.column + 1, code, message)


class _Walker:
    """Turns a node tree into data, recording positions and refusing what specs never need."""

    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.seen: set[int] = set()
        self.alias_reported = False

    def walk(self, node: yaml.Node, loc: Loc) -> Any:
        """Data for `node` at path `loc`."""
        if id(node) in self.seen:
            if not self.alias_reported:
                self._refuse(node, "CG004", "anchors and aliases are not allowed; write the value out")
                self.alias_reported = True
            return None
        self.seen.add(id(node))
        if len(loc) > MAX_DEPTH:
            self._refuse(node, "CG003", f"nested deeper than {MAX_DEPTH} levels")
            return None
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, loc)
        if isinstance(node, yaml.SequenceNode):
            return self._sequence(node, loc)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        raise TypeError(f"unexpected YAML node {type(node).__name__}")

    def _refuse(self, node: yaml.Node, code: str, message: str) -> None:
        self.source.diagnostics.append(_at(self.source.path, node, code, message))

    def _scalar(self, node: yaml.ScalarNode, loc: Loc) -> Any:
        if node.tag != _STR:
            self._refuse(node, "CG005", f"explicit tag '{_short_tag(node.tag)}' is not allowed")
            return None
        if node.style:
            return node.value
        value = _resolve_plain(node.value)
        if not isinstance(value, str) and value is not None:
            self.source.raw[loc] = node.value
        return value

    def _sequence(self, node: yaml.SequenceNode, loc: Loc) -> list[Any]:
        if node.tag != _SEQ:
            self._refuse(node, "CG005", f"explicit tag '{_short_tag(node.tag)}' is not allowed")
        values = self.source.values
        items = []
        for index, item in enumerate(node.value):
            child = (*loc, index)
            values[child] = (item.start_mark.line + 1, item.start_mark.column + 1)
            items.append(self.walk(item, child))
        return items

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        if node.tag != _MAP:
            self._refuse(node, "CG005", f"explicit tag '{_short_tag(node.tag)}' is not allowed")
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node)
            if key is None:
                continue
            child = (*loc, key)
            if key in result:
                first = self.source.keys[child][0]
                self._refuse(key_node, "CG006", f"duplicate key '{key}' (first set on line {first})")
                continue
            self.source.keys[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            mark = value_node.start_mark
            self.source.values[child] = (mark.line + 1, mark.column + 1)
            result[key] = self.walk(value_node, child)
        return result

    def _key(self, node: yaml.Node) -> str | None:
        if not isinstance(node, yaml.ScalarNode) or node.tag != _STR:
            self._refuse(node, "CG008", "keys must be plain words")
            return None
        if node.value == "<<" and not node.style:
            self._refuse(node, "CG004", "merge keys ('<<') are not allowed; write the keys out")
            return None
        return str(node.value)


def _resolve_plain(text: str) -> Any:
    """Resolve an unquoted scalar by the YAML 1.2 core schema."""
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.fullmatch(text):
        return int(text, 0) if text[:2] in ("0o", "0x") else int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    lowered = text.lower()
    if lowered in _SPECIAL_FLOATS:
        return _SPECIAL_FLOATS[lowered]
    return text


def _short_tag(tag: str) -> str:
    """`tag:yaml.org,2002:python/object` → `!!python/object`."""
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag
