"""tables.csv titles follow the export's language, like the summary PDF; codes never change."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from safehaven import i18n
from safehaven.models.period import parse_period
from safehaven.services.reports import reports
from tests.services.test_export_safety import add, person

H1 = parse_period("2026-H1")


def _titles(folder: Path) -> dict[str, str]:
    rows = list(csv.reader(io.StringIO((folder / "tables.csv").read_text("utf-8"))))
    return {row[0]: row[1] for row in rows[1:]}


def _rows(folder: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO((folder / "tables.csv").read_text("utf-8"))))[1:]


def test_a_spanish_export_has_spanish_table_titles(session, staff, tmp_path) -> None:
    add(session, [person() for _ in range(40)])
    english, spanish = tmp_path / "en", tmp_path / "es"
    english.mkdir()
    spanish.mkdir()
    reports.export_period(session, actor=staff.director, period=H1, out_dir=english)
    reports.export_period(session, actor=staff.director, period=H1, out_dir=spanish, language="es")
    assert _titles(english)["T04"] == "Clients by gender"
    assert _titles(spanish)["T04"] == "Clientes por género"
    assert _titles(spanish)["T02"] == i18n.gettext_for("es", "Clients by age group")
    assert _titles(spanish)["T02"] != "Clients by age group"
    # the row and column codes, values and flags stay what a spreadsheet formula expects
    strip = [[r[0], *r[2:]] for r in _rows(english)]
    assert [[r[0], *r[2:]] for r in _rows(spanish)] == strip


def test_the_export_follows_the_interface_language_when_none_is_given(
    session, staff, tmp_path
) -> None:
    add(session, [person() for _ in range(40)])
    out = tmp_path / "out"
    out.mkdir()
    i18n.set_language("es")
    try:
        reports.export_period(session, actor=staff.director, period=H1, out_dir=out)
    finally:
        i18n.set_language("en")
    assert _titles(out)["T04"] == "Clientes por género"
