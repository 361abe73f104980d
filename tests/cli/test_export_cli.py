"""`safehaven export`: fixed periods only (exit 2 otherwise), files written, audited failures."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from safehaven.cli import main
from safehaven.demo.vault import DEMO_PASSWORD, create_demo_vault
from safehaven.storage.keyslots import FAST_TEST_KDF


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli-export") / "vault"
    create_demo_vault(folder, clients=300, kdf=FAST_TEST_KDF, today=dt.date(2026, 11, 20))
    return folder


def _export(capsys, monkeypatch, demo_dir: Path, out: Path, period: str, user: str = "director"):
    monkeypatch.setenv("SAFEHAVEN_PASSWORD", DEMO_PASSWORD)
    code = main(
        [
            "export",
            "--data-dir",
            str(demo_dir),
            "--user",
            user,
            "--period",
            period,
            "--out",
            str(out),
        ]
    )
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("period", ["2026-13", "2026-Q5", "2026-01-01:2026-06-30", "last-month"])
def test_free_or_malformed_period_is_a_usage_error(
    capsys, monkeypatch, demo_dir, tmp_path, period
) -> None:
    with pytest.raises(SystemExit) as info:
        _export(capsys, monkeypatch, demo_dir, tmp_path, period)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "2026-Q1" in err
    assert "2026-H1" in err
    assert "2026" in err
    assert list(tmp_path.iterdir()) == []


def test_director_exports_a_recent_year(capsys, monkeypatch, demo_dir, tmp_path) -> None:
    code, out, err = _export(capsys, monkeypatch, demo_dir, tmp_path, "2025")
    assert code == 0, err
    assert "tables.csv, summary.pdf, manifest.json" in out
    manifest = json.loads((tmp_path / "manifest.json").read_text("utf-8"))
    assert manifest["period"] == {"id": "2025", "granularity": "year"}
    assert manifest["attestation_role"] == "Program Director"
    assert "director" not in json.dumps(manifest).lower().replace("program director", "")


def test_caseworker_may_not_export(capsys, monkeypatch, demo_dir, tmp_path) -> None:
    code, _out, err = _export(capsys, monkeypatch, demo_dir, tmp_path, "2026-H1", "caseworker")
    assert code == 1
    assert "export_deidentified" in err
    assert list(tmp_path.iterdir()) == []


def test_a_tiny_demo_answers_too_few_clients(capsys, monkeypatch, tmp_path) -> None:
    folder = tmp_path / "tiny"
    create_demo_vault(folder, clients=30, kdf=FAST_TEST_KDF, today=dt.date(2026, 11, 20))
    out = tmp_path / "out"
    out.mkdir()
    code, _out, err = _export(capsys, monkeypatch, folder, out, "2026-Q3")
    assert code == 1
    assert "Too few clients for 2026-Q3" in err
    assert list(out.iterdir()) == []


def test_a_missing_out_folder_is_made_and_a_full_one_refused(
    capsys, monkeypatch, demo_dir, tmp_path
) -> None:
    new = tmp_path / "exports" / "2025"
    code, _out, err = _export(capsys, monkeypatch, demo_dir, new, "2025")
    assert code == 0, err
    assert sorted(p.name for p in new.iterdir()) == ["manifest.json", "summary.pdf", "tables.csv"]
    full = tmp_path / "full"
    full.mkdir()
    (full / "notes.txt").write_text("mine", "utf-8")
    code, _out, err = _export(capsys, monkeypatch, demo_dir, full, "2025")
    assert code == 1
    assert "not empty" in err
    assert sorted(p.name for p in full.iterdir()) == ["notes.txt"]
    refused = tmp_path / "refused"
    code, _out, err = _export(capsys, monkeypatch, demo_dir, refused, "2025", "caseworker")
    assert code == 1
    assert not refused.exists()  # a failed export leaves no empty folder behind
