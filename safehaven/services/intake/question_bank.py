"""The intake question bank: versioned plain JSON files in `resources/intake/bank-v<N>.json`.

The loader is pure (no database): it reads a file, validates every entry and returns frozen
dataclasses. A broken entry raises `BankError(question_key, problem, detail)` naming the question.

File shape::

    {"version": 1, "languages": ["en", "es"], "opening": {lang: text},
     "sections": [{"key": "A", "title": {lang: ..}, "intro": {lang: ..}, "sensitive": false}],
     "questions": [{"key": "b_gender", "section": "B", "type": "single",
                    "text": {lang: ..}, "why": {lang: ..},
                    "choices": [{"code": "female", "label": {lang: ..}}, ...],
                    "maps_to": "gender", "permission": "view_legal_name", "consent": "legal_name",
                    "min": 0, "max": 120}]}

Closed questions (single, multiple, yes_no) must offer the non-answers `doesnt_know` and
`prefers_not_to_answer`. `maps_to` names a structured client column filled from the answer.
`permission` limits who may see and answer a question; `consent` names the consent purpose that
must be in force before it is asked (the legal name).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from safehaven.models.client import CITIZENSHIP, GENDERS, NON_ANSWERS, TRAFFICKING_TYPES
from safehaven.models.consent import PURPOSES
from safehaven.models.permissions import Permission
from safehaven.paths import resource
from safehaven.services.errors import DomainError
from safehaven.services.languages.translations import merge_translations

ANSWER_TYPES = ("text", "date", "single", "multiple", "yes_no", "number")
CLOSED_TYPES = ("single", "multiple", "yes_no")
KEY_RE = re.compile(r"^[a-z][a-z0-9_]{1,59}$")
CODE_RE = re.compile(r"^[A-Za-z0-9_]{1,40}$")
# client column -> answer types it accepts and, for coded columns, the allowed codes
MAPPABLE: dict[str, tuple[tuple[str, ...], tuple[str, ...] | None]] = {
    "chosen_name": (("text",), None),
    "pronouns": (("text",), None),
    "legal_name": (("text",), None),
    "other_names": (("text",), None),
    "date_of_birth": (("date",), None),
    "estimated_age": (("number",), None),
    "gender": (("single",), GENDERS),
    "citizenship_category": (("single",), CITIZENSHIP),
    "trafficking_type": (("single",), TRAFFICKING_TYPES),
    "country_of_origin": (("single", "text"), None),
    "languages": (("multiple", "text"), None),
    "interpreter_needed": (("yes_no",), None),
    "safe_contact": (("text",), None),
}


class BankError(DomainError):
    """A broken question bank. `question_key` names the entry ("" for the file itself)."""

    def __init__(self, question_key: str, problem: str, detail: str = "") -> None:
        super().__init__(question_key, problem, detail)
        self.question_key = question_key
        self.problem = problem  # e.g. missing_language, duplicate_key, unknown_type
        self.detail = detail

    def __str__(self) -> str:
        where = self.question_key or "<bank>"
        return f"{where}: {self.problem}" + (f" ({self.detail})" if self.detail else "")


@dataclass(frozen=True)
class Choice:
    code: str
    label: Mapping[str, str]

    @property
    def is_non_answer(self) -> bool:
        return self.code in NON_ANSWERS


@dataclass(frozen=True)
class Question:
    key: str
    section: str
    type: str
    text: Mapping[str, str]
    why: Mapping[str, str]
    choices: tuple[Choice, ...] = ()
    maps_to: str | None = None
    permission: str | None = None
    consent: str | None = None
    minimum: float | None = None
    maximum: float | None = None

    @property
    def closed(self) -> bool:
        return self.type in CLOSED_TYPES

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.choices)

    def choice(self, code: str) -> Choice | None:
        return next((c for c in self.choices if c.code == code), None)


@dataclass(frozen=True)
class Section:
    key: str
    title: Mapping[str, str]
    intro: Mapping[str, str]
    sensitive: bool
    question_keys: tuple[str, ...]


@dataclass(frozen=True)
class QuestionBank:
    version: int
    languages: tuple[str, ...]
    opening: Mapping[str, str]
    sections: tuple[Section, ...]
    questions: Mapping[str, Question]

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def section_keys(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.sections)

    def ordered_keys(self) -> tuple[str, ...]:
        return tuple(k for s in self.sections for k in s.question_keys)


def bank_path(version: int) -> Path:
    return resource(f"intake/bank-v{version}.json")


def latest_version() -> int:
    versions = [
        int(m.group(1))
        for p in bank_path(1).parent.glob("bank-v*.json")
        if (m := re.fullmatch(r"bank-v(\d+)\.json", p.name))
    ]
    if not versions:
        raise BankError("", "no_bank_file", str(bank_path(1).parent))
    return max(versions)


@cache
def load_bank(version: int | None = None) -> QuestionBank:
    """The validated bank of `version` (default: the newest file). Cached: banks never change."""
    return _load_version(version or latest_version())


@cache
def _load_version(version: int) -> QuestionBank:
    """One parse per version, whether it was asked for by number or as the newest."""
    return load_bank_file(bank_path(version))


def load_bank_file(path: Path) -> QuestionBank:
    """The bank in `path` with the complete translations in its folder's `languages/`."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise BankError("", "unreadable", type(exc).__name__) from None
    return parse_bank(merge_translations(data, path))


