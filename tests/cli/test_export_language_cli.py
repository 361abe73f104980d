"""`safehaven export --language`: the table titles in tables.csv follow the export language; by
default the vault's language setting."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from safehaven.cli import main
from safehaven.demo.vault import DEMO_PASSWORD, create_demo_vault
from safehaven.storage.keyslots import FAST_TEST_KDF


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli-export-language") / "vault"
    create_demo_vault(folder, clients=150, kdf=FAST_TEST_KDF, today=dt.date(2026, 11, 20))
    return folder


def _titles(folder: Path) -> dict[str, str]:
    rows = list(csv.reader(io.StringIO((folder / "tables.csv").read_text("utf-8"))))
    return {row[0]: row[1] for row in rows[1:]}


def _run(monkeypatch, demo_dir: Path, *args: str) -> int:
    monkeypatch.setenv("SAFEHAVEN_PASSWORD", DEMO_PASSWORD)
    return main([*args, "--data-dir", str(demo_dir), "--user", "director"])


def test_language_option_and_the_vault_setting(monkeypatch, demo_dir, tmp_path, capsys) -> None:
    spanish, default = tmp_path / "es", tmp_path / "default"
    assert _run(monkeypatch, demo_dir, "export", "--period", "2026", "--out", str(default)) == 0
    assert _titles(default)["T04"] == "Clients by gender"
    code = _run(
        monkeypatch,
        demo_dir,
        "export",
        "--period",
        "2026",
        "--out",
        str(spanish),
        "--language",
        "es",
    )
    assert code == 0
    assert _titles(spanish)["T04"] == "Clientes por género"

    monkeypatch.setenv("SAFEHAVEN_PASSWORD", DEMO_PASSWORD)
    assert (
        main(
            ["settings", "set", "--data-dir", str(demo_dir), "--user", "admin", "--language", "es"]
        )
        == 0
    )
    from_setting = tmp_path / "setting"
    assert (
        _run(monkeypatch, demo_dir, "export", "--period", "2026", "--out", str(from_setting)) == 0
    )
    assert _titles(from_setting)["T04"] == "Clientes por género"
    capsys.readouterr()
