"""The frozen first migration builds exactly the schema the models describe."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from safehaven.models import Base
from safehaven.storage.migrate import current_revision, head_revision

FTS_SHADOW = ("client_search",)


def _include(obj, name, type_, reflected, compare_to) -> bool:
    return not (type_ == "table" and name and name.startswith(FTS_SHADOW))


@pytest.mark.filterwarnings("ignore:.*expression-based index.*")
def test_migrated_schema_matches_the_models(vault) -> None:
    assert current_revision(vault.engine) == head_revision()
    with vault.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": _include})
        diffs = compare_metadata(context, Base.metadata)
    assert diffs == []


def test_search_index_and_audit_triggers_exist(vault) -> None:
    with vault.engine.connect() as conn:
        names = set(
            conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type <> 'view'")
            .scalars()
            .all()
        )
    assert {"client_search", "audit_event_no_update", "audit_event_no_delete"} <= names
    assert {"client_search_ai", "client_search_ad", "client_search_au"} <= names
    assert "ix_client_list_name" in names  # expression index, invisible to autogenerate
