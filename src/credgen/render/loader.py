"""Templates read through the project's one safe read (see `credgen.load.files`).

A project may override any template by putting a file of the same name in its `templates/`
folder; such a file is read like a specification: a regular file inside the project, reached
without a symbolic link, at most `MAX_TEMPLATE_BYTES`. A template that is refused stops the
build with the reason, rather than being replaced silently by credgen's own.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path

from credgen.diagnostics import Diagnostic
from credgen.exceptions import RenderError
from credgen.load.files import RefusedFileError, read_project_file

#: No template comes near this; the limit only keeps a hostile file from filling memory.
MAX_TEMPLATE_BYTES = 1024 * 1024

TemplateSource = tuple[str, str, Callable[[], bool]]


def safe_loader(folder: Path, root: Path) -> jinja2.FunctionLoader:
    """A loader for the templates in `folder`, each read as a file of the project at `root`."""

    def load(name: str) -> TemplateSource | None:
        path = folder.joinpath(*split_template_path(name))
        if not os.path.lexists(path):
            return None
        return _read_template(path, root)

    return jinja2.FunctionLoader(load)


def _read_template(path: Path, root: Path) -> TemplateSource:
    """The template's text, its file name, and a test of whether it is still the same file."""
    try:
        text = read_project_file(path, root, limit=MAX_TEMPLATE_BYTES).decode("utf-8")
    except RefusedFileError as refusal:
        raise RenderError(
            Diagnostic(_shown(path, root), 1, 1, refusal.code, refusal.message).as_text()
        ) from None
    except UnicodeDecodeError as error:
        message = f"file is not valid UTF-8 (byte 0x{error.object[error.start]:02x})"
        raise RenderError(Diagnostic(_shown(path, root), 1, 1, "CG001", message).as_text()) from None
    stamp = _stamp(path)
    return text, str(path), lambda: _stamp(path) == stamp


def _stamp(path: Path) -> tuple[int, int] | None:
    """The file's modification time and size, without following a link (None when gone)."""
    try:
        info = path.lstat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def _shown(path: Path, root: Path) -> str:
    return Path(os.path.relpath(path, root)).as_posix()
