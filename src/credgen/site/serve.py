"""`credgen serve`: MkDocs' live-reloading preview server with the credgen plugin."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from credgen.exceptions import RenderError


def serve_site(config_file: Path, *, dev_addr: str) -> None:
    """Serve the site until interrupted (Ctrl-C, or SIGTERM as from a process manager); the
    plugin also watches `specs/` and `templates/`."""
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException

    try:
        with _terminate_as_interrupt():
            serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True)
    except MkDocsException as error:
        raise RenderError(f"the preview failed: {error}") from error


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM stops the server as Ctrl-C does, so MkDocs deletes its copy of the site.

    MkDocs builds the preview in a temporary folder (8 MB for the examples) and deletes it when
    interrupted; by default SIGTERM ends Python at once, leaving the folder behind.
    """

    def interrupt(_signal: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
