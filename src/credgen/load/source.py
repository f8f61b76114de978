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
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from credgen.diagnostics import Diagnostic
from credgen.load.files import RefusedFileError, read_project_file
from credgen.load.text import character_diagnostics, integer_problem, position_of, unsafe_characters
from credgen.load.yaml_errors import folded_warning, folds_paragraphs, plain_syntax_error

#: Larger files are refused before parsing; a real specification is well under 200 KiB.
MAX_FILE_BYTES = 1024 * 1024

#: Deeper flow nesting is refused before parsing (no specification needs it, and libyaml
#: versions differ in how deep they allow).
MAX_FLOW_DEPTH = 64

#: Deeper block nesting is refused while walking the document.
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
    """libyaml's parser (PyYAML's own where libyaml is missing); only its events are used.

    An event's tag is one the author wrote (None when there is none), and plain scalars are
    resolved by `_resolve_plain`, never by PyYAML's YAML 1.1 resolvers.
    """


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

    warnings: list[Diagnostic] = dataclasses.field(default_factory=list)
    """Likely mistakes that still read as valid YAML (a folded block's paragraphs run together)."""

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
        from credgen.load.recover import shift_path

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


def read_source(path: Path, shown_as: str, root: Path | None = None) -> SourceFile:
    """Read and parse `path`, a file inside the project `root` (by default its own folder);
    problems are collected in the result's `diagnostics`."""
    source = SourceFile(shown_as)
    text = _read_text(path, root or path.parent, source)
    if text is not None and _check_characters(text, source) and _check_flow_depth(text, source):
        _parse(text, source)
    return source


def parse_text(text: str, shown_as: str) -> SourceFile:
    """Parse YAML text already in memory (used by tests and `credgen new`)."""
    source = SourceFile(shown_as)
    if _check_characters(text, source) and _check_flow_depth(text, source):
        _parse(text, source)
    return source


