"""W3C Data Integrity proofs with the `eddsa-rdfc-2022` cryptosuite, for Open Badges 3.0.

A proof is an Ed25519 signature over two SHA-256 hashes: of the proof options and of the
document, each canonicalised as RDF (RDFC-1.0, which pyld implements as `URDNA2015`). The key is
the organisation's, read from a PEM file named by `CREDGEN_SIGNING_KEY`; it is published as a
`did:key`, so anyone can verify a proof from the document alone.

Builds run offline: the JSON-LD contexts are served from copies shipped in `contexts/`.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from credgen.exceptions import CredgenError

KEY_VARIABLE = "CREDGEN_SIGNING_KEY"
"""Environment variable naming the organisation's Ed25519 private key (PEM, PKCS#8, unencrypted)."""

CRYPTOSUITE = "eddsa-rdfc-2022"

CONTEXTS = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-v3p0-context-3.0.3.json",
}
"""The contexts credgen's Open Badges documents use, and their shipped copies."""

_ED25519_PUB = b"\xed\x01"  # multicodec prefix of an Ed25519 public key
_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


class SigningError(CredgenError):
    """Raised by the exports stage when the configured signing key cannot be used."""


def load_document(url: str, options: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """pyld document loader serving the shipped contexts; any other URL is an error (no network).

    pyld passes its `options`; none of them matter for a local copy.
    """
    del options
    name = CONTEXTS.get(url)
    if name is None:
        raise SigningError(f"JSON-LD context not available offline: {url}")
    document = json.loads((Path(__file__).parent / "contexts" / name).read_text(encoding="utf-8"))
    return {"contextUrl": None, "documentUrl": url, "document": document}


@dataclasses.dataclass(frozen=True, slots=True)
class Signer:
    """The organisation's signing key and the `did:key` verification method that publishes it."""

    key: Ed25519PrivateKey
    """The private key."""

    @classmethod
    def from_environment(cls, env: Mapping[str, str] = os.environ) -> Signer | None:
        """The key named by `CREDGEN_SIGNING_KEY`, or None when no key is configured."""
        path = env.get(KEY_VARIABLE)
        if not path:
            return None
        try:
            pem = Path(path).read_bytes()
        except OSError as error:
            raise SigningError(
                f"{KEY_VARIABLE}: cannot read the signing key {path}: {error.strerror}",
                hint=f"set {KEY_VARIABLE} to the path of an Ed25519 private key in PEM form, or unset it",
            ) from error
        return cls.from_pem(pem, shown_as=path)

    @classmethod
    def from_pem(cls, pem: bytes, *, shown_as: str = "the signing key") -> Signer:
        """A signer from an unencrypted PEM private key; it must be Ed25519."""
        try:
            key = serialization.load_pem_private_key(pem, password=None)
        except (ValueError, TypeError) as error:
            raise SigningError(
                f"{shown_as}: not an unencrypted private key in PEM form",
                hint="make one with: openssl genpkey -algorithm ed25519 -out signing-key.pem",
            ) from error
        if not isinstance(key, Ed25519PrivateKey):
            raise SigningError(
                f"{shown_as}: the signing key must be an Ed25519 key",
                hint="make one with: openssl genpkey -algorithm ed25519 -out signing-key.pem",
            )
        return cls(key)

    @property
    def verification_method(self) -> str:
        """`did:key:z6Mk...#z6Mk...`: the public key, written so a verifier needs nothing else."""
        return did_key_method(self.key.public_key())

    def sign(self, document: Mapping[str, Any], created: dt.datetime) -> dict[str, Any]:
        """`document` with a `DataIntegrityProof` added (assertion purpose).

        `proof` is a list of one: Open Badges 3.0's schemas require an array.
        """
        options = {
            "type": "DataIntegrityProof",
            "cryptosuite": CRYPTOSUITE,
            "created": created.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "verificationMethod": self.verification_method,
            "proofPurpose": "assertionMethod",
        }
        signature = self.key.sign(_hash_data(document, options))
        return {**document, "proof": [{**options, "proofValue": "z" + base58(signature)}]}


def verify(document: Mapping[str, Any], key: Ed25519PublicKey | None = None) -> bool:
    """Whether `document` has one valid `eddsa-rdfc-2022` proof.

    The key is `key` when given, else the `did:key` the proof's verification method names.
    """
    proofs = document.get("proof")
    proof = proofs[0] if isinstance(proofs, list) and len(proofs) == 1 else proofs
    if not isinstance(proof, Mapping):
        return False
    options = dict(proof)
    value = str(options.pop("proofValue", ""))
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    if options.get("cryptosuite") != CRYPTOSUITE or not value.startswith("z"):
        return False
    try:
        signer = key or public_key(str(options["verificationMethod"]))
        signer.verify(unbase58(value[1:]), _hash_data(unsigned, options))
    except (InvalidSignature, ValueError, KeyError):
        return False
    return True


def canonical_nquads(document: Mapping[str, Any]) -> str:
    """The RDFC-1.0 (URDNA2015) canonical N-Quads of a JSON-LD document.

    pyld (which imports `requests`) is loaded here, when a document is signed or verified,
    not by every build: most builds sign nothing.
    """
    from pyld import jsonld

    options = {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": load_document}
    return str(jsonld.normalize(copy.deepcopy(dict(document)), options))


def _hash_data(document: Mapping[str, Any], options: Mapping[str, Any]) -> bytes:
    """SHA-256 of the canonical proof configuration, then of the canonical document."""
    config = {"@context": document["@context"], **options}
    return _sha256(canonical_nquads(config)) + _sha256(canonical_nquads(document))


def _sha256(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def did_key_method(key: Ed25519PublicKey) -> str:
    """The `did:key` verification method of an Ed25519 public key."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    fingerprint = "z" + base58(_ED25519_PUB + raw)
    return f"did:key:{fingerprint}#{fingerprint}"


def public_key(method: str) -> Ed25519PublicKey:
    """The Ed25519 public key a `did:key` verification method names."""
    if not method.startswith("did:key:"):
        raise ValueError(f"not a did:key: {method}")
    return key_from_multibase(method.removeprefix("did:key:").partition("#")[0])


def key_from_multibase(text: str) -> Ed25519PublicKey:
    """An Ed25519 public key written as multibase (`z6Mk...`), as `did:key` and Multikey do."""
    raw = unbase58(text.removeprefix("z"))
    if not text.startswith("z") or raw[:2] != _ED25519_PUB or len(raw) != 34:
        raise ValueError(f"not a multibase Ed25519 public key: {text}")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def base58(data: bytes) -> str:
    """Bitcoin-alphabet base58, as multibase `z` uses."""
    number = int.from_bytes(data, "big")
    text = ""
    while number:
        number, digit = divmod(number, 58)
        text = _BASE58[digit] + text
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + text


def unbase58(text: str) -> bytes:
    """Inverse of `base58`."""
    number = 0
    for char in text:
        number = number * 58 + _BASE58.index(char)
    body = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body
