"""Translation upkeep: extract every marked string and compare it with the `.po` catalogs.

    python -m safehaven.i18n_extract                 # write resources/i18n/safehaven.pot
    python -m safehaven.i18n_extract --missing es    # list strings without a Spanish translation

`make messages` runs the first form. The template lists every `_()`, `ngettext()`, `N_()`,
`gettext_for()` and `ngettext_for()` string under `safehaven/` with the file and line it comes
from; translators copy entries from it into `resources/i18n/<lang>/<area>.po`
(see docs/translating.md).
"""

from __future__ import annotations

import argparse
import re
import string
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from safehaven import __version__
from safehaven.paths import resource

PACKAGE = Path(__file__).resolve().parent
KEYWORDS: dict[str, tuple[int, ...] | None] = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "N_": None,
    "gettext_for": (2,),
    "ngettext_for": (2, 3),
}
_LOOSE_FIELD = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True)
class SourceString:
    msgid: str
    plural: str | None
    module: str  # dotted module name, e.g. safehaven.ui.shell.sign_in
    line: int


def extract_strings(package: Path = PACKAGE) -> list[SourceString]:
    """Every translatable string in the package's Python files (migrations excluded)."""
    found: list[SourceString] = []
    method_map = [("storage/migrations/**.py", "ignore"), ("**.py", "python")]
    for filename, line, message, _comments, _context in extract_from_dir(
        str(package), method_map=method_map, keywords=KEYWORDS
    ):
        module = "safehaven." + filename.removesuffix(".py").replace("/", ".").replace("\\", ".")
        if isinstance(message, tuple):
            if not message[0]:
                continue
            found.append(SourceString(message[0], message[1] or None, module, line))
        elif message:
            found.append(SourceString(message, None, module, line))
    return found


def po_files(lang: str) -> list[Path]:
    return sorted(resource(f"i18n/{lang}").glob("*.po"))


def read_catalog(path: Path, lang: str) -> Catalog:
    """Parse one `.po` file; any syntax error raises (babel's PoFileError)."""
    with path.open("rb") as fh:
        return read_po(fh, locale=lang, abort_invalid=True)


def translated_messages(lang: str) -> Iterator[tuple[Path, Message]]:
    """Every non-fuzzy, non-empty translation of `lang`, with the file it comes from."""
    for path in po_files(lang):
        for msg in read_catalog(path, lang):
            if msg.id and not msg.fuzzy and _has_translation(msg):
                yield path, msg


def missing_translations(lang: str, strings: list[SourceString]) -> dict[str, list[str]]:
    """Strings without a translation in `lang`, grouped by module."""
    done = {_key(msg.id) for _path, msg in translated_messages(lang)}
    missing: dict[str, list[str]] = {}
    for item in strings:
        if item.msgid not in done and item.msgid not in missing.get(item.module, []):
            missing.setdefault(item.module, []).append(item.msgid)
    return missing


def placeholders(text: str) -> set[str]:
    """The `{name}` fields of a str.format template (loosely, when the text is not one)."""
    try:
        return {
            field.split(".")[0].split("[")[0]
            for _, field, _, _ in string.Formatter().parse(text)
            if field is not None
        }
    except ValueError:
        return set(_LOOSE_FIELD.findall(text))


def placeholder_errors(lang: str) -> list[str]:
    """Translations whose placeholders differ from their source string's."""
    errors = []
    for path, msg in translated_messages(lang):
        ids = [msg.id] if isinstance(msg.id, str) else list(msg.id)
        strs = [msg.string] if isinstance(msg.string, str) else list(msg.string or ())
        expected: set[str] = set().union(*(placeholders(i) for i in ids))
        for form in strs:
            got = placeholders(form)
            # A singular form may leave out {n} ("one file"); nothing else may differ.
            if got != expected and not (len(ids) > 1 and got < expected):
                errors.append(f"{path.name}: {_key(msg.id)!r} → {form!r}")
    return errors


def write_template(out: Path, strings: list[SourceString]) -> int:
    catalog = Catalog(
        project="SafeHaven",
        version=__version__,
        copyright_holder="the SafeHaven authors",
        msgid_bugs_address="",
        charset="utf-8",
    )
    for item in strings:
        msgid: str | tuple[str, str] = (item.msgid, item.plural) if item.plural else item.msgid
        path = item.module.replace(".", "/") + ".py"
        catalog.add(msgid, locations=[(path, item.line)])
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as fh:
        write_po(fh, catalog, width=100, sort_output=True)
    return len(catalog)


def _has_translation(msg: Message) -> bool:
    return all(msg.string) if isinstance(msg.string, tuple | list) else bool(msg.string)


def _key(msgid: str | tuple[str, ...] | list[str]) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m safehaven.i18n_extract")
    parser.add_argument("--out", type=Path, default=resource("i18n/safehaven.pot"))
    parser.add_argument("--missing", metavar="LANG", help="list untranslated strings instead")
    args = parser.parse_args(argv)
    strings = extract_strings()
    if args.missing:
        missing = missing_translations(args.missing, strings)
        for module, ids in sorted(missing.items()):
            print(f"{module}: {len(ids)}")
            for msgid in ids:
                print(f"    {msgid!r}")
        return 1 if missing else 0
    count = write_template(args.out, strings)
    print(f"{args.out}: {count} messages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
