"""Pages offered by store kind: the exchange needs this laptop's vault; the rest work on both."""

from __future__ import annotations

from safehaven.models.permissions import Permission
from safehaven.ui import registry
from safehaven.ui.context import UiContext
from safehaven.ui.tasks import TaskRunner

EVERYTHING = frozenset(Permission)


def test_office_mode_leaves_out_the_vault_only_pages() -> None:
    on_vault = [s.key for s in registry.available(registry.PAGES, EVERYTHING, "vault")]
    on_office = [s.key for s in registry.available(registry.PAGES, EVERYTHING, "office")]
    assert "exchange" in on_vault
    assert "exchange" not in on_office
    assert set(on_vault) - set(on_office) == {"exchange"}
    tabs = registry.available(registry.CASE_TABS, EVERYTHING, "office")
    assert len(tabs) == len(registry.CASE_TABS)  # every case tab works on the office store


def test_an_open_vault_says_it_is_a_vault(vault, staff) -> None:
    ctx = UiContext(vault, staff.admin, TaskRunner())
    assert ctx.store_kind == "vault"
