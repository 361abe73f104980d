"""Every survivor-facing entry (intake bank, consent explanations, the screening forms, any other
bank folder with language files) exists in every listed language; a broken entry names its
language and key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safehaven.paths import resource
from safehaven.services.intake.question_bank import load_bank, load_bank_file
from safehaven.services.languages.codes import SURVIVOR_LANGUAGES
from safehaven.services.languages.explanations import load_explanations
from safehaven.services.languages.translations import (
    DRAFT,
    LanguageFile,
    bank_folders,
    check_translation,
    file_problems,
    language_files,
    merge_translations,
    parse_review,
    read_language_file,
    source_texts,
    translation_problems,
)
from safehaven.services.screening.bank import load_screening_bank


def _banks_of(file: LanguageFile) -> dict[str, dict]:
    folder = resource(file.folder)
    return {s: json.loads((folder / s).read_text("utf-8")) for s in file.sources}


def test_the_intake_consent_and_screening_banks_have_language_files() -> None:
    assert {"intake", "consent", "screening"} <= set(bank_folders())


def test_the_screening_language_files_translate_every_form() -> None:
    forms = {p.name for p in resource("screening").glob("*-v*.json")}
    for file in language_files("screening"):
        assert set(file.sources) == forms, file.language


@pytest.mark.parametrize("folder", bank_folders())
def test_every_listed_language_is_complete_in_every_bank(folder: str) -> None:
    files = language_files(folder)
    languages = {f.language for f in files}
    assert set(SURVIVOR_LANGUAGES) <= languages, (
        f"{folder}: missing {set(SURVIVOR_LANGUAGES) - languages}"
    )
    problems = [str(p) for f in files for p in translation_problems(f)]
    assert problems == [], f"{folder}:\n" + "\n".join(problems)


@pytest.mark.parametrize("folder", bank_folders())
def test_every_language_file_translates_an_existing_bank_file(folder: str) -> None:
    for file in language_files(folder):
        for source in file.sources:
            assert (resource(folder) / source).is_file(), f"{folder}/{file.language}: {source}"


def test_new_languages_start_as_drafts() -> None:
    for folder in bank_folders():
        for file in language_files(folder):
            assert file.review == DRAFT, f"{folder}/{file.language}"


def test_the_loaded_bank_speaks_every_language() -> None:
    bank = load_bank()
    assert set(SURVIVOR_LANGUAGES) <= set(bank.languages)
    question = bank.questions["b_gender"]
    assert question.text["ar"]
    assert question.why["zh_Hans"]
    assert all(c.label["uk"] for c in question.choices)
    assert set(SURVIVOR_LANGUAGES) <= set(load_explanations().languages)


@pytest.mark.parametrize("form", ["short", "full", "minor"])
def test_every_screening_form_speaks_every_language_to_the_person(form: str) -> None:
    bank = load_screening_bank(form)
    assert set(SURVIVOR_LANGUAGES) <= set(bank.languages)
    for question in bank.questions.values():
        for lang in SURVIVOR_LANGUAGES:
            assert question.text[lang], (question.key, lang)
            assert question.why[lang], (question.key, lang)
            assert all(c.label[lang] for c in question.choices), (question.key, lang)
    # the guidance for staff stays in the staff languages
    assert set(bank.sections[0].intro) == {"en", "es"}
    assert set(bank.title) == {"en", "es"}


def test_the_under_18_opening_is_its_own_text_in_every_language() -> None:
    adult, minor = load_screening_bank("short"), load_screening_bank("minor")
    for lang in SURVIVOR_LANGUAGES:
        assert adult.opening[lang] != minor.opening[lang], lang
    assert minor.opening["fr"].startswith("Avant de commencer : je veux être sûr(e) que tu")


def test_translations_differ_from_the_english_source() -> None:
    """A file that copies the English text is not a translation (names of places may match)."""
    for folder in bank_folders():
        for file in language_files(folder):
            same = [
                key
                for source, bank in _banks_of(file).items()
                for key, v in source_texts(bank).items()
                if file.entry(source, key) == v["en"] and len(v["en"]) > 20
            ]
            assert not same, f"{folder}/{file.language}: untranslated {same[:5]}"


def _sample_bank() -> dict:
    return {
        "version": 1,
        "languages": ["en", "es"],
        "opening": {"en": "Hello {name}.", "es": "Hola {name}."},
        "questions": [
            {
                "key": "q_one",
                "text": {"en": "One?", "es": "¿Uno?"},
                "choices": [{"code": "yes", "label": {"en": "Yes", "es": "Sí"}}],
            }
        ],
    }


def _file(entries: dict[str, str], lang: str = "fr") -> LanguageFile:
    return LanguageFile("sample", lang, ("bank-v1.json",), DRAFT, entries, Path(f"{lang}.json"))


def test_keys_are_paths_named_by_key_and_code() -> None:
    assert set(source_texts(_sample_bank())) == {
        "opening",
        "questions.q_one.text",
        "questions.q_one.choices.yes.label",
    }


def test_a_missing_entry_names_the_language_and_the_key() -> None:
    file = _file({"opening": "Bonjour {name}.", "questions.q_one.text": "Un ?"}, "pt")
    problems = check_translation({"bank-v1.json": _sample_bank()}, file)
    assert [str(p) for p in problems] == ["pt: questions.q_one.choices.yes.label: missing"]


def test_a_broken_placeholder_names_the_language_and_the_key() -> None:
    file = _file(
        {
            "opening": "Bonjour {nom}.",
            "questions.q_one.text": "Un ?",
            "questions.q_one.choices.yes.label": "Oui",
        },
        "ar",
    )
    assert [str(p) for p in check_translation({"bank-v1.json": _sample_bank()}, file)] == [
        "ar: opening: placeholders"
    ]


def test_empty_and_stale_entries_are_named() -> None:
    file = _file(
        {
            "opening": " ",
            "questions.q_one.text": "Un ?",
            "questions.gone.text": "x",
            "questions.q_one.choices.yes.label": "Oui",
        }
    )
    found = {(p.key, p.problem) for p in check_translation({"bank-v1.json": _sample_bank()}, file)}
    assert found == {("opening", "empty"), ("questions.gone.text", "unknown_key")}


@given(st.text(alphabet=st.characters(blacklist_characters="{}"), max_size=30))
def test_any_text_keeping_the_placeholder_passes(text: str) -> None:
    entries = {
        "opening": f"{text} {{name}}",
        "questions.q_one.text": "Un ?",
        "questions.q_one.choices.yes.label": "Oui",
    }
    problems = check_translation({"bank-v1.json": _sample_bank()}, _file(entries))
    assert [p for p in problems if p.problem == "placeholders"] == []


def _write_bank(folder: Path, entries: dict[str, str], review: str = "draft") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    bank = folder / "bank-v1.json"
    bank.write_text(json.dumps(_sample_bank()), "utf-8")
    (folder / "languages").mkdir(exist_ok=True)
    data = {"language": "fr", "source": "bank-v1.json", "review": review, "entries": entries}
    (folder / "languages" / "fr.json").write_text(json.dumps(data), "utf-8")
    return bank


def test_a_complete_language_file_is_merged_and_an_incomplete_one_left_out(tmp_path) -> None:
    full = {
        "opening": "Bonjour {name}.",
        "questions.q_one.text": "Un ?",
        "questions.q_one.choices.yes.label": "Oui",
    }
    bank = _write_bank(tmp_path / "screening", full)
    merged = merge_translations(json.loads(bank.read_text("utf-8")), bank)
    assert merged["languages"] == ["en", "es", "fr"]
    assert merged["questions"][0]["choices"][0]["label"]["fr"] == "Oui"
    bank = _write_bank(tmp_path / "other", {"opening": "Bonjour {name}."})
    assert merge_translations(json.loads(bank.read_text("utf-8")), bank)["languages"] == [
        "en",
        "es",
    ]


def test_a_bank_loaded_from_a_file_gets_the_languages_beside_it(tmp_path) -> None:
    source = resource("intake") / "bank-v1.json"
    folder = tmp_path / "screening"
    (folder / "languages").mkdir(parents=True)
    (folder / "bank-v1.json").write_bytes(source.read_bytes())
    (folder / "languages" / "vi.json").write_bytes(
        (resource("intake") / "languages" / "vi.json").read_bytes()
    )
    bank = load_bank_file(folder / "bank-v1.json")
    assert bank.languages == ("en", "es", "vi")


def test_review_status_is_draft_or_reviewed_by_name_on_date(tmp_path) -> None:
    assert parse_review("draft") == DRAFT
    reviewed = parse_review("reviewed by Amina Haddad on 2026-11-30")
    assert reviewed is not None
    assert reviewed.reviewer == "Amina Haddad"
    assert str(reviewed) == "reviewed by Amina Haddad on 2026-11-30"
    for bad in ("reviewed", "reviewed by X on 2026-13-40", "", None, 3):
        assert parse_review(bad) is None
    bank = _write_bank(tmp_path / "x", {}, review="checked")
    file = read_language_file("x", bank.parent / "languages" / "fr.json")
    assert file is not None
    assert [str(p) for p in file_problems(file)] == ["fr: <file>: bad_review"]


def test_texts_for_staff_only_need_no_entry() -> None:
    bank = {**_sample_bank(), "staff_only": ["questions.q_one.text"]}
    assert set(source_texts(bank)) == {"opening", "questions.q_one.choices.yes.label"}
    file = _file({"opening": "Bonjour {name}.", "questions.q_one.choices.yes.label": "Oui"})
    assert check_translation({"bank-v1.json": bank}, file) == []


def test_one_file_translates_several_banks_with_a_per_bank_entry_where_they_differ() -> None:
    other = {**_sample_bank(), "opening": {"en": "Hi {name}, you are safe here.", "es": "Hola."}}
    banks = {"bank-v1.json": _sample_bank(), "young-v1.json": other}
    shared = {"questions.q_one.text": "Un ?", "questions.q_one.choices.yes.label": "Oui"}
    file = _file({**shared, "opening": "Bonjour {name}."})
    assert [str(p) for p in check_translation(banks, file)] == ["fr: opening: ambiguous"]
    own = "Salut {name}, tu es en sécurité ici."
    file = _file({**shared, "opening": "Bonjour {name}.", "young-v1.json:opening": own})
    assert check_translation(banks, file) == []
    assert file.entry("young-v1.json", "opening") == own
    assert file.entry("bank-v1.json", "opening") == "Bonjour {name}."


def test_a_screening_entry_left_out_is_named_and_the_language_left_out(tmp_path) -> None:
    folder = tmp_path / "screening"
    (folder / "languages").mkdir(parents=True)
    for bank in resource("screening").glob("*-v*.json"):
        (folder / bank.name).write_bytes(bank.read_bytes())
    data = json.loads((resource("screening") / "languages" / "uk.json").read_text("utf-8"))
    del data["entries"]["questions.f_phone_taken.why"]
    (folder / "languages" / "uk.json").write_text(json.dumps(data), "utf-8")
    file = read_language_file("screening", folder / "languages" / "uk.json")
    assert file is not None
    assert [str(p) for p in translation_problems(file)] == [
        "uk: questions.f_phone_taken.why: missing"
    ]
    full = folder / "full-v1.json"
    assert "uk" not in merge_translations(json.loads(full.read_text("utf-8")), full)["languages"]
    short = folder / "short-v1.json"
    assert "uk" in merge_translations(json.loads(short.read_text("utf-8")), short)["languages"]
