"""The languages of the person are ISO 639 codes; the preferred language, the languages spoken and
the need for an interpreter pre-select the survivor language of an intake."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safehaven.services.cases.clients import ClientDraft, get_client, update_client
from safehaven.services.errors import ValidationFailed
from safehaven.services.intake.question_bank import load_bank
from safehaven.services.languages.codes import (
    codes_from_names,
    display_name,
    iso_639_options,
    parse_codes,
    text_direction,
)
from safehaven.services.languages.person import (
    client_language_codes,
    pick_survivor_language,
    suggest_survivor_language,
)
from tests.services.helpers_intake import new_client

BANK = ("en", "es", "ar", "fr", "pt", "ru", "tl", "uk", "vi", "zh_Hans")


def test_codes_come_from_babels_iso_639_list() -> None:
    codes = {o.code for o in iso_639_options()}
    assert {"ar", "ti", "am", "ne", "tl", "yo", "hi", "ht"} <= codes
    assert len(codes) > 400
    arabic = next(o for o in iso_639_options() if o.code == "ar")
    assert (arabic.english_name, arabic.own_name) == ("Arabic", "العربية")
    assert text_direction("ar") == "rtl"
    assert text_direction("ru") == "ltr"


def test_parse_codes_normalises_and_names_the_bad_entry() -> None:
    assert parse_codes(" AR, fr;zh-Hans  fr ") == ("ar", "fr", "zh_Hans")
    with pytest.raises(ValueError, match="Spanish"):
        parse_codes("es, Spanish")


@given(st.lists(st.sampled_from([o.code for o in iso_639_options()]), max_size=6))
def test_any_list_of_known_codes_round_trips(codes: list[str]) -> None:
    assert parse_codes(", ".join(codes)) == tuple(dict.fromkeys(codes))


def test_names_in_either_language_or_codes_read_as_codes() -> None:
    assert codes_from_names("Spanish, ar; Árabe, tagalo, Ga, ga", "es") == (
        "es",
        "ar",
        "tl",
        "gaa",  # the language named Ga
        "ga",  # the code of Irish
    )
    with pytest.raises(ValueError, match="Elvish"):
        codes_from_names("French, Elvish", "en")


@pytest.mark.parametrize("language", ["en", "es"])
@given(st.lists(st.sampled_from([o.code for o in iso_639_options()]), max_size=4))
def test_every_shown_name_reads_back_as_its_code(language: str, codes: list[str]) -> None:
    shown = ", ".join(display_name(code, language) for code in codes)
    assert codes_from_names(shown, language) == tuple(dict.fromkeys(codes))


@pytest.mark.parametrize(
    ("preferred", "spoken", "interpreter", "staff", "expected"),
    [
        ("ar", (), None, "en", "ar"),
        (None, ("zh", "en"), True, "en", "zh_Hans"),  # Chinese speakers read Simplified here
        (None, ("uk", "ru"), None, "en", "uk"),  # English not spoken: their first language
        (None, ("en", "fr"), False, "en", "en"),  # speaks the staff language, no interpreter
        (None, ("ti",), True, "es", "es"),  # no Tigrinya text yet: the staff language
        ("de", ("vi",), True, "en", "vi"),
    ],
)
def test_pick_survivor_language(preferred, spoken, interpreter, staff, expected) -> None:
    chosen = pick_survivor_language(
        preferred=preferred,
        spoken=spoken,
        interpreter_needed=interpreter,
        available=BANK,
        staff_language=staff,
    )
    assert chosen == expected


def test_profile_languages_must_be_codes_and_are_stored_normalised(vault, staff) -> None:
    client_id = new_client(vault, staff.intake, name="Leila")
    with vault.session() as session, pytest.raises(ValidationFailed) as bad:
        update_client(
            session,
            actor=staff.supervisor,
            client_id=client_id,
            draft=ClientDraft(chosen_name="Leila", languages="Arabic"),
        )
    assert bad.value.errors == {"languages": "not_language_code"}
    with vault.session() as session:
        draft = ClientDraft(
            chosen_name="Leila",
            languages="AR; fr",
            preferred_language="ar",
            interpreter_needed=True,
        )
        row = update_client(session, actor=staff.supervisor, client_id=client_id, draft=draft)
    assert (row.languages, row.preferred_language) == ("ar,fr", "ar")
    assert client_language_codes("uk,ru,Spanish") == ("uk", "ru")


def test_the_intake_suggests_the_persons_language(vault, staff) -> None:
    client_id = new_client(
        vault, staff.intake, name="Hoa", languages="vi,en", interpreter_needed=True
    )
    bank = load_bank()
    with vault.session() as session:
        code = suggest_survivor_language(
            session,
            actor=staff.intake,
            client_id=client_id,
            available=bank.languages,
            staff_language="en",
        )
        assert get_client(session, actor=staff.intake, client_id=client_id).languages == "vi,en"
    assert code == "vi"
