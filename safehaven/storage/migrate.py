"""Schema migrations (Alembic), run programmatically when a vault is opened."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str | None:
    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, *, before_upgrade: Callable[[str | None], None] | None = None) -> bool:
    """Bring the schema to head. `before_upgrade(current)` runs first (it takes the backup) when an
    existing vault is behind. Returns True when anything was migrated."""
    current = current_revision(engine)
    if current == head_revision():
        return False
    if current is not None and before_upgrade is not None:
        before_upgrade(current)
    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return True