def _read_text(path: Path, root: Path, source: SourceFile) -> str | None:
    """The file's text, or None with a diagnostic when it is refused, too big or not UTF-8."""
    try:
        blob = read_project_file(path, root, limit=MAX_FILE_BYTES)
    except RefusedFileError as refusal:
        source.diagnostics.append(source.error(refusal.code, refusal.message))
        return None
    try:
        return blob.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = blob.count(b"\n", 0, exc.start) + 1
        column = exc.start - (blob.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"file is not valid UTF-8 (byte 0x{blob[exc.start]:02x})"
        source.diagnostics.append(Diagnostic(source.path, line, column, "CG001", message))
        return None


def _check_characters(text: str, source: SourceFile) -> bool:
    """Refuse control and direction characters where they are written; libyaml would report
    some only as a syntax error at the start of the line, and others not at all."""
    found = character_diagnostics(text, source.path)
    source.diagnostics += found
    return not found


def _check_flow_depth(text: str, source: SourceFile) -> bool:
    """Refuse deeply nested `[`/`{` before libyaml sees them (it has no recursion limit)."""
    if text.count("[") + text.count("{") <= MAX_FLOW_DEPTH:
        return True
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_FLOW_DEPTH:
            message = f"brackets nested deeper than {MAX_FLOW_DEPTH} levels"
            position = position_of(text, match.start())
            source.diagnostics.append(Diagnostic(source.path, *position, "CG003", message))
            return False
    return True


def _parse(text: str, source: SourceFile) -> None:
    """Parse with libyaml and build the data from its events.

    Building from events, rather than composing libyaml's node tree first, takes a quarter of
    the time. What the walk finds (positions, problems) is kept only if the whole stream
    parses, so a syntax error is reported alone.
    """
    loader = _Loader(text)
    walker = _Walker(SourceFile(source.path), loader)
    try:
        root, data = walker.document()
    except yaml.MarkedYAMLError as exc:
        source.diagnostics.append(_syntax_error(exc, source.path, text))
        return
    except yaml.YAMLError as exc:
        source.diagnostics.append(source.error("CG003", f"invalid YAML: {exc}"))
        return
    except _StreamError as error:
        source.diagnostics.append(Diagnostic(source.path, *error.position, "CG003", error.message))
        return
    finally:
        loader.dispose()
    # The positions, now that the whole stream has parsed.
    source.values, source.keys, source.raw = walker.source.values, walker.source.keys, walker.source.raw
    source.diagnostics += walker.diagnostics
    source.warnings += walker.source.warnings
    if root is None:
        source.diagnostics.append(source.error("CG007", "file is empty; expected a mapping"))
    elif not isinstance(root, yaml.MappingStartEvent):
        found = "a list" if isinstance(root, yaml.SequenceStartEvent) else "a single value"
        diagnostic = _at(source.path, root, "CG007", f"expected a mapping of keys, found {found}")
        source.diagnostics.append(diagnostic)
    else:
        source.data = data


def _syntax_error(exc: yaml.MarkedYAMLError, path: str, text: str) -> Diagnostic:
    """Turn a libyaml error into a one-line diagnostic at the problem's position."""
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "invalid YAML"
    if mark is not None and text[mark.index : mark.index + 1] == "\t":
        message = "tab character in indentation; indent with spaces"
    else:
        context = f" {exc.context}" if exc.context else ""
        started = exc.context_mark
        if context and started is not None and mark is not None and started.line != mark.line:
            context += f" that started on line {started.line + 1}"
        message = f"invalid YAML: {problem}{context}"
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if (plain := plain_syntax_error(exc, text)) is not None and message.startswith("invalid YAML"):
        line, column, message = plain
    return Diagnostic(path, line, column, "CG003", message)


def _at(path: str, event: yaml.Event, code: str, message: str) -> Diagnostic:
    """A diagnostic at the start of an event's node."""
    return Diagnostic(path, *_position(event), code, message)


def _position(event: yaml.Event) -> Position:
    """1-based (line, column) where an event's node starts (libyaml always marks events)."""
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


class _StreamError(Exception):
    """A stream libyaml parses but YAML (or credgen) does not accept, reported alone like a
    syntax error: a second document, an alias to no anchor."""

    def __init__(self, position: Position, message: str) -> None:
        super().__init__(message)
        self.position = position
        self.message = message


_START = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_END = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


class _Walker:
    """Turns libyaml's events into data, recording positions and refusing what specs never need."""

    def __init__(self, source: SourceFile, loader: _Loader) -> None:
        self.source = source
        self.next_event: Callable[[], yaml.Event] = loader.get_event
        self._check_event: Callable[[type[yaml.Event]], bool] = loader.check_event
        self.anchors: dict[str, Position] = {}
        """Where each anchored node starts: an alias is reported there, as it is the value."""
        self.alias_reported = False
        self.diagnostics: list[Diagnostic] = []

    def document(self) -> tuple[yaml.Event | None, Any]:
        """The first event of the single document's root (None if there is no document) and
        its data; a second document is an error, as composing would report it."""
        self.next_event()  # stream start
        if self._check_event(yaml.StreamEndEvent):
            return None, None
        self.next_event()  # document start
        root = self.next_event()
        data = None
        if isinstance(root, yaml.MappingStartEvent | yaml.AliasEvent):
            data = self.value(root, ())
        else:
            self._skip(root)
        self.next_event()  # document end
        if not self._check_event(yaml.StreamEndEvent):
            message = "more than one YAML document; a file holds exactly one"
            raise _StreamError(_position(self.next_event()), message)
        return root, data

    def value(self, event: yaml.Event, loc: Loc) -> Any:
        """Data for the node that starts with `event`, at path `loc`."""
        if isinstance(event, yaml.AliasEvent):
            self._alias(event)
            return None
        self._anchor(event)
        if len(loc) > MAX_DEPTH:
            self._refuse(event, "CG003", f"nested deeper than {MAX_DEPTH} levels")
            self._skip(event)
            return None
        if isinstance(event, yaml.ScalarEvent):
            return self._scalar(event, loc)
        if isinstance(event, yaml.SequenceStartEvent):
            return self._sequence(event, loc)
        if isinstance(event, yaml.MappingStartEvent):
            return self._mapping(event, loc)
        raise TypeError(f"unexpected YAML event {type(event).__name__}")

    def _refuse(self, event: yaml.Event, code: str, message: str) -> None:
        self.diagnostics.append(_at(self.source.path, event, code, message))

    def _anchor(self, event: yaml.Event) -> None:
        """Remember where an anchored node starts."""
        if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            self.anchors.setdefault(event.anchor, _position(event))

    def _alias(self, event: yaml.AliasEvent) -> None:
        """Refuse an alias (once a file), where its anchor is; one to no anchor is invalid YAML."""
        if event.anchor not in self.anchors:
            raise _StreamError(_position(event), "invalid YAML: found undefined alias")
        if not self.alias_reported:
            line, column = self.anchors[event.anchor or ""]
            message = "anchors and aliases are not allowed; write the value out"
            self.diagnostics.append(Diagnostic(self.source.path, line, column, "CG004", message))
            self.alias_reported = True

    def _skip(self, event: yaml.Event) -> None:
        """Consume the rest of the node that starts with `event`."""
        depth = 1 if isinstance(event, _START) else 0
        while depth:
            found = self.next_event()
            depth += 1 if isinstance(found, _START) else -1 if isinstance(found, _END) else 0

    def _check_tag(self, event: yaml.ScalarEvent | yaml.CollectionStartEvent, default: str) -> bool:
        """Whether the node has no tag but its default (`!` asks for the default too)."""
        if event.tag in (None, "!", default):
            return True
        self._refuse(event, "CG005", f"explicit tag '{_short_tag(event.tag)}' is not allowed")
        return False

    def _scalar(self, event: yaml.ScalarEvent, loc: Loc) -> Any:
        if not self._check_tag(event, _STR) or not self._check_text(event):
            return None
        if event.style == ">" and folds_paragraphs(event.value):
            self.source.warnings.append(folded_warning(self.source.path, _position(event)))
        if event.style:
            return event.value
        if _INT.fullmatch(event.value) and (problem := integer_problem(event.value)):
            self._refuse(event, "CG012", problem)
            return None
        value = _resolve_plain(event.value)
        if not isinstance(value, str) and value is not None:
            self.source.raw[loc] = event.value
        return value

    def _sequence(self, event: yaml.SequenceStartEvent, loc: Loc) -> list[Any]:
        self._check_tag(event, _SEQ)
        values = self.source.values
        items: list[Any] = []
        while not isinstance(item := self.next_event(), yaml.SequenceEndEvent):
            child = (*loc, len(items))
            values[child] = self._where(item)
            items.append(self.value(item, child))
        return items

    def _mapping(self, event: yaml.MappingStartEvent, loc: Loc) -> dict[str, Any]:
        self._check_tag(event, _MAP)
        result: dict[str, Any] = {}
        while not isinstance(key_event := self.next_event(), yaml.MappingEndEvent):
            key = self._key(key_event)
            value_event = self.next_event()
            if key is None:  # reported by `_key`
                self._skip(value_event)
                continue
            child = (*loc, key)
            if key in result:
                first = self.source.keys[child][0]
                self._refuse(key_event, "CG006", f"duplicate key '{key}' (first set on line {first})")
                self._skip(value_event)
                continue
            self.source.keys[child] = _position(key_event)
            self.source.values[child] = self._where(value_event)
            result[key] = self.value(value_event, child)
        return result

    def _key(self, event: yaml.Event) -> str | None:
        """The key a mapping entry starts with; None (reported) if it is not a plain word."""
        if isinstance(event, yaml.AliasEvent):
            self._alias(event)
            return None
        self._anchor(event)
        if not isinstance(event, yaml.ScalarEvent) or event.tag not in (None, "!", _STR):
            self._refuse(event, "CG008", "keys must be plain words")
            self._skip(event)
            return None
        if not self._check_text(event):
            return None
        if event.value == "<<" and not event.style:
            self._refuse(event, "CG004", "merge keys ('<<') are not allowed; write the keys out")
            return None
        return str(event.value)

    def _check_text(self, event: yaml.ScalarEvent) -> bool:
        """Refuse a control or direction character written as an escape (`"\\u202e"`); the
        file scan has already refused any written as itself."""
        for _index, code, message in unsafe_characters(event.value):
            self._refuse(event, code, message)
            return False
        return True

    def _where(self, event: yaml.Event) -> Position:
        """Where a value starts: an alias's value starts at its anchor."""
        if isinstance(event, yaml.AliasEvent):
            return self.anchors.get(event.anchor or "", _position(event))
        return _position(event)


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
