"""Pages offered by store kind: today every page and case tab works on both stores (the
exchange too: an office server guards the exchange keys with column privileges)."""

from __future__ import annotations

from safehaven.models.permissions import Permission
from safehaven.ui import registry
from safehaven.ui.context import UiContext
from safehaven.ui.tasks import TaskRunner

EVERYTHING = frozenset(Permission)


def test_office_mode_offers_every_page_including_the_exchange() -> None:
    on_vault = [s.key for s in registry.available(registry.PAGES, EVERYTHING, "vault")]
    on_office = [s.key for s in registry.available(registry.PAGES, EVERYTHING, "office")]
    assert "exchange" in on_office
    assert on_office == on_vault
    tabs = registry.available(registry.CASE_TABS, EVERYTHING, "office")
    assert len(tabs) == len(registry.CASE_TABS)  # every case tab works on the office store


def test_an_open_vault_says_it_is_a_vault(vault, staff) -> None:
    ctx = UiContext(vault, staff.admin, TaskRunner())
    assert ctx.store_kind == "vault"
