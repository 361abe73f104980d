"""The screening banks and protocol files: complete in both languages, and a broken entry is
refused with a message naming it."""

from __future__ import annotations

import copy
import json

import pytest

from safehaven.messages import describe as explain
from safehaven.models.screening import DOMAINS
from safehaven.services.intake.question_bank import BankError
from safehaven.services.screening.bank import (
    bank_folder,
    load_bank_files,
    load_screening_bank,
    parse_screening_bank,
)
from safehaven.services.screening.protocol_files import (
    ProtocolError,
    default_protocol_texts,
    parse_protocol,
)

FORMS = ("short", "full", "minor")


def raw(form: str) -> dict:
    return json.loads((bank_folder() / f"{form}-v1.json").read_text("utf-8"))


@pytest.mark.parametrize("form", FORMS)
def test_every_question_has_both_languages_why_and_the_non_answers(form: str) -> None:
    bank = load_screening_bank(form)
    assert {"en", "es"} <= set(bank.languages)
    assert {s.key for s in bank.sections} == set(DOMAINS)  # one section per domain
    for question in bank.questions.values():
        for lang in ("en", "es"):
            assert question.text[lang].strip()
            assert question.why[lang].strip()
            assert question.text[lang] != question.why[lang]
        assert {"yes", "no", "doesnt_know", "prefers_not_to_answer"} <= set(question.codes)
        assert question.section in question.domains
        assert question.exploitation in ("labour", "sexual", "both")
    assert bank.source
    assert bank.licence_note
    assert bank.validated_population


def test_the_forms_have_the_sizes_the_issue_asks_for() -> None:
    short, full, minor = (load_screening_bank(f) for f in FORMS)
    assert 13 <= len(short.questions) <= 17
    assert len(full.questions) > len(short.questions)
    assert minor.age_group == "minor"
    assert short.age_group == full.age_group == "adult"
    assert any(q.disclosure for q in minor.questions.values())
    assert not any(q.disclosure for q in short.questions.values())
    kinds = {q.exploitation for b in (short, full) for q in b.questions.values()}
    assert kinds == {"labour", "sexual", "both"}
    # the staff member's training is named by each form
    assert {b.training for b in (short, full, minor)} == {
        "screening_basics",
        "screening_interview",
        "child_safeguarding",
    }


@pytest.mark.parametrize(
    ("breakage", "entry", "problem"),
    [
        (lambda d: d["questions"][2]["text"].pop("es"), "s_arranged_travel", "missing_language"),
        (lambda d: d["questions"][4]["why"].pop("en"), "s_not_free_leave", "missing_why"),
        (lambda d: d["questions"][0].update(domains=["money"]), "s_false_promise", "bad_domains"),
        (
            lambda d: d["questions"][1].update(exploitation="x"),
            "s_lied_conditions",
            "bad_exploitation",
        ),
        (
            lambda d: d["questions"][3]["choices"].pop(),
            "s_documents_held",
            "choices_missing_non_answers",
        ),
        (
            lambda d: d["questions"].append(copy.deepcopy(d["questions"][0])),
            "s_false_promise",
            "duplicate_key",
        ),
        (lambda d: d.pop("licence_note"), "", "missing_licence_note"),
    ],
)
def test_a_broken_bank_is_refused_naming_the_entry(breakage, entry: str, problem: str) -> None:
    data = raw("short")
    breakage(data)
    with pytest.raises(BankError) as caught:
        parse_screening_bank(data)
    assert (caught.value.question_key, caught.value.problem) == (entry, problem)
    if entry:
        assert entry in explain(caught.value)


def test_a_survivor_language_comes_from_the_shared_language_files(tmp_path) -> None:
    data = raw("short")
    (tmp_path / "short-v1.json").write_text(json.dumps(data), "utf-8")
    bank = load_bank_files(tmp_path, "short", 1)
    assert bank.languages == ("en", "es")  # no languages/ folder beside it
    (tmp_path / "languages").mkdir()
    french = bank_folder() / "languages" / "fr.json"
    (tmp_path / "languages" / "fr.json").write_bytes(french.read_bytes())
    bank = load_bank_files(tmp_path, "short", 1)
    assert bank.languages == ("en", "es", "fr")
    assert bank.questions["s_unpaid"].text["fr"].startswith("Êtes-vous payé(e)")
    assert bank.questions["s_unpaid"].choice("yes").label["fr"] == "Oui"
    assert set(bank.section("recruitment").title) == {"en", "es"}  # staff guidance


def test_every_default_protocol_loads() -> None:
    texts = default_protocol_texts()
    assert set(texts) == {
        "immediate_danger",
        "adult_indicators",
        "minor_disclosure",
        "labour_indicators",
    }
    for key, text in texts.items():
        protocol = parse_protocol(text, expected_key=key)
        assert protocol.steps
        assert protocol.training
    minor = parse_protocol(texts["minor_disclosure"])
    assert minor.steps[0].key == "stop_and_report"
    assert "{report_contact}" in minor.steps[0].detail["en"]


def _protocol(mutate) -> str:
    data = json.loads(default_protocol_texts()["labour_indicators"])
    mutate(data)
    return json.dumps(data)


@pytest.mark.parametrize(
    ("mutate", "entry", "problem"),
    [
        (
            lambda d: d["steps"][0]["title"].pop("es"),
            "labour_indicators.documents",
            "missing_language",
        ),
        (
            lambda d: d["steps"][1].update(category="spa"),
            "labour_indicators.labour_rights",
            "unknown_category",
        ),
        (lambda d: d["steps"][2].update(due_hours=-3), "labour_indicators.income", "bad_due_hours"),
        (
            lambda d: d["steps"][2]["detail"].update(en="Call {boss}"),
            "labour_indicators.income",
            "unknown_placeholder",
        ),
        (
            lambda d: d["trigger"].update(outcomes=["victim"]),
            "labour_indicators",
            "bad_trigger_outcomes",
        ),
        (lambda d: d.update(training="none"), "labour_indicators", "unknown_training"),
    ],
)
def test_a_broken_protocol_is_refused_naming_the_entry(mutate, entry: str, problem: str) -> None:
    with pytest.raises(ProtocolError) as caught:
        parse_protocol(_protocol(mutate))
    assert (caught.value.entry, caught.value.problem) == (entry, problem)
    assert entry in explain(caught.value)
