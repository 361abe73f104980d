"""Translations shared by the UI and the PDFs.

Catalogs are plain `.po` files under `resources/i18n/<lang>/`; every `.po` file in a language folder
is merged into one catalog, so each area of the app keeps its own file. A third language needs only
a new folder with `.po` files (see docs/translating.md).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.pofile import read_po

from safehaven.i18n_pseudo import PSEUDO_LANGUAGES, pseudo_text
from safehaven.paths import resource

PSEUDO_ENV = "SAFEHAVEN_PSEUDO_LOCALES"  # "1": offer the developers' pseudo-locales

DEFAULT_LANGUAGE = "en"
_lock = threading.Lock()
_catalogs: dict[str, dict[str, str | tuple[str, ...]]] = {}
_state = {"language": DEFAULT_LANGUAGE}
_listeners: list[Callable[[str], None]] = []


def available_languages() -> list[str]:
    """Language codes with a catalog, English (the source language) first."""
    root = resource("i18n")
    langs = sorted(p.name for p in root.iterdir() if p.is_dir()) if root.exists() else []
    found = [DEFAULT_LANGUAGE, *[lang for lang in langs if lang != DEFAULT_LANGUAGE]]
    if os.environ.get(PSEUDO_ENV) == "1":
        found += PSEUDO_LANGUAGES
    return found


def language_name(code: str) -> str:
    """A language's own name for itself ("Español" for es), for language pickers."""
    if code in PSEUDO_LANGUAGES:
        return code
    try:
        name = Locale.parse(code).get_display_name(code) or code
    except (ValueError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:]


def load_catalog(lang: str) -> dict[str, str | tuple[str, ...]]:
    """Merged messages of every `.po` file for `lang` (cached). Fuzzy entries are ignored."""
    with _lock:
        if lang in _catalogs:
            return _catalogs[lang]
        messages: dict[str, str | tuple[str, ...]] = {}
        folder = resource(f"i18n/{lang}")
        for po in sorted(Path(folder).glob("*.po")) if folder.exists() else []:
            with po.open("rb") as fh:
                catalog = read_po(fh, locale=lang)
            for msg in catalog:
                if not msg.id or msg.fuzzy or not msg.string:
                    continue
                key = msg.id[0] if isinstance(msg.id, tuple | list) else msg.id
                value = msg.string
                if isinstance(value, tuple | list):
                    if all(value):
                        messages[key] = tuple(value)
                else:
                    messages[key] = value
        _catalogs[lang] = messages
        return messages


def set_language(lang: str) -> None:
    """Switch the interface language for the whole process and tell listeners."""
    _state["language"] = lang if lang in available_languages() else DEFAULT_LANGUAGE
    for listener in list(_listeners):
        listener(_state["language"])


def current_language() -> str:
    return _state["language"]


def on_language_changed(listener: Callable[[str], None]) -> None:
    _listeners.append(listener)


def gettext_for(lang: str, message: str) -> str:
    """Translate `message` into `lang` (a letter or report may use another language than the UI)."""
    if lang == DEFAULT_LANGUAGE:
        return message
    if lang in PSEUDO_LANGUAGES:
        return pseudo_text(lang, message)
    found = load_catalog(lang).get(message)
    if isinstance(found, str):
        return found
    return message


def ngettext_for(lang: str, singular: str, plural: str, n: int) -> str:
    if lang in PSEUDO_LANGUAGES:
        return pseudo_text(lang, singular if n == 1 else plural)
    if lang != DEFAULT_LANGUAGE:
        found = load_catalog(lang).get(singular)
        if isinstance(found, tuple) and found:
            return found[0] if n == 1 or len(found) == 1 else found[1]
    return singular if n == 1 else plural


def _(message: str) -> str:
    """Translate into the current interface language."""
    return gettext_for(_state["language"], message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return ngettext_for(_state["language"], singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for translation without translating it now."""
    return message
