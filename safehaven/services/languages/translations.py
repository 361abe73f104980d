"""Survivor-facing text in more languages, one plain JSON file per language, for any bank folder.

A *bank* is a versioned JSON file under `resources/<folder>/` (the intake bank, the consent
explanations, the screening bank …) whose texts are `{"en": …, "es": …}` objects. Each such text
has a stable key made from its path: list items are named by their "key" or "code", so
`questions.b_gender.choices.female.label` or `purposes.statistics.explanation`.

A translation lives beside the bank in `resources/<folder>/languages/<lang>.json`::

    {"language": "fr", "source": "bank-v1.json", "review": "draft",
     "entries": {"opening": "…", "sections.A.title": "…", …}}

`review` is "draft" or "reviewed by NAME on YYYY-MM-DD". A folder with several bank files (the
screening forms) has one file per language whose `source` lists them all; a key whose English
differs between those banks is given per bank as `<bank file>:<key>` ("minor-v1.json:opening").
A bank may name texts that only staff read (`"staff_only": ["title", "sections"]`, by key or key
prefix): they stay in the bank's own languages and need no entry.

Adding a language to a bank, or a bank to the languages, needs data files only:
`merge_translations` is applied by the bank loaders, and `check_translation` names the language
and key of every missing, empty, stale, ambiguous or placeholder-broken entry. A language with any
problem in a bank is left out of that bank, never shown half translated.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from safehaven.paths import resource

LANGUAGES_FOLDER = "languages"
SOURCE_LANGUAGE = "en"
_PLACEHOLDER_RE = re.compile(r"\{[^{}]*\}")
STAFF_ONLY = "staff_only"
_REVIEW_RE = re.compile(r"^reviewed by (?P<name>.+?) on (?P<date>\d{4}-\d{2}-\d{2})$")
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReviewStatus:
    reviewed: bool
    reviewer: str = ""
    reviewed_on: dt.date | None = None

    def __str__(self) -> str:
        if not self.reviewed or self.reviewed_on is None:
            return "draft"
        return f"reviewed by {self.reviewer} on {self.reviewed_on.isoformat()}"


DRAFT = ReviewStatus(False)


@dataclass(frozen=True)
class TranslationProblem:
    language: str
    key: str  # the entry's key, or "" for the file itself
    problem: str  # missing, empty, unknown_key, placeholders, ambiguous, bad_review, …

    def __str__(self) -> str:
        return f"{self.language}: {self.key or '<file>'}: {self.problem}"


@dataclass(frozen=True)
class LanguageFile:
    folder: str  # the bank folder under resources/, e.g. "intake"
    language: str
    sources: tuple[str, ...]  # the bank files it translates, e.g. ("bank-v1.json",)
    review: ReviewStatus
    entries: dict[str, str]
    path: Path

    def entry(self, source: str, key: str) -> str | None:
        """The text of `key` in bank file `source`: its own `<source>:<key>` entry, else `key`."""
        return self.entries.get(f"{source}:{key}", self.entries.get(key))


def parse_review(text: Any) -> ReviewStatus | None:
    """ "draft" or "reviewed by NAME on YYYY-MM-DD"; None when it is neither."""
    if text == "draft":
        return DRAFT
    match = _REVIEW_RE.match(text) if isinstance(text, str) else None
    if match is None:
        return None
    try:
        day = dt.date.fromisoformat(match["date"])
    except ValueError:
        return None
    return ReviewStatus(True, match["name"].strip(), day)


def source_texts(data: Any) -> dict[str, dict[str, str]]:
    """Every translatable text of a decoded bank by key: {key: {lang: text}}, without the texts
    the bank marks as read by staff only."""
    staff = data.get(STAFF_ONLY, []) if isinstance(data, dict) else []
    return {
        key: text
        for key, text in _walk(data, "")
        if not any(key == p or key.startswith(f"{p}.") for p in staff)
    }


def _walk(node: Any, prefix: str) -> Iterator[tuple[str, dict[str, str]]]:
    if isinstance(node, dict):
        if isinstance(node.get(SOURCE_LANGUAGE), str):
            yield prefix, node
            return
        for name, value in node.items():
            yield from _walk(value, f"{prefix}.{name}" if prefix else str(name))
    elif isinstance(node, list):
        for item in node:
            if isinstance(item, dict):
                ident = item.get("key", item.get("code"))
                if isinstance(ident, str):
                    yield from _walk(item, f"{prefix}.{ident}")


def placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER_RE.findall(text))


def check_translation(banks: Mapping[str, Any], file: LanguageFile) -> list[TranslationProblem]:
    """What is wrong with one language file against its decoded banks, {bank file: data}
    (empty list: usable)."""
    known: set[str] = set()
    problems = []
    for source, data in banks.items():
        texts = source_texts(data)
        known |= set(texts) | {f"{source}:{key}" for key in texts}
        problems += bank_problems(texts, file, source)
    unknown = [k for k in file.entries if k not in known]
    return (
        [TranslationProblem(file.language, k, "unknown_key") for k in unknown]
        + problems
        + _ambiguous(banks, file)
    )


def bank_problems(
    texts: Mapping[str, Mapping[str, str]], file: LanguageFile, source: str
) -> list[TranslationProblem]:
    """Missing, empty and placeholder-broken entries for the texts of one bank file."""
    problems = []
    for key, original in texts.items():
        text = file.entry(source, key)
        if text is None:
            problem = "missing"
        elif not text.strip():
            problem = "empty"
        elif placeholders(text) != placeholders(original[SOURCE_LANGUAGE]):
            problem = "placeholders"
        else:
            continue
        problems.append(TranslationProblem(file.language, key, problem))
    return problems


def _ambiguous(banks: Mapping[str, Any], file: LanguageFile) -> list[TranslationProblem]:
    """Plain entries used by several banks whose English differs: one translation cannot be
    right for both (give each bank its own `<bank file>:<key>` entry)."""
    english: dict[str, set[str]] = {}
    for source, data in banks.items():
        for key, text in source_texts(data).items():
            if f"{source}:{key}" not in file.entries:
                english.setdefault(key, set()).add(text[SOURCE_LANGUAGE])
    return [
        TranslationProblem(file.language, key, "ambiguous")
        for key, texts in english.items()
        if len(texts) > 1 and key in file.entries
    ]


def translation_problems(file: LanguageFile) -> list[TranslationProblem]:
    """Everything wrong with a shipped language file: its fields, and its entries against every
    bank file it names."""
    banks, problems = {}, file_problems(file)
    for source in file.sources:
        try:
            banks[source] = json.loads((file.path.parent.parent / source).read_text("utf-8"))
        except (OSError, ValueError):
            problems.append(TranslationProblem(file.language, source, "unknown_source"))
    return problems + check_translation(banks, file)


def language_files(folder: str, source: str | None = None) -> list[LanguageFile]:
    """The language files of a bank folder under resources/ (of one bank file with `source`)."""
    return language_files_in(resource(folder), source)


def language_files_in(directory: Path, source: str | None = None) -> list[LanguageFile]:
    found = []
    root = directory / LANGUAGES_FOLDER
    for path in sorted(root.glob("*.json")) if root.is_dir() else []:
        file = read_language_file(directory.name, path)
        if file is not None and (source is None or source in file.sources):
            found.append(file)
    return found


def read_language_file(folder: str, path: Path) -> LanguageFile | None:
    """The parsed file, or None when it is not a language file at all (logged, no content)."""
    try:
        raw = json.loads(path.read_text("utf-8"))
        entries, sources = raw["entries"], raw["source"]
        if not isinstance(entries, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in entries.items()
        ):
            raise TypeError("entries")
        sources = [sources] if isinstance(sources, str) else sources
        if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
            raise TypeError("source")
        return LanguageFile(
            folder=folder,
            language=str(raw["language"]),
            sources=tuple(sources),
            review=parse_review(raw.get("review")) or DRAFT,
            entries=dict(entries),
            path=path,
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        _log.warning("unreadable language file %s (%s)", path.name, type(exc).__name__)
        return None


def file_problems(file: LanguageFile) -> list[TranslationProblem]:
    """Problems of the file's own fields (its name, language and review status)."""
    problems = []
    if file.path.stem != file.language:
        problems.append(TranslationProblem(file.language, "", "wrong_language"))
    raw = json.loads(file.path.read_text("utf-8")).get("review")
    if parse_review(raw) is None:
        problems.append(TranslationProblem(file.language, "", "bad_review"))
    return problems


def merge_translations(data: Any, bank_file: Path) -> Any:
    """`data` (the decoded `bank_file`, changed in place and returned) with every complete
    language file beside it added to its texts and to its "languages" list."""
    if not isinstance(data, dict) or not isinstance(data.get("languages"), list):
        return data
    texts = source_texts(data)
    for file in language_files_in(bank_file.parent, bank_file.name):
        if file.language in data["languages"]:
            continue
        problems = bank_problems(texts, file, bank_file.name)
        if problems:
            _log.warning(
                "language %s of %s left out: %d problems",
                file.language,
                bank_file.name,
                len(problems),
            )
            continue
        for key, text in texts.items():
            text[file.language] = str(file.entry(bank_file.name, key)).strip()
        data["languages"].append(file.language)
    return data


def bank_folders() -> list[str]:
    """Folders under resources/ that hold language files (intake, consent, screening …)."""
    root = resource("intake").parent
    return sorted(p.parent.name for p in root.glob(f"*/{LANGUAGES_FOLDER}") if p.is_dir())
