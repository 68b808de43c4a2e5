"""TLS client certificates and the ``x5t#S256`` thumbprint that binds a token to one (RFC 8705).

With mutual TLS the client also shows a certificate when it opens the connection, and proves
it holds the certificate's private key in the handshake. RFC 8705 §3 lets the auth server bind
the access tokens it issues over such a connection to that certificate: the token's
confirmation claim carries the certificate's SHA-256 thumbprint,

    ``"cnf": {"x5t#S256": base64url(SHA-256(the certificate's DER encoding))}``  (§3.1)

and a resource server accepts the token only over a mutual-TLS connection whose client
certificate has that same thumbprint (§3, "the protected resource MUST obtain the client
certificate used for mutual TLS authentication and MUST verify that the certificate matches
the certificate associated with the access token"). A thief who copies the token has no
certificate, or another one: the token is useless to it.

Each confidential client here gets a real, self-signed X.509 certificate (RFC 8705 §2.2, the
``self_signed_tls_client_auth`` style), built with ``cryptography`` and made deterministic:
its Ed25519 key comes from the run's seed (:class:`~simtoken.jose.keys.KeyPurpose`
``TLS_CLIENT``, indexed by the client's name), Ed25519 signatures are deterministic
(RFC 8032 §5.1.6), and the serial number and the validity dates are fixed (from the simulated
epoch for one year). The same seed gives byte-identical certificates and thumbprints.

Simplified: the TLS handshake itself is not simulated (the network hands each server the
certificate of the sender's connection, and a sender without one has none to show), and no CA
or certificate chain is checked.

>>> der = client_certificate(7, "app")
>>> der == client_certificate(7, "app"), der == client_certificate(7, "other")
(True, False)
>>> len(x5t_s256(der))
43
"""

from __future__ import annotations

import base64
import hashlib
from datetime import timedelta
from functools import lru_cache

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from simtoken.jose.clock import DEFAULT_EPOCH
from simtoken.jose.keys import KeyPurpose, derivation_input, derive_key

__all__ = ["CERTIFICATE_VALIDITY", "X5T_S256", "client_certificate", "x5t_s256"]

X5T_S256 = "x5t#S256"
"""The confirmation method of a certificate-bound token (RFC 8705 §3.1)."""

CERTIFICATE_VALIDITY = timedelta(days=365)
"""How long a client certificate is valid, from the simulated epoch."""


@lru_cache(maxsize=64)
def client_certificate(seed: int, client: str) -> bytes:
    """The DER encoding of ``client``'s self-signed certificate in a run (deterministic)."""
    signing = derive_key(seed, "EdDSA", client, KeyPurpose.TLS_CLIENT).signing_key
    assert isinstance(signing, ed25519.Ed25519PrivateKey)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, client)])
    material = derivation_input(KeyPurpose.TLS_CLIENT, "EdDSA", seed, client)
    serial = int.from_bytes(hashlib.sha256(material.encode("utf-8")).digest()[:19], "big") | 1
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(signing.public_key())
        .serial_number(serial)
        .not_valid_before(DEFAULT_EPOCH)
        .not_valid_after(DEFAULT_EPOCH + CERTIFICATE_VALIDITY)
        .sign(signing, None)  # Ed25519 takes no separate hash algorithm
    )
    return certificate.public_bytes(Encoding.DER)


def x5t_s256(der: bytes) -> str:
    """The certificate's ``x5t#S256``: base64url (no padding) of the SHA-256 of its DER."""
    digest = hashlib.sha256(der).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
