"""Every survivor-facing entry (intake bank, consent explanations, any other bank folder with
language files) exists in every listed language; a broken entry names its language and key."""

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
)


def _bank_of(file: LanguageFile) -> dict:
    return json.loads((resource(file.folder) / file.source).read_text("utf-8"))


def test_the_intake_and_consent_banks_have_language_files() -> None:
    assert {"intake", "consent"} <= set(bank_folders())


@pytest.mark.parametrize("folder", bank_folders())
def test_every_listed_language_is_complete_in_every_bank(folder: str) -> None:
    files = language_files(folder)
    languages = {f.language for f in files}
    assert set(SURVIVOR_LANGUAGES) <= languages, (
        f"{folder}: missing {set(SURVIVOR_LANGUAGES) - languages}"
    )
    problems = [str(p) for f in files for p in check_translation(_bank_of(f), f) + file_problems(f)]
    assert problems == [], f"{folder}:\n" + "\n".join(problems)


@pytest.mark.parametrize("folder", bank_folders())
def test_every_language_file_translates_an_existing_bank_file(folder: str) -> None:
    for file in language_files(folder):
        assert (resource(folder) / file.source).is_file(), (
            f"{folder}/{file.language}: {file.source}"
        )


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


def test_translations_differ_from_the_english_source() -> None:
    """A file that copies the English text is not a translation (names of places may match)."""
    for folder in bank_folders():
        for file in language_files(folder):
            texts = source_texts(_bank_of(file))
            same = [k for k, v in texts.items() if file.entries[k] == v["en"] and len(v["en"]) > 20]
            assert not same, f"{folder}/{file.language}: untranslated {same[:5]}"


def _sample_bank() -> dict:
    return {
        "version": 1,
        "languages": ["en", "es"],
        "opening": {"en": "Hello {name}.", "es": "Hola {name}."},
        "questions": [{"key": "q_one", "text": {"en": "One?", "es": "¿Uno?"},
                       "choices": [{"code": "yes", "label": {"en": "Yes", "es": "Sí"}}]}],
    }  # fmt: skip


def _file(entries: dict[str, str], lang: str = "fr") -> LanguageFile:
    return LanguageFile("sample", lang, "bank-v1.json", DRAFT, entries, Path(f"{lang}.json"))


def test_keys_are_paths_named_by_key_and_code() -> None:
    assert set(source_texts(_sample_bank())) == {
        "opening", "questions.q_one.text", "questions.q_one.choices.yes.label"}  # fmt: skip


def test_a_missing_entry_names_the_language_and_the_key() -> None:
    file = _file({"opening": "Bonjour {name}.", "questions.q_one.text": "Un ?"}, "pt")
    problems = check_translation(_sample_bank(), file)
    assert [str(p) for p in problems] == ["pt: questions.q_one.choices.yes.label: missing"]


def test_a_broken_placeholder_names_the_language_and_the_key() -> None:
    file = _file({"opening": "Bonjour {nom}.", "questions.q_one.text": "Un ?",
                  "questions.q_one.choices.yes.label": "Oui"}, "ar")  # fmt: skip
    assert [str(p) for p in check_translation(_sample_bank(), file)] == [
        "ar: opening: placeholders"
    ]


def test_empty_and_stale_entries_are_named() -> None:
    file = _file({"opening": " ", "questions.q_one.text": "Un ?", "questions.gone.text": "x",
                  "questions.q_one.choices.yes.label": "Oui"})  # fmt: skip
    found = {(p.key, p.problem) for p in check_translation(_sample_bank(), file)}
    assert found == {("opening", "empty"), ("questions.gone.text", "unknown_key")}


@given(st.text(alphabet=st.characters(blacklist_characters="{}"), max_size=30))
def test_any_text_keeping_the_placeholder_passes(text: str) -> None:
    entries = {"opening": f"{text} {{name}}", "questions.q_one.text": "Un ?",
               "questions.q_one.choices.yes.label": "Oui"}  # fmt: skip
    problems = check_translation(_sample_bank(), _file(entries))
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
    full = {"opening": "Bonjour {name}.", "questions.q_one.text": "Un ?",
            "questions.q_one.choices.yes.label": "Oui"}  # fmt: skip
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
