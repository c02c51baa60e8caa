"""A throw-away certificate authority and clinic signing key, for the demo and the tests: never for patients.

A clinic signs with its own certificate, issued by its own or a national
authority (README, "Digital consent"). These are made fresh, in a folder the
caller names, each time they are asked for, and are never committed.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

DEMO_CLINIC = "Northbrook General Hospital (DEMO ONLY, not for patients)"


@dataclass(frozen=True)
class DemoKeys:
    key: Path  # PKCS#12: the clinic's signing key and certificate (HANDOUTS_SIGNING_KEY)
    password: str  # HANDOUTS_SIGNING_PASSWORD
    trust_root: Path  # PEM: the demo authority's certificate (HANDOUTS_TRUST_ROOTS)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, common_name), x509.NameAttribute(NameOID.ORGANIZATION_NAME, "DEMO")]
    )


def make_demo_keys(folder: Path, days: int = 30) -> DemoKeys:
    """A demo root authority and a clinic certificate it issued, written into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    until = now + dt.timedelta(days=days)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root_name = _name("Patient handouts DEMO certificate authority")
    root = (
        x509.CertificateBuilder()
        .subject_name(root_name)
        .issuer_name(root_name)
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(until)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    clinic_key = ec.generate_private_key(ec.SECP256R1())
    clinic = (
        x509.CertificateBuilder()
        .subject_name(_name(DEMO_CLINIC))
        .issuer_name(root_name)
        .public_key(clinic_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(until)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    password = secrets.token_urlsafe(12)
    bundle = pkcs12.serialize_key_and_certificates(
        b"clinic", clinic_key, clinic, [root], serialization.BestAvailableEncryption(password.encode())
    )
    key_path, root_path = folder / "demo-signing-key.p12", folder / "demo-trust-root.pem"
    key_path.write_bytes(bundle)
    key_path.chmod(0o600)
    root_path.write_bytes(root.public_bytes(serialization.Encoding.PEM))
    return DemoKeys(key_path, password, root_path)
