"""The one small interface both stores offer: sessions, health, backup, and what they protect.

Services take a session from `Store.session()` and never ask which store they run on; what
differs (search index, audit appender lock) is chosen by dialect inside storage/.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sqlalchemy import Engine
from sqlalchemy.orm import Session


@dataclass(frozen=True)
class HealthReport:
    ok: bool
    problems: tuple[str, ...]  # codes, e.g. "not_tls", "superuser_login", "rls_off:client"


class Store(Protocol):
    kind: str  # "vault" (SQLCipher on this laptop) or "office" (PostgreSQL server)
    # True when the database itself keeps restricted fields (legal name, date of birth,
    # contacts) from roles without access; False when the application must (key slots).
    restricted_fields_by_database: bool

    @property
    def engine(self) -> Engine: ...

    def session(self) -> Session: ...

    def health(self) -> HealthReport: ...

    def backup(self, out: Path) -> Path: ...

    def close(self) -> None: ...
