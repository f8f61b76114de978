"""Signatures on recorded merge commits, checked with real GnuPG against the trusted keys only.

Trusted are GitHub's web-flow keys, which credgen ships (`keys/github-web-flow.gpg`, see
`keys/SOURCE.md`), and the keys the organisation declares as `specs/keys/*.asc`, as they stood
under the governance in force (`credgen.endorse.governance`). Every trusted key goes into a
temporary GnuPG home that holds nothing else, and `git verify-commit --raw` reports GnuPG's
status lines. A signature counts when GnuPG finds it good (`GOODSIG`, `VALIDSIG`) and its
primary key is trusted for that commit; a key that has since expired (`EXPKEYSIG`) still
counts for signatures made before it expired, as GitHub's old web-flow key does.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import tempfile
from collections.abc import Iterable
from importlib.resources import files
from pathlib import Path
from types import TracebackType

from credgen.exceptions import EndorsementError

#: GitHub's web-flow keys (primary fingerprints) in the shipped keyring.
WEB_FLOW = frozenset({"968479A1AFF927E37D1A566BB5690EEEBB952194", "5DE3E0509C47EA3CF04A42D34AEE18F83AFDEB23"})

#: Where an organisation declares its own signing keys (ASCII-armoured), relative to the root.
KEYS_DIR = "specs/keys"


@dataclasses.dataclass(frozen=True, slots=True)
class Signature:
    """What GnuPG said about one commit's signature."""

    status: str
    """GOODSIG, EXPKEYSIG, BADSIG, ERRSIG, REVKEYSIG, EXPSIG, or NONE when unsigned."""

    fingerprint: str
    """Primary key fingerprint from VALIDSIG ('' when GnuPG could not check it)."""

    key_id: str
    """The key id GnuPG named (from ERRSIG or NO_PUBKEY when the key is unknown)."""

    made_at: int
    """When the signature was made (seconds since the epoch; 0 when unknown)."""


class Keyring:
    """A temporary GnuPG home holding the shipped web-flow keys and the declared keys."""

    def __init__(self) -> None:
        self._home = tempfile.TemporaryDirectory(prefix="credgen-gpg-")
        self.path = Path(self._home.name)
        self.expiry: dict[str, int] = {}
        self._imported: set[str] = set()
        self.add(files("credgen.endorse").joinpath("keys/github-web-flow.gpg").read_bytes())

    def __enter__(self) -> Keyring:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        subprocess.run(["gpgconf", "--kill", "all"], env=self.env(), capture_output=True, check=False)
        self._home.cleanup()

    def env(self) -> dict[str, str]:
        """The environment that points GnuPG (and git's call of it) at this home only."""
        return {**os.environ, "GNUPGHOME": str(self.path), "LC_ALL": "C"}

    def add(self, key: bytes) -> frozenset[str]:
        """Import public key material; returns the primary fingerprints it holds."""
        found = self._show(key)
        if found - self._imported:
            self._gpg(["--import"], key)
            self._imported |= found
        return found

    def _show(self, key: bytes) -> frozenset[str]:
        """Primary fingerprints in `key`, noting each one's expiry (0: none)."""
        out = self._gpg(["--show-keys", "--with-colons", "--with-fingerprint"], key)
        fingerprints: list[str] = []
        primary_expiry: int | None = None
        for fields in (line.split(":") for line in out.splitlines()):
            if fields[0] == "fpr" and primary_expiry is not None:
                fingerprints.append(fields[9])
                self.expiry.setdefault(fields[9], primary_expiry)
            primary_expiry = int(fields[6] or 0) if fields[0] == "pub" else None
        if not fingerprints:
            raise EndorsementError("a declared signing key holds no OpenPGP public key")
        return frozenset(fingerprints)

    def _gpg(self, args: list[str], data: bytes) -> str:
        command = ["gpg", "--batch", "--quiet", "--no-tty", "--no-autostart", *args]
        result = subprocess.run(command, input=data, env=self.env(), capture_output=True, check=False)
        if result.returncode != 0:
            raise EndorsementError(f"GnuPG could not read a signing key: {_last_line(result.stderr)}")
        return result.stdout.decode("utf-8", "replace")

    def check(self, root: Path, sha: str) -> Signature:
        """GnuPG's verdict on the signature of commit `sha`."""
        result = subprocess.run(
            ["git", "-C", str(root), "-c", "gpg.program=gpg", "verify-commit", "--raw", sha],
            env=self.env(),
            capture_output=True,
            check=False,
        )
        return _parse_status(result.stderr.decode("utf-8", "replace"))


def signature_problem(signature: Signature, trusted: Iterable[str], keyring: Keyring) -> str | None:
    """Why a commit's signature does not count, or None when it does."""
    if signature.status == "NONE":
        return "it is not signed"
    if signature.status == "BADSIG":
        return "its signature is bad (the commit was changed after it was signed)"
    if signature.status == "ERRSIG":
        return f"it is signed with key {signature.key_id}, which is not a trusted key"
    if signature.status in ("REVKEYSIG", "EXPSIG"):
        return f"its signature by {signature.fingerprint} is not valid ({signature.status})"
    if signature.fingerprint not in set(trusted):
        return f"it is signed with key {signature.fingerprint}, which is not trusted for this commit"
    expiry = keyring.expiry.get(signature.fingerprint, 0)
    if signature.status == "EXPKEYSIG" and not signature.made_at < expiry:
        return f"it was signed with key {signature.fingerprint} after that key expired"
    return None


def _parse_status(stderr: str) -> Signature:
    """The status lines of `git verify-commit --raw`, reduced to one verdict."""
    status, fingerprint, key_id, made_at = "NONE", "", "", 0
    for line in stderr.splitlines():
        words = line.split()
        if len(words) < 3 or words[0] != "[GNUPG:]":
            continue
        keyword = words[1]
        if keyword in ("GOODSIG", "EXPKEYSIG", "BADSIG", "REVKEYSIG", "EXPSIG", "ERRSIG"):
            status = keyword if status in ("NONE", "GOODSIG") else status
            key_id = words[2]
        if keyword == "VALIDSIG" and len(words) >= 12:
            fingerprint, made_at = words[11], int(words[4]) if words[4].isdigit() else 0
    return Signature(status, fingerprint, key_id, made_at)


def _last_line(stderr: bytes) -> str:
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else "no message"
