"""The case list service: search through FTS5, sorting and filters in SQL, role scope."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import null, select

from safehaven.services.cases.case_list import (
    UNASSIGNED,
    CaseQuery,
    CaseSort,
    case_ids,
    case_rows,
    caseworker_choices,
    count_cases,
    first_page,
    hidden_match_exists,
)
from safehaven.services.cases.clients import ClientDraft, register_client, update_client
from safehaven.services.errors import PermissionDenied


@pytest.fixture
def cases(db, staff):
    """Five clients registered by intake staff; two assigned to the caseworker."""
    specs = [
        ("José", "Pepe Ramírez", dt.date(2026, 1, 5), None),
        ("María", None, dt.date(2026, 2, 1), "caseworker"),
        ("Ana", "Anita", dt.date(2025, 11, 3), "caseworker"),
        ("Zoë", None, dt.date(2026, 3, 9), "caseworker2"),
        ("alberto", None, dt.date(2024, 6, 30), None),
    ]
    made = {}
    for name, other, intake, worker in specs:
        draft = ClientDraft(chosen_name=name, other_names=other, intake_date=intake)
        row = register_client(db[staff.intake], actor=staff.intake, draft=draft)
        if worker is not None:
            assigned = ClientDraft(
                chosen_name=name,
                other_names=other,
                intake_date=intake,
                assigned_caseworker_id=getattr(staff, worker).user_id,
            )
            update_client(
                db[staff.supervisor], actor=staff.supervisor, client_id=row.id, draft=assigned
            )
        made[name] = row
    return made


def _names(db, actor, query):
    session = db[actor]
    ids = case_ids(session, actor=actor, query=query)
    return [r.chosen_name for r in case_rows(session, actor=actor, ids=ids)]


def test_search_ignores_case_and_diacritics(db, staff, cases):
    assert _names(db, staff.supervisor, CaseQuery(text="jose")) == ["José"]
    assert _names(db, staff.supervisor, CaseQuery(text="MARI")) == ["María"]
    assert _names(db, staff.supervisor, CaseQuery(text="zoe")) == ["Zoë"]


def test_search_covers_other_names_but_not_legal_name(db, staff, cases):
    assert _names(db, staff.caseworker, CaseQuery(text="ramirez")) == ["José"]
    assert _names(db, staff.caseworker, CaseQuery(text="anit")) == ["Ana"]


def test_search_by_case_number_whole_or_serial(db, staff, cases):
    number = cases["María"].case_number  # e.g. SH-2026-0002
    serial = number.rsplit("-", 1)[1]
    assert _names(db, staff.caseworker, CaseQuery(text=number)) == ["María"]
    assert _names(db, staff.caseworker, CaseQuery(text=number.lower())) == ["María"]
    assert "María" in _names(db, staff.caseworker, CaseQuery(text=serial))


def test_sort_by_each_column_both_ways(db, staff, cases):
    by_date = _names(db, staff.supervisor, CaseQuery(sort=CaseSort.INTAKE_DATE))
    assert by_date == ["Zoë", "María", "José", "Ana", "alberto"]
    query = CaseQuery(sort=CaseSort.CHOSEN_NAME, descending=False)
    assert _names(db, staff.supervisor, query) == ["alberto", "Ana", "José", "María", "Zoë"]
    numbers = [
        r.case_number
        for r in case_rows(
            db[staff.supervisor],
            actor=staff.supervisor,
            ids=case_ids(
                db[staff.supervisor],
                actor=staff.supervisor,
                query=CaseQuery(sort=CaseSort.CASE_NUMBER, descending=False),
            ),
        )
    ]
    assert numbers == sorted(numbers)
    by_worker = _names(db, staff.supervisor, CaseQuery(sort=CaseSort.CASEWORKER))
    # descending by caseworker name: unassigned first, then Caseworker2, then Caseworker
    assert by_worker == ["José", "alberto", "Zoë", "María", "Ana"]
    ascending = CaseQuery(sort=CaseSort.CASEWORKER, descending=False)
    assert _names(db, staff.supervisor, ascending) == [
        "Ana",
        "María",
        "Zoë",
        "alberto",
        "José",
    ]
    searched = CaseQuery(sort=CaseSort.CASEWORKER, descending=False, text="a")
    assert _names(db, staff.supervisor, searched) == ["Ana", "alberto"]


def test_filters_by_status_and_caseworker(db, staff, cases):
    closed = ClientDraft(
        chosen_name="Ana",
        other_names="Anita",
        status="closed",
        assigned_caseworker_id=staff.caseworker.user_id,
    )
    update_client(
        db[staff.supervisor], actor=staff.supervisor, client_id=cases["Ana"].id, draft=closed
    )
    assert _names(db, staff.supervisor, CaseQuery(status="closed")) == ["Ana"]
    mine = CaseQuery(caseworker_id=staff.caseworker.user_id)
    assert set(_names(db, staff.supervisor, mine)) == {"María", "Ana"}
    nobody = CaseQuery(caseworker_id=UNASSIGNED)
    assert set(_names(db, staff.supervisor, nobody)) == {"José", "alberto"}
    both = CaseQuery(caseworker_id=staff.caseworker.user_id, status="active", text="mar")
    assert _names(db, staff.supervisor, both) == ["María"]
    assert count_cases(db[staff.supervisor], actor=staff.supervisor, query=mine) == 2


def test_rows_carry_caseworker_name_and_intake_date(db, staff, cases):
    rows = case_rows(db[staff.supervisor], actor=staff.supervisor, ids=[cases["María"].id])
    assert rows[0].caseworker_name == "Caseworker"
    assert rows[0].intake_date == dt.date(2026, 2, 1)
    assert rows[0].status == "active"


def test_each_role_lists_only_the_cases_it_may_open(db, staff, cases):
    everything = CaseQuery()
    expected = [
        (staff.intake, {"José", "alberto"}),  # registered by them and not yet handed over
        (staff.caseworker, {"María", "Ana", "José", "alberto"}),
        (staff.caseworker2, {"Zoë", "José", "alberto"}),  # own + unassigned
        (staff.supervisor, {"José", "María", "Ana", "Zoë", "alberto"}),
    ]
    for actor, names in expected:
        assert set(_names(db, actor, everything)) == names
        assert count_cases(db[actor], actor=actor, query=everything) == len(names)
    every_id = [row.id for row in cases.values()]
    rows = case_rows(db[staff.caseworker2], actor=staff.caseworker2, ids=every_id)
    assert {r.chosen_name for r in rows} == expected[2][1]
    by_worker = CaseQuery(sort=CaseSort.CASEWORKER)
    assert set(_names(db, staff.caseworker2, by_worker)) == expected[2][1]


def test_a_match_outside_the_scope_is_told_without_being_shown(db, staff, cases):
    assert _names(db, staff.caseworker2, CaseQuery(text="maria")) == []
    assert hidden_match_exists(db[staff.caseworker2], actor=staff.caseworker2, text="maria")
    assert not hidden_match_exists(db[staff.caseworker2], actor=staff.caseworker2, text="zoe")
    assert not hidden_match_exists(db[staff.supervisor], actor=staff.supervisor, text="maria")
    assert not hidden_match_exists(db[staff.caseworker2], actor=staff.caseworker2, text="  ")


def test_roles_without_the_case_list_are_refused(db, staff, cases):
    with pytest.raises(PermissionDenied):
        case_ids(db[staff.director], actor=staff.director, query=CaseQuery())
    with pytest.raises(PermissionDenied):
        case_rows(db[staff.admin], actor=staff.admin, ids=[cases["Ana"].id])


def test_caseworker_choices_lists_caseworkers_and_supervisors(db, staff):
    names = [c.display_name for c in caseworker_choices(db[staff.intake], actor=staff.intake)]
    assert names == ["Caseworker", "Caseworker2", "Supervisor"]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=40))
def test_any_search_text_is_safe(db, staff, cases, text):
    ids = case_ids(db[staff.supervisor], actor=staff.supervisor, query=CaseQuery(text=text))
    assert set(ids) <= {row.id for row in cases.values()}


@pytest.mark.parametrize(
    "text",
    [
        '"',
        "*",
        "OR",
        "José OR Ana",
        "NEAR(jose ana)",
        "chosen_name:ana",
        "^ana",
        "a AND",
        "-ana",
        "(",
        "ana)",
        "{case_number}: x",
        "' OR 1=1 --",
        "%",
        "_",
    ],
)
def test_fts_syntax_is_never_interpreted(db, staff, cases, text):
    names = _names(db, staff.supervisor, CaseQuery(text=text))
    if text == "José OR Ana":
        assert names == []  # every word must match one client: no client has all three
    if text == "chosen_name:ana":
        assert names == []  # no column filter: "chosen_name" is just a word
    if any(ch.isalnum() for ch in text):
        assert len(names) <= 2
    else:
        assert len(names) == 5  # nothing searchable typed: the whole list


def test_a_search_every_case_number_begins_with_answers_as_the_text_index_does(
    db, staff, cases, monkeypatch
):
    """Typing a case number starts with "S", "SH-", "SH-202": every case matches those, and
    the list answers them without listing every match of the text index. The answer, whole and
    as a first page, is exactly what the text index gives, for each role's scope; a first page
    is always the start of the whole answer (an office server picks it through its index)."""
    from safehaven.services.cases import case_list

    session = db[staff.supervisor]
    every = case_ids(session, actor=staff.supervisor, query=CaseQuery())
    numbers = [r.case_number for r in case_rows(session, actor=staff.supervisor, ids=every)]
    assert len({n[:7] for n in numbers}) == 3  # SH-2024, SH-2025, SH-2026
    one_a_year = {n[:7]: n for n in numbers}.values()
    texts = {n[:end] for n in one_a_year for end in range(1, len(n) + 1)}
    texts |= {t.lower() for t in texts if len(t) % 3 == 0}
    texts |= {"sh", "sh-20", " sh-2 ", "sh-2024", "h", "2026", "SH2"}
    names = {"a", "an", "jos", "mar", "zo", "al", "pe"}  # first pages of names, too
    common = {t for t in texts if not case_list._survey(session, CaseQuery(text=t))[0].text}
    assert {"S", "sh", "SH-", "SH-20", "sh-202", " sh-2 "} <= common
    assert not common & {"SH-2024", "h", "2026", "SH2"}

    def answers(actor):  # type: ignore[no-untyped-def]
        found = {}
        for text in sorted(texts | names):
            for sort in (CaseSort.INTAKE_DATE, CaseSort.CASEWORKER):
                query = CaseQuery(text=text, sort=sort)
                whole = case_ids(db[actor], actor=actor, query=query)
                page = case_ids(db[actor], actor=actor, query=query, limit=2)
                found[text, sort] = (whole, page, count_cases(db[actor], actor=actor, query=query))
        return found

    roles = (staff.supervisor, staff.caseworker, staff.intake)
    with_shortcut = {actor.username: answers(actor) for actor in roles}
    for found in with_shortcut.values():
        for whole, page, count in found.values():
            assert page == whole[:2]
            assert count == len(whole)
    unknown = select(null()).scalar_subquery()  # no bounds: never the shortcut
    monkeypatch.setattr(case_list, "byte_order_bounds", lambda _session, _text: (unknown, unknown))
    for actor in roles:
        assert answers(actor) == with_shortcut[actor.username]
    assert with_shortcut[staff.supervisor.username]["S", CaseSort.INTAKE_DATE][0] == every


@pytest.mark.parametrize("walk_from", [0, 10**9], ids=["walking", "by id"])
def test_every_plan_and_the_first_page_give_the_same_answer(
    db, staff, cases, walk_from, monkeypatch
):
    """A search with many matches walks the list in display order, one with few looks its
    matches up by id (on a vault; an office server chooses for itself). Either way the answer is
    the same, and the first page read with its rows is the start of the whole answer."""
    from safehaven.services.cases import case_list

    texts = ["", "a", "an", "jos", "pepe", "zoe", "mar", "al", "sh", "x", "ana anita"]
    queries = [
        CaseQuery(text=text, sort=sort, descending=descending, status=status)
        for text in texts
        for sort in (CaseSort.INTAKE_DATE, CaseSort.CHOSEN_NAME, CaseSort.CASEWORKER)
        for descending in (True, False)
        for status in (None, "active")
    ]
    roles = (staff.supervisor, staff.caseworker, staff.intake)

    def answers():  # type: ignore[no-untyped-def]
        found = {}
        for actor in roles:
            for query in queries:
                whole = case_ids(db[actor], actor=actor, query=query)
                page = first_page(db[actor], actor=actor, query=query, limit=2)
                found[actor.username, query] = whole, [row.id for row in page]
        return found

    usual = answers()
    monkeypatch.setattr(case_list, "WALK_FROM", walk_from)
    assert answers() == usual
    for whole, page in usual.values():
        assert page == whole[:2]
    rows = first_page(db[staff.supervisor], actor=staff.supervisor, query=CaseQuery(), limit=9)
    assert [r.chosen_name for r in rows] == ["Zoë", "María", "José", "Ana", "alberto"]
    assert rows[1].caseworker_name == staff.caseworker.display_name


def test_a_rare_word_is_looked_up_by_id_without_reading_the_list_index(db, staff, cases):
    """On a vault, the first page of a search with few matches reads each match by id: asked
    to walk the list index instead (as SQLite chose before), it read every client of the
    vault to find 12 matches (4 ms at 100,000 clients instead of 0.1 ms)."""
    from safehaven.services.cases import case_list

    session = db[staff.caseworker]
    query = CaseQuery(text="jos")
    if session.get_bind().dialect.name != "sqlite":  # the server's own functions choose
        assert case_list._survey(session, query)[1] is case_list._Plan.SOURCE
        return
    assert case_list._survey(session, query)[1] is case_list._Plan.BY_ID
    stmt = case_list._listing(
        session, select(case_list.Client.id), staff.caseworker, query, case_list._Plan.BY_ID, 60
    )
    compiled = stmt.compile(dialect=session.get_bind().dialect)
    connection = session.connection().connection.dbapi_connection
    plan = [
        row[3]
        for row in connection.execute(
            f"EXPLAIN QUERY PLAN {compiled}", list(compiled.params.values())
        )
    ]
    assert plan[0].startswith("SCAN client_search VIRTUAL TABLE")
    assert any("USING INTEGER PRIMARY KEY" in step for step in plan)
    assert not any("ix_client_list" in step for step in plan)
