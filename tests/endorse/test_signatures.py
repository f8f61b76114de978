"""Signatures by keys that have since expired count only when made before the key expired."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.endorse.conftest import SigningKey, make_key, make_project, stop_agent
from tests.endorse.forging import forge, pull_request, quorum

from credgen.endorse.signatures import WEB_FLOW, Keyring, Signature, signature_problem

_OLD_WEB_FLOW = "5DE3E0509C47EA3CF04A42D34AEE18F83AFDEB23"


@pytest.fixture
def expiring_key(tmp_path: Path) -> Iterator[SigningKey]:
    """A key that expires five seconds after it is made."""
    key = make_key(tmp_path / "expiring", "Short-lived <short@example.org>", expire="seconds=5")
    yield key
    stop_agent(key.home)


def test_a_merge_signed_before_its_key_expired_still_verifies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, expiring_key: SigningKey
) -> None:
    project = make_project(tmp_path, monkeypatch, expiring_key)
    head = pull_request(project)
    merge = project.merge()
    forge(project, merge=merge, head=head, approvals=quorum(head))
    listing = expiring_key.gpg("--with-colons", "--list-keys").splitlines()
    expiry = int(next(line for line in listing if line.startswith("pub:")).split(":")[6])
    time.sleep(max(0.0, expiry - time.time() + 1))
    with Keyring() as keyring:
        keyring.add(expiring_key.public.encode())
        assert keyring.check(project.root, merge).status == "EXPKEYSIG"  # GnuPG: good, key now expired
    code, out, _ = project.run("endorse", "verify", monkeypatch=monkeypatch)
    assert (code, out.splitlines()[0][:40]) == (0, "verified: older-people-frailty 1.0.0: me")


def test_a_signature_made_after_the_key_expired_is_refused() -> None:
    with Keyring() as keyring:
        expired = keyring.expiry[_OLD_WEB_FLOW]
        late = Signature("EXPKEYSIG", _OLD_WEB_FLOW, "4AEE18F83AFDEB23", expired + 60)
        early = Signature("EXPKEYSIG", _OLD_WEB_FLOW, "4AEE18F83AFDEB23", expired - 60)
        assert signature_problem(late, WEB_FLOW, keyring) == (
            f"it was signed with key {_OLD_WEB_FLOW} after that key expired"
        )
        assert signature_problem(early, WEB_FLOW, keyring) is None
