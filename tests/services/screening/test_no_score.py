"""No code path turns screening answers into a number or a "victim" flag.

Three angles: (1) a property test — swapping every "yes" for "no" changes no number in what the
services return; (2) the code, the question banks, the protocols and the Spanish strings of the
screening area and the export never name a score or a victim; (3) the export's screening tables are
categories only."""

from __future__ import annotations

import ast
import dataclasses
import json
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safehaven.services.disclosure.dimensions import DIMENSIONS, POPULATIONS
from safehaven.services.disclosure.policy import load_policy
from safehaven.services.screening import sessions as svc
from safehaven.services.screening.bank import load_screening_bank
from safehaven.services.screening.rows import ScreeningRow
from tests.services.screening.helpers import call, new_client, started

ROOT = Path(__file__).resolve().parents[3]
WORDS = re.compile(r"score|victim|v[íi]ctima|puntua|puntaje|risk_level|verdict_", re.IGNORECASE)
CODE = [
    *sorted((ROOT / "safehaven/services/screening").glob("*.py")),
    *sorted((ROOT / "safehaven/ui/screening").glob("*.py")),
    ROOT / "safehaven/models/screening.py",
    ROOT / "safehaven/models/protocol.py",
    ROOT / "safehaven/models/staff_training.py",
    ROOT / "safehaven/services/disclosure/dimensions.py",
    ROOT / "safehaven/services/disclosure/tabulate.py",
]
SWAP = {"yes": "no", "no": "yes"}
CODES = st.sampled_from(("yes", "no", "doesnt_know", "prefers_not_to_answer", None))
SHORT_KEYS = load_screening_bank("short").ordered_keys()


def _numbers(row: ScreeningRow) -> dict[str, object]:
    found = {}
    for field in dataclasses.fields(row):
        value = getattr(row, field.name)
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if number and not field.name.endswith("id") and field.name != "bank_version":
            found[field.name] = value
    return found


def _screen(db, actor, client_id, answers: dict[str, str | None]) -> ScreeningRow:
    row = started(db, actor, client_id)
    for key, code in answers.items():
        if code is None:
            row = call(db, svc.skip_question, actor=actor, screening_id=row.id, question_key=key)
        else:
            row = call(
                db,
                svc.answer_question,
                actor=actor,
                screening_id=row.id,
                question_key=key,
                code=code,
            )
    call(db, svc.stop_screening, actor=actor, screening_id=row.id)
    return row


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.dictionaries(st.sampled_from(SHORT_KEYS), CODES, min_size=1, max_size=6))
def test_answers_never_become_a_number(db, staff, answers) -> None:
    client_id = new_client(db, staff.intake)
    swapped = {k: SWAP.get(v, v) if v else v for k, v in answers.items()}
    first = _screen(db, staff.intake, client_id, answers)
    second = _screen(db, staff.intake, client_id, swapped)
    assert _numbers(first) == _numbers(second)
    assert set(_numbers(first)) <= {"recorded", "total"}  # progress of the conversation only
    assert first.outcome is None
    assert second.outcome is None


def test_row_fields_name_no_score_or_victim_flag() -> None:
    names = [f.name for f in dataclasses.fields(ScreeningRow)]
    assert not [n for n in names if WORDS.search(n)]


def _identifiers_and_strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            found.append(node.id)
        elif isinstance(node, ast.Attribute):
            found.append(node.attr)
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            found.append(node.name)
        elif isinstance(node, ast.arg):
            found.append(node.arg)
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and (id(node) not in docstrings)
        ):
            found.append(node.value)
    return found


def test_the_code_of_screening_and_exports_names_no_score_or_victim() -> None:
    assert any("ui/screening" in str(p) for p in CODE)
    hits = [(p.name, s) for p in CODE for s in _identifiers_and_strings(p) if WORDS.search(s)]
    assert hits == []


def test_banks_protocols_and_translations_use_no_such_word() -> None:
    files = [
        *sorted((ROOT / "resources/screening").glob("*.json")),
        *sorted((ROOT / "resources/protocols").glob("*.json")),
        ROOT / "resources/i18n/es/screening.po",
    ]
    for path in files:
        text = path.read_text("utf-8")
        assert not WORDS.search(text), path.name
        if path.suffix == ".json":
            json.loads(text)


def test_the_export_tables_for_screening_are_categories_only() -> None:
    policy = load_policy()
    for table in policy.tables:
        if POPULATIONS[table.population].name not in ("screenings", "protocols", "staff_training"):
            continue
        assert not WORDS.search(table.title)
        dims = [a.dimension for a in (table.rows, table.columns) if a] + list(table.panel)
        for dim in dims:
            for code in DIMENSIONS[dim].base:
                assert not code.isdigit()
                assert not WORDS.search(code)


def test_the_scan_catches_a_score_or_a_flag(tmp_path) -> None:
    """Negative control: the scan above would notice either mistake."""
    bad = tmp_path / "bad.py"
    bad.write_text('"""Docstring."""\nrisk = sum(a == "yes" for a in answers)\nis_victim = True\n')
    assert [s for s in _identifiers_and_strings(bad) if WORDS.search(s)] == ["is_victim"]
    bad.write_text('label = _("Trafficking score: {n}")\n')
    assert [s for s in _identifiers_and_strings(bad) if WORDS.search(s)]
