"""De-identified exports are safe by construction and prove it (reference T1–T5, T8, T9, T11)."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from safehaven.models.audit import AuditEvent
from safehaven.models.client import Client, age_on
from safehaven.models.export_ledger import ExportLedger
from safehaven.models.period import parse_period
from safehaven.services.cases.restricted import seal_restricted_values
from safehaven.services.disclosure.errors import AuditFailed, InvalidPeriod, TooFewClients
from safehaven.services.errors import PermissionDenied
from safehaven.services.reports import reports
from tests.services.export_attacker import Attacker
from tests.services.export_checks import (
    pdf_text_and_meta,
    t1_schema,
    t2_scan,
    t3_threshold,
    t8_pdf_numbers,
    t9_manifest,
)

H1 = parse_period("2026-H1")
_serial = itertools.count(1)


def person(**overrides: object) -> dict[str, object]:
    n = next(_serial)
    values: dict[str, object] = {
        "case_number": f"SH-2026-{n:04d}",
        "chosen_name": f"Zorayda{n:03d}",
        "other_names": f"Quilmer Vantossi{n:03d}",
        "legal_name": f"Ximena Oyarbide{n:03d}",
        "date_of_birth": dt.date(1990, 1, 1) + dt.timedelta(days=37 * n),
        "gender": "female" if n % 3 else "male",
        "citizenship_category": "foreign_national" if n % 4 else "citizen_or_lpr",
        "trafficking_type": ("sex", "labor")[n % 2],
        "country_of_origin": "MX",
        "phone": f"+1-555-31{n:02d}-77{n:02d}",
        "address": f"{400 + n} Calle Bermejillo, Villaverde",
        "email": f"zq{n}@example.org",
        "intake_date": dt.date(2026, 1, 5) + dt.timedelta(days=(n * 5) % 150),
        "status": "active",
    }
    values.update(overrides)
    return values


def add(session, people: list[dict[str, object]]) -> None:
    """Bulk rows as the services would write them: the derived age at intake filled, the
    restricted values then encrypted under the restricted key."""
    rows = []
    for p in people:
        dob = p.get("date_of_birth")
        row = dict(p, date_of_birth=dob.isoformat() if isinstance(dob, dt.date) else dob)
        row["age_at_intake"] = age_on(dob, p.get("estimated_age"), p["intake_date"])
        rows.append(row)
    with session.begin():
        session.execute(insert(Client), rows)
        seal_restricted_values(session)


def export(session, actor, tmp_path: Path, period: str = "2026-H1", name: str = "out"):
    out = tmp_path / name
    out.mkdir()
    result = reports.export_period(session, actor=actor, period=parse_period(period), out_dir=out)
    return result, out


def assert_safe(session, director, folder: Path, people, period: str = "2026-H1") -> None:
    text = (folder / "tables.csv").read_text("utf-8")
    pdf = (folder / "summary.pdf").read_bytes()
    assert t1_schema(text) == []
    assert t3_threshold(text) == []
    pdf_text, meta = pdf_text_and_meta(pdf)
    assert t2_scan([text, pdf_text, meta], people) == []
    assert t8_pdf_numbers(pdf_text, text, period) == []
    assert t9_manifest(folder) == []
    exact = reports.build_period_report(session, actor=director, period=parse_period(period))
    truth = {(t.id, c.row, c.column): c.value for t in exact.tables for c in t.cells}
    attacker = Attacker([(parse_period(period), text)])
    for cell in attacker.suppressed():
        lo, hi = attacker.bounds(cell)
        assert hi >= 11, (cell, lo, hi)
        if truth[(cell.table, cell.row, cell.column)] < 11:
            assert lo == 0, (cell, lo, hi)


def test_export_of_a_varied_period_passes_every_check(session, staff, tmp_path) -> None:
    people = [person() for _ in range(60)]
    people += [person(gender="transgender"), person(date_of_birth=dt.date(2010, 5, 5))]
    people += [person(country_of_origin="ER", citizenship_category=None)]
    people += [person(gender="prefers_not_to_answer", trafficking_type="doesnt_know")]
    add(session, people)
    result, out = export(session, staff.director, tmp_path)
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "summary.pdf", "tables.csv"]
    assert result.primary_suppressed > 0
    assert_safe(session, staff.director, out, people)
    rows = (out / "tables.csv").read_text("utf-8").splitlines()
    assert "T04,Clients by gender,transgender,count,,suppressed" in rows
    assert "T02,Clients by age group,not_collected,count,0,zero" in rows
    with session.begin():
        entry = session.execute(select(ExportLedger)).scalar_one()
        event = session.execute(
            select(AuditEvent).where(AuditEvent.action == "export_created")
        ).scalar_one()
    assert entry.period_id == "2026-H1"
    assert entry.by_role == "director"
    details = json.loads(event.details)
    assert details["period"] == "2026-H1"
    assert details["policy_id"] == "funder-default"
    assert "Zorayda" not in event.details
    assert "director" not in json.dumps(details)


def test_homogeneous_minors_are_hidden_by_l_diversity(session, staff, tmp_path) -> None:
    minors = [person(date_of_birth=dt.date(2011, 3, 3), trafficking_type="sex") for _ in range(14)]
    adults = [person() for _ in range(30)]
    add(session, minors + adults)
    _, out = export(session, staff.director, tmp_path)
    rows = [r.split(",") for r in (out / "tables.csv").read_text("utf-8").splitlines()]
    minor_row = [r for r in rows if r[0] == "T07" and r[2] == "minor" and r[3] != "Total"]
    if minor_row:
        assert all(r[5] == "suppressed" for r in minor_row)
    else:  # the table could not be protected and was withheld, which the manifest says
        manifest = json.loads((out / "manifest.json").read_text("utf-8"))
        assert "T07" in manifest["tables_withheld"]
    assert_safe(session, staff.director, out, minors + adults)


def test_a_period_with_15_clients_answers_too_few_and_writes_nothing(
    session, staff, tmp_path
) -> None:
    add(session, [person() for _ in range(15)])
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(TooFewClients) as info:
        reports.export_period(session, actor=staff.director, period=H1, out_dir=out)
    assert info.value.minimum == 22
    assert list(out.iterdir()) == []
    report = reports.build_period_report(session, actor=staff.admin, period=H1)
    assert report.too_few_clients
    assert report.tables == ()


def test_one_new_client_since_the_last_export_is_not_revealed(session, staff, tmp_path) -> None:
    first = [person(intake_date=dt.date(2026, 1, 10) + dt.timedelta(days=i)) for i in range(40)]
    add(session, first)
    _, q1 = export(session, staff.director, tmp_path, "2026-Q1", "q1")
    newcomer = person(
        intake_date=dt.date(2026, 5, 2),
        gender="transgender",
        trafficking_type="both",
        date_of_birth=dt.date(2012, 1, 1),
    )
    add(session, [newcomer])
    try:
        _, h1 = export(session, staff.director, tmp_path, "2026-H1", "h1")
    except AuditFailed as exc:  # refusing is also safe: nothing was written
        assert isinstance(exc, AuditFailed)  # noqa: PT017 - either outcome is valid; a refusal is checked here
        assert list((tmp_path / "h1").iterdir()) == []
        return
    texts = [(out / "tables.csv").read_text("utf-8") for out in (q1, h1)]
    published = [
        {tuple(r.split(",")[i] for i in (0, 2, 3)): r.split(",")[4] for r in t.splitlines()[1:]}
        for t in texts
    ]
    for cell, value in published[1].items():
        before = published[0].get(cell, "")
        if value and before:
            assert int(value) - int(before) == 0 or int(value) - int(before) >= 11, cell
    attacker = Attacker([(parse_period("2026-H1"), texts[1]), (parse_period("2026-Q1"), texts[0])])
    for cell in attacker.suppressed():
        assert attacker.bounds(cell)[1] >= 11, cell
    manifest = json.loads((h1 / "manifest.json").read_text("utf-8"))
    assert len(manifest["audit"]["prior_exports_included"]) == 1


def test_only_export_roles_may_export_and_admins_see_protected_numbers(
    session, staff, tmp_path
) -> None:
    add(session, [person() for _ in range(40)])
    with pytest.raises(PermissionDenied):
        export(session, staff.caseworker, tmp_path, name="cw")
    admin_view = reports.build_period_report(session, actor=staff.admin, period=H1)
    director_view = reports.build_period_report(session, actor=staff.director, period=H1)
    assert director_view.exact
    assert not admin_view.exact
    values = [c.value for t in admin_view.tables for c in t.cells if c.value is not None]
    assert all(v == 0 or v >= 11 for v in values)
    result, _ = export(session, staff.admin, tmp_path, name="admin")
    assert result.files


@pytest.mark.parametrize("text", ["2026-13", "2026-Q5", "2026-01-01..2026-03-31", "H1-2026"])
def test_free_or_malformed_periods_are_refused(session, staff, tmp_path, text) -> None:
    with pytest.raises(InvalidPeriod) as info:
        reports.period_from_text(text)  # parsed once, at the edge (CLI, window)
    assert "2026-H1" in info.value.accepted
