"""Files kept between builds in `build/.cache`, each under the hash of everything it is made from.

The PDF stage keeps rendered PDFs here and the Word stage its documents: a key that covers every
input means an entry is never stale, so a rebuild with nothing changed makes nothing again. Each
build marks what it used, and then removes the oldest entries it did not use beyond
`KEEP_UNUSED` (enough to switch between a few branches without rendering everything again).
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

#: Cached files beyond this many that the current build did not use are removed, oldest first.
KEEP_UNUSED = 64

#: Temporary files older than this were left by a killed writer; younger ones may be in use.
STRAY_SECONDS = 3600


class FileCache:
    """Files named `<folder>/<key><suffix>`; temporary files being written start with `.tmp-`."""

    def __init__(self, folder: Path, suffix: str) -> None:
        self.folder = folder
        self.suffix = suffix

    def path(self, key: str) -> Path:
        """Where the entry with `key` is (or will be) stored."""
        return self.folder / f"{key}{self.suffix}"

    def store(self, key: str, data: bytes) -> Path:
        """Keep `data` as the entry for `key` (atomically) and return its path."""
        path = self.path(key)
        write_atomically(path, data)
        return path

    def lookup(self, key: str) -> Path | None:
        """The stored file for `key`, marked as recently used; None on a miss."""
        path = self.path(key)
        try:
            os.utime(path)
        except OSError:  # absent, or the cache folder is unusable: make it, and report there
            return None
        return path

    def prune(self, used: set[str]) -> None:
        """Remove the oldest unused entries beyond `KEEP_UNUSED`, and stray temporary files."""
        if not self.folder.is_dir():
            return
        for stray in self.folder.glob(".tmp-*"):
            if stray.stat().st_mtime < time.time() - STRAY_SECONDS:  # left by a killed writer
                stray.unlink(missing_ok=True)
        unused = [path for path in self.folder.glob(f"[!.]*{self.suffix}") if path.stem not in used]
        unused.sort(key=lambda path: path.stat().st_mtime, reverse=True)
        for path in unused[KEEP_UNUSED:]:
            path.unlink(missing_ok=True)


def write_atomically(target: Path, data: bytes) -> None:
    """Write `data` to `target` through a temporary file, so that no reader, and no later
    build after this one is killed, ever finds half a file under a cache key."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
