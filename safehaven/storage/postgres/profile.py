"""A laptop's connection profile: where the office server is and which CA to trust.

Never a password: each person types their own at sign-in.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from safehaven.storage.files import write_atomic

PROFILE_NAME = "office.json"


@dataclass(frozen=True)
class ConnectionProfile:
    host: str
    port: int
    dbname: str
    ca_path: str

    def connect_args(self, username: str, password: str) -> dict[str, Any]:
        """libpq parameters: TLS verify-full against the office CA, SCRAM channel binding."""
        return {
            "host": self.host,
            "port": self.port,
            "dbname": self.dbname,
            "user": username,
            "password": password,
            "sslmode": "verify-full",
            "sslrootcert": self.ca_path,
            "channel_binding": "require",
            "connect_timeout": 5,
            "application_name": "safehaven",
            "target_session_attrs": "read-write",
        }


def save_profile(folder: Path, profile: ConnectionProfile) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / PROFILE_NAME
    write_atomic(target, (json.dumps(asdict(profile), indent=2, sort_keys=True) + "\n").encode())
    return target


def load_profile(path: Path) -> ConnectionProfile:
    """Read a profile file; a folder means its `office.json`. Raises ValueError if malformed."""
    if path.is_dir():
        path = path / PROFILE_NAME
    try:
        raw = json.loads(path.read_text("utf-8"))
        profile = ConnectionProfile(
            str(raw["host"]), int(raw["port"]), str(raw["dbname"]), str(raw["ca_path"])
        )
    except (KeyError, TypeError, json.JSONDecodeError) as exc:
        raise ValueError(str(path)) from exc
    if "password" in raw:
        raise ValueError(str(path))
    return profile
