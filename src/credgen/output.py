"""The output folder: locked while a build runs, replaced in one atomic step when it succeeds.

The output path (`build/site`) is a symbolic link to a folder beside it (`build/.site.<id>`).
A build stages the new site in a fresh folder there, then points a new link at it and renames
the link over the old one: a rename is atomic, so at every instant, whatever signal arrives,
the output path is the old site or the new one, never missing or half-built. The old folder is
deleted after the swap; folders left by builds that were killed are deleted at the start of
the next build, which holds the lock, so none of them can still be in use.

Where symbolic links cannot be made (Windows without the privilege), and the first time a
real folder is replaced by a link, the swap is two renames, with the old site moved aside for
the moment between them.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

from credgen.exceptions import OutputError, ProjectError


@contextlib.contextmanager
def replacing(out: Path, *, root: Path, lock_dir: Path) -> Iterator[Path]:
    """Yield an empty folder to build the new site in; it becomes `out` when the block ends
    without error, and is deleted otherwise. The whole block holds the lock of `out`."""
    _check_output(root, out)
    with _locked(out, lock_dir, root):
        _remove_leftovers(out)
        staging = out.with_name(f".{out.name}.{secrets.token_hex(6)}")
        with writing(staging, root):
            staging.mkdir()  # with the user's umask, unlike a private temporary folder
        try:
            yield staging
            _swap_in(staging, out)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise


@contextlib.contextmanager
def writing(path: Path, root: Path) -> Iterator[None]:
    """Turn a failure to write under `path` (disk full, read-only, permissions) into one
    `OutputError` naming the file and the cause."""
    try:
        yield
    except OSError as error:
        # A copy names its source first and its destination second: the destination failed.
        failed = Path(error.filename2 or error.filename or path)
        cause = error.strerror or str(error)
        raise OutputError(
            f"cannot write {shown(failed, root)}: {cause}; the previous site was left as it was",
            hint=_hint(error.errno),
        ) from error


def _hint(code: int | None) -> str | None:
    if code in {errno.ENOSPC, errno.EDQUOT}:
        return "free some disk space, or build into another folder with --out"
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "build into a folder you can write to with --out"
    return None


def _check_output(root: Path, out: Path) -> None:
    """Refuse an output path whose replacement would destroy something else."""
    project = root.resolve()
    if out == project or out in project.parents or (out / "specs").exists():
        raise ProjectError(f"refusing to replace {out}: it holds the project")
    if out.is_symlink():
        if not _is_ours(out.parent / out.readlink(), out):
            raise ProjectError(
                f"refusing to replace {out}: it is a symbolic link that credgen did not make",
                hint="choose another folder for --out",
            )
    elif out.is_dir() and any(out.iterdir()) and not (out / "index.html").is_file():
        raise ProjectError(
            f"refusing to replace {out}: it is not empty and is not a built site",
            hint="choose an empty or new directory for --out",
        )


def _is_ours(target: Path, out: Path) -> bool:
    """Whether `target` is one of the folders the link at `out` may point to."""
    return target.parent == out.parent and target.name.startswith(f".{out.name}.")


@contextlib.contextmanager
def _locked(out: Path, lock_dir: Path, root: Path) -> Iterator[None]:
    """Hold the lock of `out` for a whole build: a second build of the same output is refused
    until this one ends.

    The lock is a POSIX record lock on `<lock_dir>/<name>.lock`, which the system releases when
    this process ends, however it ends, so a build killed outright never blocks the next one.
    The file holds the building process's id, for the message. Windows has no such lock:
    builds there are not guarded.
    """
    with writing(lock_dir, root):
        lock_dir.mkdir(parents=True, exist_ok=True)
        out.parent.mkdir(parents=True, exist_ok=True)
    if sys.platform == "win32":
        yield
        return
    import fcntl

    path = lock_dir / f"{out.name}.lock"
    with writing(path, root), path.open("a+") as handle:
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno not in (errno.EACCES, errno.EAGAIN):  # a file system without locks
                raise ProjectError(f"cannot lock {shown(path, root)}: {error.strerror}") from error
            handle.seek(0)
            holder = handle.read().strip()
            raise ProjectError(
                f"{shown(out, root)} is being built by another credgen process"
                + (f" (process {holder})" if holder.isdigit() else ""),
                hint="wait for it to finish, or build into another folder with --out",
            ) from None
        handle.truncate(0)
        handle.write(str(os.getpid()))
        handle.flush()
        yield


def _remove_leftovers(out: Path) -> None:
    """Delete the folders and links beside `out` that no build uses: staged by builds that were
    killed, or moved aside by a swap that was interrupted. The lock says no build is running."""
    current = out.parent / out.readlink() if out.is_symlink() else None
    for path in out.parent.glob(f".{out.name}.*"):
        if path == current:
            continue
        with contextlib.suppress(OSError):
            if path.is_symlink() or not path.is_dir():
                path.unlink()
            else:
                shutil.rmtree(path)


def _swap_in(new: Path, out: Path) -> None:
    """Make `out` the site in `new`: an atomic rename of a link to it, then the old one goes."""
    old = out.parent / out.readlink() if out.is_symlink() else None
    link = out.with_name(f".{out.name}.link-{os.getpid()}")
    try:
        link.symlink_to(new.name, target_is_directory=True)
    except OSError:  # no symbolic links here: two renames
        _swap_by_renames(new, out)
        return
    if out.exists() and not out.is_symlink():  # a real folder, from before links were used
        out.replace(out.with_name(f".{out.name}.old-{os.getpid()}"))
    link.replace(out)
    if old is not None and old != new:
        shutil.rmtree(old, ignore_errors=True)
    _remove_leftovers(out)


def _swap_by_renames(new: Path, out: Path) -> None:
    """Put `new` where `out` is with two renames, then delete the old tree."""
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.is_symlink():
        out.unlink()
    elif out.exists():
        out.replace(old)
    new.replace(out)
    shutil.rmtree(old, ignore_errors=True)


def shown(path: Path, root: Path) -> str:
    """`path` relative to the project root where it is inside it, else as it is."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
