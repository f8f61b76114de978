"""The canonical form of a specification, and its SHA-256: what an endorsement is bound to.

The hash must not change when only the *writing* of a file changes (comments, key order, quoting
style, block or flow style, folded or literal strings, a trailing newline), and must change when
anything a reader would see changes. It is computed from the YAML as parsed by `credgen.load.source`
(not from the Pydantic model), so a ledger entry written today still verifies after the model
gains fields or renames one.

Normalisation, applied to the parsed document:

1. The lifecycle pointers `status` and `superseded_by` (top-level keys) are left out: a
   specification may move on to `superseded` or `withdrawn` after endorsement without changing
   what was endorsed. So is `credgen_format`, which says how the file is written (`credgen
   migrate` adds or raises it), not what it says. Every other key counts, including `version`
   and `dates`.
2. Strings: line breaks `\\r\\n` and `\\r` become `\\n`; Unicode NFC normalisation; leading and
   trailing whitespace removed (the models strip it too). Inner whitespace is kept.
3. Numbers: a float with an integral value becomes an integer (`15.0` and `15` are the same);
   infinities and NaN are refused.
4. Mappings: an entry whose value is null, an empty list or an empty mapping (after
   normalisation) is dropped, the same as an absent key. List order is kept: it is content.
5. The result is serialised as JSON with keys sorted by code point, no whitespace between
   tokens (`separators=(",", ":")`), non-ASCII characters written as themselves, and encoded
   as UTF-8. The SHA-256 of those bytes, in lowercase hex, is `spec_sha256`.
"""

from __future__ import annotations

import hashlib
import json
import math
import unicodedata
from typing import Any

from credgen.exceptions import EndorsementError
from credgen.load.source import parse_text

#: Top-level keys that record where a specification is in its lifecycle, or how its file is
#: written, not what it says.
LIFECYCLE_KEYS = frozenset({"status", "superseded_by", "credgen_format"})


def canonical_form(data: dict[str, Any]) -> bytes:
    """The canonical bytes of a parsed specification (see the module docstring)."""
    content = {key: value for key, value in data.items() if key not in LIFECYCLE_KEYS}
    normalised = _normalise(content)
    return json.dumps(
        normalised, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def spec_sha256(data: dict[str, Any]) -> str:
    """Lowercase hex SHA-256 of the canonical form of a parsed specification."""
    return hashlib.sha256(canonical_form(data)).hexdigest()


def spec_sha256_of_text(text: str, shown_as: str) -> str:
    """SHA-256 of a specification given as YAML text (e.g. a file read from git history)."""
    source = parse_text(text, shown_as)
    if source.diagnostics or not isinstance(source.data, dict):
        first = source.diagnostics[0].as_text() if source.diagnostics else f"{shown_as}: not a mapping"
        raise EndorsementError(f"cannot hash {shown_as}: {first}")
    return spec_sha256(source.data)


def _normalise(value: Any) -> Any:
    """One value in canonical form."""
    if isinstance(value, dict):
        pairs = ((str(key), _normalise(item)) for key, item in value.items())
        return {key: item for key, item in pairs if not _is_empty(item)}
    if isinstance(value, list):
        return [_normalise(item) for item in value]
    if isinstance(value, str):
        text = value.replace("\r\n", "\n").replace("\r", "\n")
        return unicodedata.normalize("NFC", text).strip()
    if isinstance(value, float) and not isinstance(value, bool):
        return _number(value)
    return value


def _number(value: float) -> int | float:
    if not math.isfinite(value):
        raise EndorsementError(f"cannot hash a specification holding the number {value}")
    return int(value) if value.is_integer() else value


def _is_empty(value: Any) -> bool:
    return value is None or value in ([], {})
