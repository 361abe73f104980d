"""The single-laptop store behind the Store interface: sessions, health, backup."""

from __future__ import annotations

from sqlalchemy import text

from safehaven.storage.backup import read_manifest
from safehaven.storage.stores import Store
from safehaven.storage.stores.vault_store import VaultStore


def test_vault_store_offers_the_store_interface(vault, tmp_path) -> None:
    store: Store = VaultStore(vault)
    assert store.kind == "vault"
    assert store.restricted_fields_by_database is False
    with store.session() as session:
        assert session.execute(text("SELECT count(*) FROM client")).scalar() == 0
    assert store.health().ok
    target = store.backup(tmp_path / "copy.shbackup")
    manifest, _slots = read_manifest(target)
    assert manifest.kind == "manual"
