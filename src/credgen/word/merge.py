"""Write imported content into the YAML file, changing only what changed.

ruamel.yaml's round-trip mode keeps the file's comments, key order and the exact text of every
value it is not asked to change. Whether a value changed is decided on the data credgen itself
reads (the YAML 1.2 core schema), so a date or a quoted version is never rewritten just because
two libraries type it differently.
"""

from __future__ import annotations

import io
import textwrap
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from credgen.load.source import parse_text
from credgen.models.common import FORMAT_VERSION
from credgen.models.credential import Credential
from credgen.word.layout import carried_keys

#: Folded text is wrapped to this width (the examples' width), counting its indentation.
WIDTH = 98

SCHEMA_COMMENT = "yaml-language-server: $schema=../../../schema/credential.schema.json"


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def merge_yaml(original: str | None, data: dict[str, Any]) -> str:
    """`original` with `data`'s values in it; a new file in the model's key order without one."""
    yaml = _yaml()
    if original is None:
        tree = CommentedMap()
        tree.yaml_set_start_comment(SCHEMA_COMMENT)
        tree["credgen_format"] = FORMAT_VERSION  # a new file is written in the current format
        _merge_map(tree, {}, data, 0)
    else:
        tree = yaml.load(original)
        old = parse_text(original, "original").data or {}
        _merge_map(tree, old, data, 0)
    output = io.StringIO()
    yaml.dump(tree, output)
    return output.getvalue()


def _merge_map(
    node: CommentedMap, old: dict[str, Any], new: dict[str, Any], depth: int, path: tuple[str, ...] = ()
) -> None:
    """Make `node` hold `new`, touching only the keys whose values differ from `old`."""
    carried = carried_keys(path)
    for key in [k for k in node if k not in new and k in carried and old.get(k) not in ([], False)]:
        del node[key]  # emptied in Word; an explicit empty default (`mpf: []`) stays
    for key, value in new.items():
        if key in node and _same(old.get(key), value):
            continue
        if key not in node and value in (False, []):
            continue  # a default the file leaves out (`illustrative: false`) stays out
        if key in node:
            node[key] = _merged(node[key], old.get(key), value, depth + 1, (*path, key))
        else:
            node.insert(_position(node, key), key, _fresh(value, depth + 1))


def _merged(node: Any, old: Any, new: Any, depth: int, path: tuple[str, ...]) -> Any:
    """`node` changed to hold `new`, in place where both are mappings or both lists."""
    if isinstance(node, CommentedMap) and isinstance(new, dict) and isinstance(old, dict):
        _merge_map(node, old, new, depth, path)
        return node
    if isinstance(node, CommentedSeq) and isinstance(new, list) and isinstance(old, list):
        _merge_list(node, old, new, depth, path)
        return node
    return _fresh(new, depth, like=node)


def _merge_list(
    node: CommentedSeq, old: list[Any], new: list[Any], depth: int, path: tuple[str, ...]
) -> None:
    """Change items in place, then append new ones or drop those no longer there."""
    del node[len(new) :]
    for index, value in enumerate(new):
        if index >= len(node):
            node.append(_fresh(value, depth + 1))
        elif not _same(old[index] if index < len(old) else None, value):
            before = old[index] if index < len(old) else None
            node[index] = _merged(node[index], before, value, depth + 1, path)


def _same(old: Any, new: Any) -> bool:
    """Whether two values read the same once surrounding whitespace is ignored (as the model does)."""
    if isinstance(old, str) and isinstance(new, str):
        return old.strip() == new.strip()
    if isinstance(old, dict) and isinstance(new, dict):
        return old.keys() == new.keys() and all(_same(old[k], new[k]) for k in old)
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(_same(a, b) for a, b in zip(old, new, strict=True))
    return type(old) is type(new) and bool(old == new)


def _position(node: CommentedMap, key: str) -> int:
    """Where a new key goes: after the keys the model declares before it."""
    order = _field_order()
    if key not in order:
        return len(node)
    rank = order.index(key)
    return sum(1 for existing in node if existing in order and order.index(existing) < rank)


def _field_order() -> list[str]:
    """Every field name of the credential models, in declaration order (parents first)."""
    from credgen.models import credential

    names: list[str] = []
    for model in (credential.Credential, credential.Need, credential.Domain, credential.Capability,
                  credential.Statement, credential.Outcome, credential.Epa, credential.AssessmentMethod,
                  credential.Author, credential.Dates):  # fmt: skip
        names += [name for name in model.model_fields if name not in names]
    return names


def _fresh(value: Any, depth: int, like: Any = None) -> Any:
    """A new YAML node for `value`, styled like the node it replaces where there is one."""
    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[key] = _fresh(item, depth + 1)
        return mapping
    if isinstance(value, list):
        return CommentedSeq(_fresh(item, depth + 1) for item in value)
    if isinstance(value, str):
        return _text(value, depth, like)
    return value


def _text(value: str, depth: int, like: Any) -> Any:
    """Text as a literal block when it has line breaks (so paragraphs stay apart), folded when
    long, and quoted as before otherwise."""
    if "\n" in value:
        return LiteralScalarString(value)
    if isinstance(like, FoldedScalarString) or len(value) > WIDTH - 2 * depth - 20:
        return _folded(value, depth)
    if isinstance(like, DoubleQuotedScalarString):
        return DoubleQuotedScalarString(value)
    if isinstance(like, SingleQuotedScalarString):
        return SingleQuotedScalarString(value)
    return value


def _folded(value: str, depth: int) -> Any:
    """A `>-` block wrapped at `WIDTH`, as the examples are."""
    folded = FoldedScalarString(value)
    lines = textwrap.wrap(value, width=WIDTH - 2 * depth, break_long_words=False, break_on_hyphens=False)
    if " ".join(lines) == value:  # wrapping at single spaces only keeps the text exact
        positions, offset = [], 0
        for line in lines[:-1]:
            offset += len(line)
            positions.append(offset)
            offset += 1
        folded.fold_pos = positions
    return folded


def check_written(text: str, expected: Credential | None) -> bool:
    """Whether `text` reads back (with credgen's own loader) as `expected`."""
    source = parse_text(text, "written")
    if expected is None or source.diagnostics or source.data is None:
        return expected is None
    try:
        return Credential.model_validate(source.data) == expected
    except ValueError:
        return False
