"""Language codes: the survivor languages we ship, ISO 639 names from Babel's locale data, and
writing direction.

Codes are ISO 639-1 where one exists (`fr`, `ar`, `tl`), with a script subtag where it matters
(`zh_Hans`). Names come from the Common Locale Data Repository through Babel, so any language a
person speaks can be recorded, not only the ones the intake has been translated into.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from babel import Locale, UnknownLocaleError

# Survivor languages with translated intake, consent and screening text (besides en and es).
SURVIVOR_LANGUAGES = ("fr", "pt", "ar", "uk", "ru", "vi", "zh_Hans", "tl")
PSEUDO_LONG = "qps-ploc"  # accented and about 40 % longer: finds cut-off text
PSEUDO_RTL = "qps-plocm"  # mirrored: a right-to-left interface without a real catalogue
PSEUDO_LOCALES = (PSEUDO_LONG, PSEUDO_RTL)
# Babel reads `tl` as Filipino and `zh_Hans` with a bracketed script; people say these instead.
_OWN_NAMES = {"tl": "Tagalog", "zh_Hans": "中文（简体）"}
_ENGLISH_NAMES = {"tl": "Tagalog", "zh_Hans": "Chinese (Simplified)"}
_CODE_RE = re.compile(r"^[a-z]{2,3}(_[A-Z][a-z]{3})?$")


@dataclass(frozen=True)
class LanguageOption:
    code: str
    english_name: str
    own_name: str


def text_direction(code: str) -> str:
    """ "rtl" or "ltr" for a language code (pseudo-locales included)."""
    if code == PSEUDO_RTL:
        return "rtl"
    if code == PSEUDO_LONG:
        return "ltr"
    try:
        order = Locale.parse(code).character_order
    except (ValueError, UnknownLocaleError):
        return "ltr"
    return "rtl" if order == "right-to-left" else "ltr"


def is_rtl(code: str) -> bool:
    return text_direction(code) == "rtl"


def own_name(code: str) -> str:
    """The language's name for itself ("العربية" for ar)."""
    if code in _OWN_NAMES:
        return _OWN_NAMES[code]
    try:
        name = Locale.parse(code).get_display_name(code) or code
    except (ValueError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:]


def english_name(code: str) -> str:
    if code in _ENGLISH_NAMES:
        return _ENGLISH_NAMES[code]
    return str(_english_names().get(code, code))


@cache
def _english_names() -> dict[str, str]:
    return {str(k): str(v) for k, v in Locale("en").languages.items()}


@cache
def iso_639_options() -> tuple[LanguageOption, ...]:
    """Every ISO 639 language Babel names (two- and three-letter codes), by English name."""
    codes = [c for c in _english_names() if _CODE_RE.match(c) and "_" not in c]
    options = [LanguageOption(c, english_name(c), _safe_own_name(c)) for c in codes]
    return tuple(sorted(options, key=lambda o: o.english_name.casefold()))


def _safe_own_name(code: str) -> str:
    name = own_name(code)
    return name if name != code else english_name(code)


def is_known_code(code: str) -> bool:
    return code in _OWN_NAMES or (_CODE_RE.match(code) is not None and code in _english_names())


def parse_codes(text: str) -> tuple[str, ...]:
    """ "ar, fr ;en" -> ("ar", "fr", "en"), keeping order and dropping repeats. Raises ValueError
    naming the first entry that is not an ISO 639 code Babel knows."""
    found: list[str] = []
    for raw in re.split(r"[,;\s]+", text.strip()):
        if not raw:
            continue
        code = raw.replace("-", "_")
        code = code.lower() if "_" not in code else code[:3].lower() + code[3:]
        if not is_known_code(code):
            raise ValueError(raw)
        if code not in found:
            found.append(code)
    return tuple(found)


def display_name(code: str, in_language: str) -> str:
    """The name of `code` in the language `in_language` ("Árabe" for ar in es), falling back to
    the English name and then the code itself."""
    if in_language == "en":
        return english_name(code)
    name = _names_in(in_language).get(code) or english_name(code)
    return name[:1].upper() + name[1:]


@cache
def _names_in(in_language: str) -> dict[str, str]:
    try:
        names = Locale.parse(in_language).languages
    except (ValueError, UnknownLocaleError):
        return {}
    return {str(k): str(v) for k, v in names.items()}


def codes_from_names(text: str, in_language: str) -> tuple[str, ...]:
    """ "Spanish, ar; Árabe" -> ("es", "ar"): entries separated by commas or semicolons, each a
    code (as `parse_codes` reads it) or a language name in `in_language`, in English or in the
    language itself. Keeps order and drops repeats; raises ValueError naming the first entry
    that is neither."""
    found: list[str] = []
    for raw in re.split(r"[,;]+", text):
        entry = raw.strip()
        if not entry:
            continue
        code = _code_for(entry, in_language)
        if code is None:
            raise ValueError(entry)
        if code not in found:
            found.append(code)
    return tuple(found)


def _code_for(entry: str, in_language: str) -> str | None:
    if is_known_code(entry):  # a code exactly as stored ("ga" is Irish, "Ga" a name)
        return entry
    named = _codes_by_name(in_language).get(entry.casefold())
    if named is not None:
        return named
    try:
        codes = parse_codes(entry)
    except ValueError:
        return None
    return codes[0] if len(codes) == 1 else None


@cache
def _codes_by_name(in_language: str) -> dict[str, str]:
    """Folded name -> code, names in `in_language` winning over English names and over the own
    names of the languages we ship (loading every locale for its own name would take seconds)."""
    known = [c for c in _english_names() if is_known_code(c)]
    found = {own_name(c).casefold(): c for c in ("en", "es", *SURVIVOR_LANGUAGES)}
    for name_of in (english_name, lambda c: display_name(c, in_language)):
        found.update({name_of(code).casefold(): code for code in known})
    return found
