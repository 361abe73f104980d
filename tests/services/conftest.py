"""Service tests on both stores: a test that takes `db` runs once on a vault and once on an
office database, where each person works through their own login, so the database's row-level
security and column privileges apply as they do in an office.

A test that needs what only a vault offers carries `@pytest.mark.vault_only("why")` and runs
on the vault alone. One whose office run shows a product bug not yet fixed carries
`@pytest.mark.office_bug("what")`: that run is expected to fail until the bug is fixed.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.office.pgserver import PgServer
from tests.services.stores import (
    OfficeTemplate,
    StoreUnderTest,
    make_template,
    on_office,
    on_vault,
)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "db" not in metafunc.fixturenames:
        return
    marker = metafunc.definition.get_closest_marker("vault_only")
    if marker is not None:
        assert marker.args, "vault_only needs its reason"
        assert str(marker.args[0]).strip(), "vault_only needs its reason"
        kinds = ["vault"]
    else:
        kinds = ["vault", _office(metafunc)]
    metafunc.parametrize("db", kinds, indirect=True)


def _office(metafunc: pytest.Metafunc) -> object:
    """The office run; one that shows a known product bug is expected to fail, strictly, so
    the mark has to go once the bug is fixed."""
    bug = metafunc.definition.get_closest_marker("office_bug")
    if bug is None:
        return "office"
    return pytest.param("office", marks=pytest.mark.xfail(strict=True, reason=bug.args[0]))


@pytest.fixture
def db(request: pytest.FixtureRequest) -> Iterator[StoreUnderTest]:
    """The store under test ("vault" or "office"), its staff, and each person's sessions."""
    if request.param == "vault":
        yield from on_vault(request.getfixturevalue("vault"))
        return
    mixed = {"vault", "session", "vault_dir"} & set(request.fixturenames)
    assert not mixed, f"a test on both stores reaches the vault directly: {sorted(mixed)}"
    yield from on_office(request.getfixturevalue("office_template"))


@pytest.fixture(scope="session")
def office_template(pg_server: PgServer) -> OfficeTemplate:
    return make_template(pg_server)