def parse_bank(data: Any) -> QuestionBank:
    """Validate the decoded JSON of a bank and build it; raises BankError naming the entry."""
    if not isinstance(data, dict):
        raise BankError("", "not_an_object")
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        raise BankError("", "bad_version")
    languages = data.get("languages")
    if not isinstance(languages, list) or not languages or "en" not in languages:
        raise BankError("", "bad_languages", "a list that includes en")
    langs = tuple(str(lang) for lang in languages)
    opening = _texts("", "opening", data.get("opening"), langs)
    raw_sections = data.get("sections")
    raw_questions = data.get("questions")
    if not isinstance(raw_sections, list) or not raw_sections:
        raise BankError("", "no_sections")
    if not isinstance(raw_questions, list) or not raw_questions:
        raise BankError("", "no_questions")
    section_keys = _section_keys(raw_sections)
    questions: dict[str, Question] = {}
    for raw in raw_questions:
        question = _question(raw, langs, section_keys)
        if question.key in questions:
            raise BankError(question.key, "duplicate_key")
        questions[question.key] = question
    sections = tuple(_section(raw, langs, questions) for raw in raw_sections)
    return QuestionBank(version, langs, opening, sections, questions)


def _section_keys(raw_sections: list[Any]) -> tuple[str, ...]:
    keys: list[str] = []
    for raw in raw_sections:
        key = raw.get("key") if isinstance(raw, dict) else None
        if not isinstance(key, str) or not key:
            raise BankError("", "section_without_key")
        if key in keys:
            raise BankError(key, "duplicate_section")
        keys.append(key)
    return tuple(keys)


def _section(
    raw: dict[str, Any], langs: tuple[str, ...], questions: dict[str, Question]
) -> Section:
    key = str(raw["key"])
    members = tuple(q.key for q in questions.values() if q.section == key)
    if not members:
        raise BankError(key, "empty_section")
    return Section(
        key=key,
        title=_texts(key, "title", raw.get("title"), langs),
        intro=_texts(key, "intro", raw.get("intro"), langs),
        sensitive=bool(raw.get("sensitive", False)),
        question_keys=members,
    )


def _question(raw: Any, langs: tuple[str, ...], sections: tuple[str, ...]) -> Question:
    if not isinstance(raw, dict):
        raise BankError("", "question_not_an_object")
    key = raw.get("key")
    if not isinstance(key, str) or not KEY_RE.match(key):
        raise BankError(str(key or ""), "bad_key")
    if raw.get("section") not in sections:
        raise BankError(key, "unknown_section", str(raw.get("section")))
    kind = raw.get("type")
    if kind not in ANSWER_TYPES:
        raise BankError(key, "unknown_type", str(kind))
    question = Question(
        key=key,
        section=str(raw["section"]),
        type=str(kind),
        text=_texts(key, "text", raw.get("text"), langs),
        why=_texts(key, "why", raw.get("why"), langs),
        choices=_choices(key, kind, raw.get("choices"), langs),
        maps_to=raw.get("maps_to"),
        permission=raw.get("permission"),
        consent=raw.get("consent"),
        minimum=raw.get("min"),
        maximum=raw.get("max"),
    )
    _check_links(question)
    return question


def _texts(key: str, field: str, value: Any, langs: tuple[str, ...]) -> dict[str, str]:
    if not isinstance(value, dict):
        raise BankError(key, f"missing_{field}")
    for lang in langs:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            raise BankError(key, "missing_language" if field != "why" else "missing_why", lang)
    return {lang: str(value[lang]).strip() for lang in langs}


def _choices(key: str, kind: str, raw: Any, langs: tuple[str, ...]) -> tuple[Choice, ...]:
    if kind not in CLOSED_TYPES:
        if raw:
            raise BankError(key, "choices_on_open_question")
        return ()
    if not isinstance(raw, list) or not raw:
        raise BankError(key, "no_choices")
    choices: list[Choice] = []
    for item in raw:
        code = item.get("code") if isinstance(item, dict) else None
        if not isinstance(code, str) or not CODE_RE.match(code):
            raise BankError(key, "bad_choice_code", str(code))
        if any(c.code == code for c in choices):
            raise BankError(key, "duplicate_choice", code)
        choices.append(Choice(code, _texts(key, "choice_label", item.get("label"), langs)))
    codes = {c.code for c in choices}
    missing = [n for n in NON_ANSWERS if n not in codes]
    if missing:
        raise BankError(key, "choices_missing_non_answers", ",".join(missing))
    if kind == "yes_no" and not {"yes", "no"} <= codes:
        raise BankError(key, "yes_no_without_yes_and_no")
    return tuple(choices)


def _check_links(question: Question) -> None:
    key = question.key
    if question.maps_to is not None:
        target = MAPPABLE.get(question.maps_to)
        if target is None:
            raise BankError(key, "bad_maps_to", question.maps_to)
        types, allowed = target
        if question.type not in types:
            raise BankError(key, "bad_maps_to", f"{question.maps_to} takes {'/'.join(types)}")
        if allowed is not None:
            extra = [c for c in question.codes if c not in allowed]
            if extra:
                raise BankError(key, "bad_maps_to", f"codes not allowed: {','.join(extra)}")
    if question.permission is not None and question.permission not in {p.value for p in Permission}:
        raise BankError(key, "unknown_permission", question.permission)
    if question.consent is not None and question.consent not in PURPOSES:
        raise BankError(key, "unknown_consent_purpose", question.consent)
    for bound in (question.minimum, question.maximum):
        if bound is not None and (question.type != "number" or not isinstance(bound, int | float)):
            raise BankError(key, "bad_bounds")
