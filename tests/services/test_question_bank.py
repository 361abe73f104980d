"""The intake question bank: it loads, is complete in every language, and refuses broken entries."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from safehaven.models.client import NON_ANSWERS
from safehaven.services.intake.question_bank import (
    ANSWER_TYPES,
    BankError,
    bank_path,
    load_bank,
    load_bank_file,
    parse_bank,
)

SECTIONS = ("A", "B", "C", "D", "E", "F", "G")


@pytest.fixture
def raw() -> dict:
    return json.loads(bank_path(1).read_text("utf-8"))


def test_bank_loads_with_sections_a_to_g_in_english_and_spanish() -> None:
    bank = load_bank()
    assert bank.section_keys() == SECTIONS
    assert set(bank.languages) >= {"en", "es"}
    assert len(bank.questions) >= 50
    for question in bank.questions.values():
        assert question.type in ANSWER_TYPES
        for lang in ("en", "es"):
            assert question.text[lang].strip(), question.key
            assert question.why[lang].strip(), question.key
            for choice in question.choices:
                assert choice.label[lang].strip(), (question.key, choice.code)
        if question.closed:
            assert set(NON_ANSWERS) <= set(question.codes), question.key
    for lang in ("en", "es"):
        assert "skip" in bank.opening["en"]
        assert bank.opening[lang]


def test_legal_name_is_gated_by_consent_and_role() -> None:
    question = load_bank().questions["b_legal_name"]
    assert question.consent == "legal_name"
    assert question.permission == "view_legal_name"
    assert question.maps_to == "legal_name"
    keys = load_bank().section("B").question_keys
    assert keys.index("b_chosen_name") < keys.index("b_legal_name")  # chosen name first


def _break(raw: dict, key: str, change) -> dict:
    data = copy.deepcopy(raw)
    question = next(q for q in data["questions"] if q["key"] == key)
    change(question, data)
    return data


@pytest.mark.parametrize(
    ("key", "change", "problem"),
    [
        ("b_gender", lambda q, d: q["text"].pop("es"), "missing_language"),
        ("d_safe_now", lambda q, d: q["why"].pop("en"), "missing_why"),
        ("d_code_word", lambda q, d: q.update(why={"en": "x", "es": " "}), "missing_why"),
        ("b_age", lambda q, d: q.update(type="slider"), "unknown_type"),
        ("e_control", lambda q, d: q["choices"].pop(), "choices_missing_non_answers"),
        ("b_gender", lambda q, d: q.update(maps_to="favourite_colour"), "bad_maps_to"),
        ("b_pronouns", lambda q, d: q.update(maps_to="gender"), "bad_maps_to"),
        ("e_control", lambda q, d: q.update(section="Z"), "unknown_section"),
        ("b_legal_name", lambda q, d: q.update(consent="gossip"), "unknown_consent_purpose"),
        ("b_legal_name", lambda q, d: q.update(permission="see_all"), "unknown_permission"),
        ("a_location", lambda q, d: d["questions"].append(copy.deepcopy(q)), "duplicate_key"),
        ("b_country", lambda q, d: q["choices"].append(q["choices"][0]), "duplicate_choice"),
    ],
)
def test_broken_entry_is_refused_naming_the_question(raw, key, change, problem) -> None:
    with pytest.raises(BankError) as info:
        parse_bank(_break(raw, key, change))
    assert info.value.question_key == key
    assert info.value.problem == problem
    assert key in str(info.value)


def test_gender_choice_outside_the_client_code_list_is_refused(raw) -> None:
    def add(q, d):
        q["choices"].insert(0, {"code": "alien", "label": {"en": "x", "es": "x"}})

    with pytest.raises(BankError) as info:
        parse_bank(_break(raw, "b_gender", add))
    assert (info.value.question_key, info.value.problem) == ("b_gender", "bad_maps_to")


def test_unreadable_file_is_a_typed_error(tmp_path: Path) -> None:
    path = tmp_path / "bank-v9.json"
    path.write_text("{not json", "utf-8")
    with pytest.raises(BankError) as info:
        load_bank_file(path)
    assert info.value.problem == "unreadable"
