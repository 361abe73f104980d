"""Search folds every Latin letter: typed ASCII finds ı, ł, ø, æ, ß, đ …; restricted fields are
never indexed."""

from __future__ import annotations

import unicodedata

import pytest
from anyascii import anyascii
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safehaven.services.cases.case_list import CaseQuery, case_ids
from safehaven.services.cases.clients import ClientDraft, register_client, update_client
from safehaven.storage.folding import INDEXED_COLUMNS, fold


def _find(session, actor, text: str) -> list[int]:
    return case_ids(session, actor=actor, query=CaseQuery(text=text))


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("Yıldız Aydın", "yildiz"),
        ("Łukasz Wałęsa", "walesa"),
        ("Søren Kierkegård", "soren"),
        ("Ægir Dæhlie", "daehlie"),
        ("Straße", "strasse"),
        ("Đorđe Đukić", "dorde"),  # đ → d
        ("Þóra Ðuríður", "thora"),
        ("José Núñez", "nunez"),
    ],
)
def test_ascii_finds_letters_that_are_not_accented_forms(session, staff, written, typed) -> None:
    row = register_client(session, actor=staff.intake, draft=ClientDraft(chosen_name=written))
    assert row.id in _find(session, staff.supervisor, typed)
    # and the name as written still finds itself
    assert row.id in _find(session, staff.supervisor, written.split()[0])


def test_rename_and_erasure_keep_the_index_right(session, staff) -> None:
    row = register_client(session, actor=staff.intake, draft=ClientDraft(chosen_name="Øyvind"))
    assert _find(session, staff.supervisor, "oyvind") == [row.id]
    session.rollback()  # end the read transaction the search began
    update_client(
        session,
        actor=staff.supervisor,
        client_id=row.id,
        draft=ClientDraft(chosen_name="Iğdır Kılıç"),
    )
    assert _find(session, staff.supervisor, "oyvind") == []
    assert _find(session, staff.supervisor, "kilic") == [row.id]


def test_restricted_fields_are_never_indexed(session, staff, vault) -> None:
    row = register_client(session, actor=staff.intake, draft=ClientDraft(chosen_name="Mira"))
    update_client(
        session,
        actor=staff.supervisor,
        client_id=row.id,
        draft=ClientDraft(chosen_name="Mira", legal_name="Zbigniewa Quxley"),
    )
    assert _find(session, staff.supervisor, "mira") == [row.id]
    assert _find(session, staff.supervisor, "quxley") == []
    assert _find(session, staff.supervisor, "zbigniewa") == []
    assert set(INDEXED_COLUMNS) == {"case_number", "chosen_name", "other_names"}
    with vault.engine.connect() as conn:
        sql = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name LIKE 'client_search%' AND sql IS NOT NULL"
        ).scalars()
        text = " ".join(str(s) for s in sql).lower()
    for restricted in ("legal_name", "date_of_birth", "phone", "address", "email", "note"):
        assert restricted not in text


LATIN = st.characters(
    categories=("Lu", "Ll"),
    codec="utf-8",
).filter(lambda ch: "LATIN" in unicodedata.name(ch, "") and anyascii(ch).isalpha())


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.text(LATIN, min_size=2, max_size=12))
def test_any_latin_name_is_found_by_its_transliteration(session, staff, name) -> None:
    typed = anyascii(name)
    session.rollback()  # each example starts outside the previous search's read transaction
    row = register_client(session, actor=staff.intake, draft=ClientDraft(chosen_name=name))
    assert row.id in _find(session, staff.supervisor, typed)
    assert row.id in _find(session, staff.supervisor, typed.upper())
    assert fold(name) == typed.lower()
