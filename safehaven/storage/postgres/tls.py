"""The office certificate authority and the server certificate (ECDSA P-256, never Ed25519:
SCRAM channel binding needs a certificate whose signature has a hash)."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CA_CERT = "office-ca.crt"
CA_KEY = "office-ca.key"
SERVER_CERT = "server.crt"
SERVER_KEY = "server.key"


@dataclass(frozen=True)
class TlsFiles:
    folder: Path

    @property
    def ca_cert(self) -> Path:
        return self.folder / CA_CERT

    @property
    def ca_key(self) -> Path:
        return self.folder / CA_KEY

    @property
    def server_cert(self) -> Path:
        return self.folder / SERVER_CERT

    @property
    def server_key(self) -> Path:
        return self.folder / SERVER_KEY


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "SafeHaven office"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _san(hosts: list[str]) -> x509.SubjectAlternativeName:
    names: list[x509.GeneralName] = []
    for host in hosts:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    return x509.SubjectAlternativeName(names)


def _write_private(path: Path, key: ec.EllipticCurvePrivateKey) -> None:
    data = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)


def make_office_tls(folder: Path, hosts: list[str], *, days: int = 3650) -> TlsFiles:
    """A new CA and a server certificate for `hosts` (names or IP addresses) in `folder`.

    Refuses to overwrite: an existing CA is what every laptop already trusts.
    """
    files = TlsFiles(Path(folder))
    files.folder.mkdir(parents=True, exist_ok=True)
    for path in (files.ca_cert, files.ca_key, files.server_cert, files.server_key):
        if path.exists():
            raise FileExistsError(str(path))
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name("SafeHaven office CA")
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    server_key = ec.generate_private_key(ec.SECP256R1())
    server_cert = (
        x509.CertificateBuilder()
        .subject_name(_name(hosts[0]))
        .issuer_name(ca_name)
        .public_key(server_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_san(hosts), critical=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    _write_private(files.ca_key, ca_key)
    _write_private(files.server_key, server_key)
    files.ca_cert.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    files.server_cert.write_bytes(server_cert.public_bytes(serialization.Encoding.PEM))
    return files


def server_config_lines(files: TlsFiles, subnet: str) -> tuple[list[str], list[str]]:
    """(postgresql.conf lines, pg_hba.conf lines) for TLS 1.3 + SCRAM, everything else rejected."""
    conf = [
        "ssl = on",
        f"ssl_cert_file = '{files.server_cert}'",
        f"ssl_key_file = '{files.server_key}'",
        "ssl_min_protocol_version = 'TLSv1.3'",
        "password_encryption = 'scram-sha-256'",
    ]
    hba = [
        "# TYPE    DATABASE  USER  ADDRESS      METHOD",
        "local     all       postgres          peer",
        f"hostssl   all       all   {subnet}  scram-sha-256",
        "hostnossl all       all   0.0.0.0/0    reject",
        "hostnossl all       all   ::/0         reject",
        "host      all       all   0.0.0.0/0    reject",
        "host      all       all   ::/0         reject",
    ]
    return conf, hba
