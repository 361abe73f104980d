"""Screening question banks: versioned JSON files in `resources/screening/<form>-v<N>.json`.

The same shape as the intake bank (sections, questions, text and "why we ask" per language,
closed choices with the non-answers), plus per question the indicator `domains` it concerns, the
`exploitation` it points to (labour, sexual or both) and, in the under-18 set, whether a "yes" is a
`disclosure`. Each bank names the `training` it expects and carries `source`, `licence_note` and
`validated_population`.

The bank file holds the staff languages (en, es). The texts the person hears (the opening, each
question, its "why we ask" and the answer labels) come in more languages from
`resources/screening/languages/<lang>.json`, read by the same code as the intake's
(`safehaven.services.languages.translations`); a language with a missing entry is left out. The
form title and the domain titles and introductions are guidance for staff (`staff_only`) and stay
in en and es.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from safehaven.models.client import NON_ANSWERS
from safehaven.models.screening import DOMAINS, FORMS
from safehaven.models.staff_training import COURSES
from safehaven.paths import resource
from safehaven.services.intake.question_bank import BankError, Choice
from safehaven.services.languages.translations import merge_translations

KEY_RE = re.compile(r"^[a-z][a-z0-9_]{1,59}$")
KINDS = ("labour", "sexual", "both")
AGE_GROUPS = ("adult", "minor")
STAFF_LANGUAGES = ("en", "es")
REQUIRED_CODES = ("yes", "no", *NON_ANSWERS)
_FILE_RE = re.compile(r"^([a-z]+)-v(\d+)\.json$")


class ScreeningBankError(BankError):
    """A broken screening bank or language file; `question_key` names the entry."""


@dataclass(frozen=True)
class ScreeningQuestion:
    key: str
    section: str
    type: str
    text: Mapping[str, str]
    why: Mapping[str, str]
    choices: tuple[Choice, ...]
    domains: tuple[str, ...]
    exploitation: str
    disclosure: bool = False
    maps_to: str | None = None
    permission: str | None = None
    consent: str | None = None
    minimum: float | None = None
    maximum: float | None = None

    @property
    def closed(self) -> bool:
        return True

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.choices)

    def choice(self, code: str) -> Choice | None:
        return next((c for c in self.choices if c.code == code), None)


@dataclass(frozen=True)
class Domain:
    key: str
    title: Mapping[str, str]
    intro: Mapping[str, str]
    sensitive: bool
    question_keys: tuple[str, ...]


@dataclass(frozen=True)
class ScreeningBank:
    form: str
    version: int
    title: Mapping[str, str]
    age_group: str
    training: str
    source: str
    licence_note: str
    validated_population: str
    languages: tuple[str, ...]  # of the texts the person hears; staff texts are in en and es
    opening: Mapping[str, str]
    sections: tuple[Domain, ...]
    questions: Mapping[str, ScreeningQuestion]

    def section(self, key: str) -> Domain:
        return next(s for s in self.sections if s.key == key)

    def section_keys(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.sections)

    def ordered_keys(self) -> tuple[str, ...]:
        return tuple(k for s in self.sections for k in s.question_keys)


def bank_folder() -> Path:
    return resource("screening")


def available_versions(folder: Path | None = None) -> dict[str, int]:
    """form -> newest version found in the folder."""
    found: dict[str, int] = {}
    for path in (folder or bank_folder()).glob("*-v*.json"):
        match = _FILE_RE.match(path.name)
        if match and match.group(1) in FORMS:
            found[match.group(1)] = max(found.get(match.group(1), 0), int(match.group(2)))
    return found


@cache
def load_screening_bank(form: str, version: int | None = None) -> ScreeningBank:
    """The validated bank (newest version by default) with its language files. Cached."""
    if form not in FORMS:
        raise ScreeningBankError("", "unknown_form", form)
    number = version or available_versions().get(form)
    if number is None:
        raise ScreeningBankError("", "no_bank_file", form)
    return _load_version(form, number)


@cache
def _load_version(form: str, version: int) -> ScreeningBank:
    """One parse per form and version, whether asked for by number or as the newest."""
    return load_bank_files(bank_folder(), form, version)


def load_bank_files(folder: Path, form: str, version: int) -> ScreeningBank:
    """Read `<form>-v<version>.json` with the survivor languages in `languages/` beside it."""
    path = folder / f"{form}-v{version}.json"
    return parse_screening_bank(merge_translations(_read(path, ""), path))


def _read(path: Path, where: str) -> Any:
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ScreeningBankError(where, "unreadable", type(exc).__name__) from None


def parse_screening_bank(data: Any) -> ScreeningBank:
    """Validate the decoded bank; BankError names the broken entry."""
    if not isinstance(data, dict):
        raise ScreeningBankError("", "not_an_object")
    langs = _languages(data)
    form, version = data.get("form"), data.get("version")
    if form not in FORMS:
        raise ScreeningBankError("", "unknown_form", str(form))
    if not isinstance(version, int) or version < 1:
        raise ScreeningBankError("", "bad_version")
    meta = {k: data.get(k) for k in ("source", "licence_note", "validated_population")}
    for name, value in meta.items():
        if not isinstance(value, str) or not value.strip():
            raise ScreeningBankError("", f"missing_{name}")
    if data.get("age_group") not in AGE_GROUPS:
        raise ScreeningBankError("", "bad_age_group", str(data.get("age_group")))
    if data.get("training") not in COURSES:
        raise ScreeningBankError("", "unknown_training", str(data.get("training")))
    questions = _questions(data.get("questions"), langs, data.get("sections"))
    sections = tuple(_domain(raw, questions) for raw in data["sections"])
    return ScreeningBank(
        form=str(form),
        version=version,
        title=_texts("", "title", data.get("title"), STAFF_LANGUAGES),
        age_group=str(data["age_group"]),
        training=str(data["training"]),
        source=str(meta["source"]),
        licence_note=str(meta["licence_note"]),
        validated_population=str(meta["validated_population"]),
        languages=langs,
        opening=_texts("", "opening", data.get("opening"), langs),
        sections=sections,
        questions=questions,
    )


def _languages(data: dict[str, Any]) -> tuple[str, ...]:
    languages = data.get("languages")
    if not isinstance(languages, list) or not {"en", "es"} <= set(languages):
        raise ScreeningBankError("", "bad_languages", "a list that includes en and es")
    if len(set(languages)) != len(languages):
        raise ScreeningBankError("", "duplicate_language")
    return tuple(str(lang) for lang in languages)


def _questions(raw: Any, langs: tuple[str, ...], raw_sections: Any) -> dict[str, ScreeningQuestion]:
    if not isinstance(raw_sections, list) or not raw_sections:
        raise ScreeningBankError("", "no_sections")
    section_keys = [s.get("key") if isinstance(s, dict) else None for s in raw_sections]
    for key in section_keys:
        if key not in DOMAINS:
            raise ScreeningBankError(str(key or ""), "unknown_domain")
    if len(set(section_keys)) != len(section_keys):
        raise ScreeningBankError("", "duplicate_section")
    if not isinstance(raw, list) or not raw:
        raise ScreeningBankError("", "no_questions")
    questions: dict[str, ScreeningQuestion] = {}
    for item in raw:
        question = _question(item, langs, section_keys)
        if question.key in questions:
            raise ScreeningBankError(question.key, "duplicate_key")
        questions[question.key] = question
    return questions


def _question(raw: Any, langs: tuple[str, ...], sections: list[Any]) -> ScreeningQuestion:
    if not isinstance(raw, dict):
        raise ScreeningBankError("", "question_not_an_object")
    key = raw.get("key")
    if not isinstance(key, str) or not KEY_RE.match(key):
        raise ScreeningBankError(str(key or ""), "bad_key")
    if raw.get("section") not in sections:
        raise ScreeningBankError(key, "unknown_section", str(raw.get("section")))
    if raw.get("type") != "yes_no":
        raise ScreeningBankError(key, "unknown_type", str(raw.get("type")))
    domains = raw.get("domains")
    if not isinstance(domains, list) or not domains or not set(domains) <= set(DOMAINS):
        raise ScreeningBankError(key, "bad_domains", str(domains))
    if raw["section"] not in domains:
        raise ScreeningBankError(key, "section_not_in_domains", str(raw["section"]))
    if raw.get("exploitation") not in KINDS:
        raise ScreeningBankError(key, "bad_exploitation", str(raw.get("exploitation")))
    return ScreeningQuestion(
        key=key,
        section=str(raw["section"]),
        type="yes_no",
        text=_texts(key, "text", raw.get("text"), langs),
        why=_texts(key, "why", raw.get("why"), langs),
        choices=_choices(key, raw.get("choices"), langs),
        domains=tuple(str(d) for d in domains),
        exploitation=str(raw["exploitation"]),
        disclosure=bool(raw.get("disclosure", False)),
    )


def _choices(key: str, raw: Any, langs: tuple[str, ...]) -> tuple[Choice, ...]:
    if not isinstance(raw, list) or not raw:
        raise ScreeningBankError(key, "no_choices")
    choices = []
    for item in raw:
        code = item.get("code") if isinstance(item, dict) else None
        if not isinstance(code, str) or not KEY_RE.match(code + "_x"):
            raise ScreeningBankError(key, "bad_choice_code", str(code))
        choices.append(Choice(code, _texts(key, "choice_label", item.get("label"), langs)))
    codes = [c.code for c in choices]
    if len(set(codes)) != len(codes):
        raise ScreeningBankError(key, "duplicate_choice")
    missing = [c for c in REQUIRED_CODES if c not in codes]
    if missing:
        raise ScreeningBankError(key, "choices_missing_non_answers", ",".join(missing))
    return tuple(choices)


def _domain(raw: dict[str, Any], questions: dict[str, ScreeningQuestion]) -> Domain:
    key = str(raw["key"])
    members = tuple(q.key for q in questions.values() if q.section == key)
    if not members:
        raise ScreeningBankError(key, "empty_section")
    return Domain(
        key=key,
        title=_texts(key, "title", raw.get("title"), STAFF_LANGUAGES),
        intro=_texts(key, "intro", raw.get("intro"), STAFF_LANGUAGES),
        sensitive=bool(raw.get("sensitive", False)),
        question_keys=members,
    )


def _texts(key: str, field: str, value: Any, langs: tuple[str, ...]) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ScreeningBankError(key, f"missing_{field}")
    for lang in langs:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            raise ScreeningBankError(
                key, "missing_why" if field == "why" else "missing_language", lang
            )
    return {lang: str(value[lang]).strip() for lang in langs}
