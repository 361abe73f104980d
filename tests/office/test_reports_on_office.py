"""Directors' reports on the office server come from count-only functions and equal the same
data's reports on a vault; the director's login still reads no case row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import psycopg
import pytest
from PySide6.QtCore import Qt

from safehaven.app import SafeHavenApp
from safehaven.demo.vault import create_demo_vault
from safehaven.models.period import parse_period
from safehaven.services.accounts import accounts
from safehaven.services.actor import Actor
from safehaven.services.office import accounts as office_accounts
from safehaven.services.office.importer import import_vault
from safehaven.services.office.sign_in import choice_for
from safehaven.services.reports import reports
from safehaven.storage.keyslots import FAST_TEST_KDF
from safehaven.storage.postgres.errors import OfficeSetupFailed
from safehaven.storage.postgres.profile import save_profile
from safehaven.storage.postgres.setup import initialize_office
from safehaven.ui.messages import explain
from safehaven.ui.reports.reports_page import ReportsPage
from tests.office.conftest import ADMIN_PASSWORD, STAFF_PASSWORD, Office, Team

PERIODS = ("2025", "2025-H2", "2026-Q1", "2026-Q2")


def _office_copy(team: Team, folder: Path) -> tuple[Office, Actor]:
    """A demo vault (`folder`) imported into a new office database; returns it, the vault's
    director, who is given a login of their own on the office server."""
    create_demo_vault(folder, clients=160, seed=7, kdf=FAST_TEST_KDF, today=dt.date(2026, 6, 20))
    as_director = accounts.sign_in(folder, "director", "safehaven-demo")
    director = as_director.actor
    as_director.vault.close()
    signed = accounts.sign_in(folder, "admin", "safehaven-demo")  # holds the restricted key
    name = f"reports_{team.office.dbname}"
    server = team.office.server
    with psycopg.connect(server.superuser_dsn(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
    office = Office(server, name)
    initialize_office(office.admin_dsn, admin_username="admin", admin_password=ADMIN_PASSWORD)
    try:
        import_vault(signed.vault.engine, office.admin_dsn, codec=signed.vault.codec())
    finally:
        signed.vault.close()
    admin_store = office.store("admin", ADMIN_PASSWORD)
    try:
        with admin_store.session() as session:
            admin = office_accounts.signed_in_actor(session)
        with admin_store.session() as session:
            office_accounts.grant_office_login(
                session, actor=admin, user_id=director.user_id, password=STAFF_PASSWORD
            )
    finally:
        admin_store.close()
    return office, director


@pytest.fixture(scope="module")
def copied(team: Team, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Office, Actor]:
    folder = tmp_path_factory.mktemp("report-vault") / "vault"
    office, director = _office_copy(team, folder)
    return folder, office, director


def test_director_report_on_office_equals_the_vault(copied: tuple[Path, Office, Actor]) -> None:
    folder, office, director = copied
    vault = accounts.sign_in(folder, "director", "safehaven-demo").vault
    store = office.store("director")
    try:
        for text in PERIODS:
            period = reports.period_from_text(text)
            with vault.session() as session:
                on_vault = reports.build_period_report(session, actor=director, period=period)
            with store.session() as session:
                on_office = reports.build_period_report(session, actor=director, period=period)
            assert on_vault.exact
            assert on_office.exact
            assert sum(c.value or 0 for t in on_vault.tables for c in t.cells) > 0
            assert on_office == on_vault
    finally:
        vault.close()
        store.close()


def test_export_on_office_equals_the_vault(copied: tuple[Path, Office, Actor], tmp_path) -> None:
    folder, office, director = copied
    vault = accounts.sign_in(folder, "director", "safehaven-demo").vault
    store = office.store("director")
    period = reports.period_from_text("2025")
    (tmp_path / "vault").mkdir()
    (tmp_path / "office").mkdir()
    try:
        with vault.session() as session:
            on_vault = reports.export_period(
                session, actor=director, period=period, out_dir=tmp_path / "vault"
            )
        with store.session() as session:
            on_office = reports.export_period(
                session, actor=director, period=period, out_dir=tmp_path / "office"
            )
    finally:
        vault.close()
        store.close()
    assert (on_office.primary_suppressed, on_office.complementary_suppressed) == (
        on_vault.primary_suppressed,
        on_vault.complementary_suppressed,
    )
    csv_vault = (tmp_path / "vault" / "tables.csv").read_text("utf-8")
    assert (tmp_path / "office" / "tables.csv").read_text("utf-8") == csv_vault


def test_administrator_is_told_reports_are_for_directors(team: Team) -> None:
    store = team.store(team.admin)
    try:
        with pytest.raises(OfficeSetupFailed) as refused, store.session() as session:
            reports.build_period_report(
                session, actor=team.admin, period=reports.period_from_text("2025")
            )
    finally:
        store.close()
    assert refused.value.reason == "reports_for_directors"
    assert "director" in explain(refused.value)


def test_director_login_still_reads_no_case_row(copied: tuple[Path, Office, Actor]) -> None:
    _, office, _ = copied
    with office.raw("director") as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT count(*) FROM referral")
        rows = conn.execute("SELECT sum(units) FROM sh_report_counts('2025-01-01', '2025-12-31')")
        assert int(rows.fetchone()[0]) > 0  # type: ignore[index]


def test_reports_page_on_office_shows_the_vault_numbers(  # type: ignore[no-untyped-def]
    qtbot, copied: tuple[Path, Office, Actor], tmp_path
) -> None:
    folder, office, director = copied
    vault = accounts.sign_in(folder, "director", "safehaven-demo").vault
    try:
        with vault.session() as session:
            expected = reports.build_period_report(
                session, actor=director, period=parse_period("2026-Q1")
            )
    finally:
        vault.close()
    app = SafeHavenApp(tmp_path, profile=choice_for(save_profile(tmp_path / "p", office.profile)))
    entry = app.start()
    qtbot.addWidget(entry)
    panel = entry.panel
    panel.form.username.setText("director")
    panel.form.password.edit.setText(STAFF_PASSWORD)
    qtbot.mouseClick(panel.form.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: app.window is not None, timeout=20_000)
    assert app.window is not None
    qtbot.addWidget(app.window)
    page = app.window.show_page("reports")
    assert isinstance(page, ReportsPage)
    page.set_period(parse_period("2026-Q1"))
    qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.report is not None or bool(page.error.text()), timeout=60_000)
    assert page.report == expected
    out = tmp_path / "export"
    out.mkdir()
    page.choose_folder = lambda parent, title: str(out)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(page.message.text() or page.error.text()), timeout=120_000)
    assert not page.error.text(), page.error.text()
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "summary.pdf", "tables.csv"]
    app.shutdown()
