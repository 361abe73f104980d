"""A laptop joins an office server from the first-run wizard: the connection profile's fields
are checked as they are typed, the connection can be tried with the person's own login, and
the profile is saved (never a password). Nothing of a vault is made.

Problems are codes; the window turns them into sentences.
"""

from __future__ import annotations

import re
from pathlib import Path

from cryptography import x509

from safehaven.services.office.accounts import signed_in_account
from safehaven.services.office.sign_in import ProfileChoice, choice_for
from safehaven.storage.postgres.profile import ConnectionProfile as ConnectionProfile
from safehaven.storage.postgres.profile import save_profile
from safehaven.storage.stores.office_store import open_office

DEFAULT_PORT = 5432
MAX_CA_BYTES = 1_000_000  # an office CA certificate is a few kilobytes
_HOST = re.compile(r"[A-Za-z0-9.:\-\[\]]+")
FIELDS = ("host", "port", "dbname", "ca_path")


def host_problem(host: str) -> str:
    host = host.strip()
    if not host:
        return "host_missing"
    if len(host) > 253 or not _HOST.fullmatch(host):
        return "host_invalid"
    return ""


def port_problem(port: str) -> str:
    port = port.strip()
    if not port:
        return "port_missing"
    if not port.isascii() or not port.isdigit() or not 0 < int(port) < 65536:
        return "port_invalid"
    return ""


def dbname_problem(dbname: str) -> str:
    dbname = dbname.strip()
    if not dbname:
        return "dbname_missing"
    if len(dbname.encode()) > 63 or any(ch.isspace() or not ch.isprintable() for ch in dbname):
        return "dbname_invalid"
    return ""


def ca_problem(path: str) -> str:
    """ "" when `path` is a readable PEM certificate that may sign others (or does not say)."""
    if not path.strip():
        return "ca_missing"
    file = Path(path.strip()).expanduser()
    try:
        if not file.is_file():
            return "ca_not_found"
        if file.stat().st_size > MAX_CA_BYTES:
            return "ca_not_certificate"
        data = file.read_bytes()
    except OSError:
        return "ca_unreadable"
    try:
        cert = x509.load_pem_x509_certificate(data)
    except ValueError:
        return "ca_not_certificate"
    try:
        constraints = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
    except (x509.ExtensionNotFound, ValueError):
        return ""
    return "" if constraints.ca else "ca_not_authority"


def profile_problems(*, host: str, port: str, dbname: str, ca_path: str) -> dict[str, str]:
    """Each field's problem code ("" when it is fine), in reading order."""
    return {
        "host": host_problem(host),
        "port": port_problem(port),
        "dbname": dbname_problem(dbname),
        "ca_path": ca_problem(ca_path),
    }


def build_profile(*, host: str, port: str, dbname: str, ca_path: str) -> ConnectionProfile:
    """The profile from checked fields (raises ValueError when any field has a problem)."""
    problems = profile_problems(host=host, port=port, dbname=dbname, ca_path=ca_path)
    if any(problems.values()):
        raise ValueError(next(code for code in problems.values() if code))
    ca = Path(ca_path.strip()).expanduser().resolve()
    return ConnectionProfile(host.strip(), int(port.strip()), dbname.strip(), str(ca))


def check_office_connection(profile: ConnectionProfile, username: str, password: str) -> str:
    """Sign in once as `username` and disconnect; returns the display name the server knows.
    Raises OfficeLoginRefused or OfficeUnavailable as a sign-in would."""
    store = open_office(profile, username, password)
    try:
        with store.session() as session:
            actor, _must_change = signed_in_account(session)
    finally:
        store.close()
    return actor.display_name


def save_office_profile(folder: Path, profile: ConnectionProfile) -> ProfileChoice:
    """Write the profile as the data folder's office.json; the sign-in then uses it."""
    return choice_for(save_profile(Path(folder), profile))
