"""What the PDF workers' fork server does once, before it forks the first worker.

The fork server imports this module, and so does a process about to render a single PDF itself
when it runs no other thread (`credgen.pdf.parallel`): importing it changes the process's `PATH`
for a moment, which is safe only in a process that runs no other thread. It

- imports WeasyPrint (`credgen.pdf.worker`) with an empty `PATH`. WeasyPrint tries several
  names for each native library it loads, most of them spelt for other systems, and for each
  name that is not a file, `ctypes.util.find_library` asks ldconfig's cache, then runs gcc and
  ld to look further: 23 compiler runs on Debian 12 (one library is optional and absent),
  0.2-0.3 s of processor time, spent while the build needs both cores. With no `PATH` those
  runs are skipped; ldconfig (called by its full path) and the names that are files still find
  every library.
- loads the bundled fonts and parses the packaged print stylesheet and the user-agent
  stylesheet, which each worker would otherwise do for itself (about 0.1 s each), and whose
  temporary copy of the fonts the server deletes when it exits (`credgen.pdf.worker`).

Nothing here may raise: the fork server stops on any error but an ImportError. Whatever fails is
done again by the first worker, which reports it with its document.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from credgen.context import DEFAULT_TEMPLATES, PRINT_STYLESHEET


@contextlib.contextmanager
def _without_path() -> Iterator[None]:
    """An empty `PATH` inside the block: no program can be found by name."""
    saved = os.environ.get("PATH")
    os.environ["PATH"] = ""
    try:
        yield
    finally:
        if saved is None:
            del os.environ["PATH"]
        else:
            os.environ["PATH"] = saved


def _preload() -> None:
    with _without_path():
        from credgen.pdf import worker
    for folder in DEFAULT_TEMPLATES:
        stylesheet = folder / PRINT_STYLESHEET
        if stylesheet.is_file():
            # Read as the Jinja loader reads it (no newline translation): the same text, so
            # the same entry in the worker's stylesheet cache.
            worker.prepare(stylesheet.read_bytes().decode("utf-8"))
            return


with contextlib.suppress(Exception):
    _preload()
