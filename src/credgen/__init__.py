"""credgen: credential specifications as code.

The public surface, loaded on first use so that `credgen --help` stays fast:

    from credgen import load_corpus, validate_corpus, build

Each name lives in the module of its pipeline stage.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "BuildContext",
    "Corpus",
    "Credential",
    "CredgenError",
    "Diagnostic",
    "Document",
    "build",
    "load_corpus",
    "render_pdfs",
    "run_check",
    "validate_corpus",
    "write_exports",
]

_HOMES = {
    "BuildContext": "credgen.context",
    "Corpus": "credgen.load.documents",
    "CredgenError": "credgen.exceptions",
    "Credential": "credgen.models.credential",
    "Diagnostic": "credgen.diagnostics",
    "Document": "credgen.load.documents",
    "build": "credgen.build",
    "load_corpus": "credgen.load.documents",
    "render_pdfs": "credgen.pdf",
    "run_check": "credgen.validate.check",
    "validate_corpus": "credgen.validate.rules",
    "write_exports": "credgen.exports",
}


def __getattr__(name: str) -> Any:
    """Import a public name from its stage module the first time it is used."""
    if name not in _HOMES:
        raise AttributeError(f"module 'credgen' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name]), name)


def __dir__() -> list[str]:
    return sorted(__all__)
