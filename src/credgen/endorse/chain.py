"""The hash chain over ledger entries, and the chain heads a reader keeps to detect rewrites.

Each entry of a `format: 2` ledger carries `previous_sha256`: the SHA-256 of the previous
entry's canonical form (the normalisation of `credgen.endorse.canonical`, applied to the entry
as parsed from the YAML), or 64 zeros for the first entry. The *head* of a ledger is the
SHA-256 of its last entry; it commits to every entry before it.

Anyone with push rights can rewrite history so that the ledger still looks append-only from
the clone. A copy of the heads kept elsewhere (a saved `api/v1/endorsements.json`, or what
`credgen endorse verify` prints after "chain head:") exposes it: `--expect COPY` checks that
the ledger still has, at the same position, the entry each kept head names. Appending
entries keeps every old head valid; changing any earlier entry changes every head after it.

A kept head is written `<ledger path>@<entries>:<sha256>`; several are separated by spaces.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from credgen.endorse.canonical import canonical_form
from credgen.exceptions import EndorsementError
from credgen.load.source import parse_text

#: `previous_sha256` of a ledger's first entry.
GENESIS = "0" * 64

_HEAD = re.compile(r"^(?P<path>[A-Za-z0-9_./-]+\.yaml)@(?P<count>[1-9][0-9]*):(?P<head>[0-9a-f]{64})$")


@dataclasses.dataclass(frozen=True, slots=True)
class Head:
    """How far a ledger had grown when a reader kept its head."""

    path: str
    """The ledger, relative to the project root."""

    count: int
    """How many entries it had."""

    head: str
    """SHA-256 of its last entry then."""

    def as_text(self) -> str:
        """The written form, `<path>@<count>:<sha256>`."""
        return f"{self.path}@{self.count}:{self.head}"


def entry_sha256(entry: Any) -> str:
    """SHA-256 of one entry's canonical form (the entry as parsed from the YAML)."""
    if not isinstance(entry, dict):
        raise EndorsementError("a ledger entry is not a mapping, so it cannot be hashed")
    try:
        return hashlib.sha256(canonical_form(entry)).hexdigest()
    except TypeError:
        raise EndorsementError("a ledger entry holds an unquoted date or time; quote it") from None


def raw_entries(text: str, shown_as: str) -> list[Any]:
    """The entries of a ledger's YAML text as parsed, [] when it has none."""
    parsed = parse_text(text, shown_as)
    entries = parsed.data.get("entries") if isinstance(parsed.data, dict) else None
    return entries if isinstance(entries, list) else []


def chain_head(text: str, shown_as: str) -> str:
    """The head of a ledger given as text: what the next entry's `previous_sha256` must be."""
    entries = raw_entries(text, shown_as)
    return entry_sha256(entries[-1]) if entries else GENESIS


def broken_links(entries: list[Any]) -> Iterator[tuple[int, str]]:
    """(index, message) for each entry whose `previous_sha256` is not its predecessor's hash."""
    expected = GENESIS
    for index, entry in enumerate(entries):
        found = entry.get("previous_sha256") if isinstance(entry, dict) else None
        if found is None:
            yield index, "the entry has no previous_sha256, so it is not chained to the one before"
        elif found != expected:
            before = "the start of the ledger" if index == 0 else f"entry {index}"
            yield index, f"previous_sha256 {str(found)[:12]} does not match {before} ({expected[:12]})"
        expected = entry_sha256(entry)


def head_of(path: str, entries: list[Any]) -> Head | None:
    """The head of a ledger with these entries (None when it has none)."""
    return Head(path, len(entries), entry_sha256(entries[-1])) if entries else None


def missed_heads(kept: list[Head], ledgers: dict[str, list[Any]]) -> Iterator[tuple[Head, str]]:
    """(head, reason) for each kept head the current ledgers no longer contain."""
    for head in kept:
        entries = ledgers.get(head.path, [])
        if len(entries) < head.count:
            yield head, f"the ledger now has {len(entries)} entries, fewer than the {head.count} kept"
        elif entry_sha256(entries[head.count - 1]) != head.head:
            found = entry_sha256(entries[head.count - 1])
            yield head, f"entry {head.count} now hashes to {found[:12]}, not the kept {head.head[:12]}"


def load_expected(value: str, root: Path) -> list[Head]:
    """Kept heads from `value`: the heads themselves, a file, or an address (JSON or text)."""
    if value.startswith(("https://", "http://")):
        return parse_heads(_download(value), value)
    path = Path(value) if Path(value).is_absolute() else root / value
    if _HEAD.match(value.split(maxsplit=1)[0]) or not path.is_file():
        return parse_heads(value, "--expect")
    return parse_heads(path.read_text(encoding="utf-8"), value)


def parse_heads(text: str, shown_as: str) -> list[Head]:
    """Heads from `api/v1/endorsements.json` (its `chain`) or from `<path>@<n>:<sha256>` words."""
    if text.lstrip().startswith("{"):
        return _heads_from_json(text, shown_as)
    heads = []
    for word in text.split():
        match = _HEAD.match(word)
        if match is None:
            raise EndorsementError(
                f"{shown_as}: '{word[:80]}' is not a chain head",
                hint="write each head as <ledger path>@<entries>:<sha256>, "
                "as `credgen endorse verify` prints them",
            )
        heads.append(Head(match["path"], int(match["count"]), match["head"]))
    if not heads:
        raise EndorsementError(f"{shown_as} holds no chain head")
    return heads


def _heads_from_json(text: str, shown_as: str) -> list[Head]:
    try:
        chain = json.loads(text).get("chain")
        words = [f"{item['path']}@{item['entries']}:{item['head']}" for item in chain]
    except (ValueError, AttributeError, TypeError, KeyError):
        raise EndorsementError(f"{shown_as} is not an endorsements.json with a 'chain' list") from None
    return parse_heads(" ".join(words), shown_as)


def _download(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            body: bytes = response.read()
    except (urllib.error.URLError, TimeoutError) as error:
        raise EndorsementError(f"cannot read the kept chain head from {url}: {error}") from None
    return body.decode("utf-8")
