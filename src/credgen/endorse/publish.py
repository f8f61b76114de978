"""`api/v1/endorsements.json`: the chain head of every ledger, for readers to keep.

A reader saves this file (or just its `chain` list) somewhere the publisher cannot change it;
later, `credgen endorse verify --expect <saved file or its address>` fails if the history has
been rewritten since (see `credgen.endorse.chain`). The file is computed from the ledgers in
the working tree, so the same commit always gives the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path

from credgen.endorse.chain import Head, head_of, raw_entries
from credgen.endorse.governance import GOVERNANCE_FILE
from credgen.endorse.ledger import LEDGER_DIR

#: Where the file is published, relative to the site root.
ENDORSEMENTS_JSON = "api/v1/endorsements.json"

_HOW = (
    "Keep a copy of this file. Later, in a full clone of the repository, run "
    "`credgen endorse verify --expect <your copy>`: it fails if any entry you kept was rewritten."
)


def ledger_heads(root: Path) -> list[Head]:
    """The head of the governance ledger and of every specification's ledger, by path."""
    paths = [root / GOVERNANCE_FILE, *sorted((root / LEDGER_DIR).glob("*.yaml"))]
    heads = []
    for path in paths:
        if path.is_file():
            shown = path.relative_to(root).as_posix()
            head = head_of(shown, raw_entries(path.read_text(encoding="utf-8"), shown))
            heads += [head] if head is not None else []
    return heads


def endorsements_json(root: Path) -> str:
    """The text of `api/v1/endorsements.json`."""
    chain = [
        {"path": h.path, "entries": h.count, "head": h.head, "as_text": h.as_text()}
        for h in ledger_heads(root)
    ]
    document = {"chain": chain, "how_to_verify": _HOW}
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
