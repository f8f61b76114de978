"""Read a project file, and only a project file: the one way credgen reads what a project holds.

Specifications, frameworks, the panel, ledgers, the glossary, hand-written site pages and
project templates all come through `read_project_file`. A file is read only when it is a
regular file inside the project, reached without a symbolic link, and no larger than a limit.

Symbolic links are refused, not resolved. A link is how a copied or cloned repository smuggles
in something that is not its own (`/proc/self/environ`, `/dev/zero`, a file from another
checkout), and a link that resolves inside the project today can be repointed between a check
and the read. No specification needs one, and a refusal is the same on every machine. The
folders are opened one at a time without following links (`openat` with `O_NOFOLLOW`), so no
part of the path can be swapped for a link while it is walked.

The file is opened with `O_NONBLOCK` and checked with `fstat` before any byte is read, so a
FIFO, socket or device is refused instead of hanging or streaming forever; and at most
`limit + 1` bytes are ever read, so the size limit holds whatever `stat` claimed.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

#: Read in pieces of this size, so a file at the limit costs one piece more than it holds.
_CHUNK = 64 * 1024

_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
}


class RefusedFileError(Exception):
    """Raised by `read_project_file` when a file is not one credgen reads; `message` says why
    in plain words and `code` is the diagnostic code to report it under."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def read_project_file(path: Path, root: Path, *, limit: int) -> bytes:
    """The bytes of `path`, a regular file inside `root` reached without a symbolic link.

    Raises `RefusedFileError` (code CG013) for a link, a path outside the project or a file that is
    not regular, CG002 for a file over `limit` bytes and CG001 when it cannot be read.
    """
    handle = _open_inside(path, root)
    try:
        _require_regular(os.fstat(handle).st_mode)
        return _read_bounded(handle, limit)
    finally:
        os.close(handle)


def is_plain_file(path: Path, root: Path) -> str | None:
    """None when `path` is a regular file inside `root` reached without a link; else why not.

    For files another program reads (MkDocs reads `site/docs`): the check is the same walk as
    `read_project_file`, without reading.
    """
    try:
        handle = _open_inside(path, root)
        try:
            _require_regular(os.fstat(handle).st_mode)
        finally:
            os.close(handle)
    except RefusedFileError as refusal:
        return refusal.message
    return None


def _open_inside(path: Path, root: Path) -> int:
    """A descriptor for `path`, opened folder by folder from `root` without following links."""
    parts = _parts_inside(path, root)
    folder = _open_folder(root)
    for part in parts[:-1]:
        folder = _step(folder, part)  # closes the folder it steps out of, even when it fails
    try:
        return _open_final(folder, parts[-1])
    finally:
        os.close(folder)


def _parts_inside(path: Path, root: Path) -> list[str]:
    """The names leading from `root` to `path`; refused when the path leaves the project."""
    relative = os.path.relpath(path.absolute(), root.absolute())  # by name: no link is followed
    parts = Path(relative).parts
    if not parts or relative == "." or parts[0] == os.pardir or Path(relative).is_absolute():
        raise RefusedFileError("CG013", "file is outside the project; only files inside it are read")
    return list(parts)


def _open_folder(root: Path) -> int:
    """The project root, opened as a folder (the root itself may be reached through a link)."""
    try:
        return os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as exc:
        raise RefusedFileError("CG001", f"cannot read file: {exc.strerror}") from exc


def _step(folder: int, name: str) -> int:
    """Open sub-folder `name` of `folder` without following a link; closes `folder`."""
    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        return os.open(name, flags, dir_fd=folder)
    except OSError as exc:
        raise _refusal(exc, folder, name, on_path=True) from exc
    finally:
        os.close(folder)


def _open_final(folder: int, name: str) -> int:
    """Open file `name` of `folder` without following a link and without blocking."""
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NOCTTY
    try:
        return os.open(name, flags, dir_fd=folder)
    except OSError as exc:
        raise _refusal(exc, folder, name, on_path=False) from exc


def _refusal(exc: OSError, folder: int, name: str, *, on_path: bool) -> RefusedFileError:
    """Say in plain words why `name` could not be opened."""
    try:
        mode = os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode
    except OSError:
        mode = None
    if mode is not None and stat.S_ISLNK(mode):
        where = "folder" if on_path else "file"
        return RefusedFileError(
            "CG013",
            f"{where} '{name}' is a symbolic link; credgen reads only files stored in the project itself",
        )
    if exc.errno in (errno.ENXIO, errno.ENOTDIR) and mode is not None:
        return RefusedFileError("CG013", _not_regular(mode))
    return RefusedFileError("CG001", f"cannot read file: {exc.strerror}")


def _require_regular(mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise RefusedFileError("CG013", _not_regular(mode))


def _not_regular(mode: int) -> str:
    kind = _KINDS.get(stat.S_IFMT(mode), "a special file")
    return f"path is {kind}, not a regular file; credgen reads only regular files"


def _read_bounded(handle: int, limit: int) -> bytes:
    """At most `limit` bytes; refused (CG002) as soon as byte `limit + 1` arrives."""
    pieces: list[bytes] = []
    total = 0
    while total <= limit:
        try:
            piece = os.read(handle, min(_CHUNK, limit + 1 - total))
        except OSError as exc:
            raise RefusedFileError("CG001", f"cannot read file: {exc.strerror}") from exc
        if not piece:
            return b"".join(pieces)
        pieces.append(piece)
        total += len(piece)
    raise RefusedFileError("CG002", f"file is larger than the limit of {limit:,} bytes")
