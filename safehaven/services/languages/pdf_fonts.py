"""One font set for every PDF: Latin, Cyrillic, Greek and Vietnamese (Noto Sans), Arabic
(Noto Sans Arabic), Devanagari (Noto Sans Devanagari) and Chinese, Japanese and Korean
(Droid Sans Fallback).

reportlab embeds TrueType outlines only (no CFF/OTF), so the set is chosen among TrueType
fonts. The files come from Debian's fonts-noto-core and fonts-droid-fallback packages (SIL Open
Font License 1.1 and Apache License 2.0), which the installer and CI install; a frozen bundle
carries copies in `resources/fonts/`. DejaVu Sans stands in for Noto Sans where only it exists.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from weakref import WeakKeyDictionary

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTEncoding, TTFont

from safehaven.paths import resource

FONT_DIRS = (
    resource("fonts"),
    Path("/usr/share/fonts/truetype/noto"),
    Path("/usr/share/fonts/truetype/droid"),
    Path("/usr/share/fonts/truetype/dejavu"),
)
# script -> candidate (regular, bold) files, best first
FILES: dict[str, tuple[tuple[str, str], ...]] = {
    "latin": (
        ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
        ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ),
    "arabic": (
        ("NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),
        ("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"),
    ),
    "devanagari": (("NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf"),),
    "cjk": (("DroidSansFallbackFull.ttf", "DroidSansFallbackFull.ttf"),),
}
SHAPED_SCRIPTS = ("arabic", "devanagari")  # need OpenType shaping (joining forms, conjuncts)


@dataclass(frozen=True)
class Face:
    script: str
    regular: str  # registered reportlab font names
    bold: str
    shaped_regular: str  # the same file registered with shaping on (for mixed paragraphs)
    shaped_bold: str
    chars: frozenset[int]  # code points the font has a glyph for


@dataclass(frozen=True)
class FontSet:
    faces: tuple[Face, ...]  # the Latin face first: it sets the paragraph style's font
    fallback: bool  # True: no TrueType set found, Helvetica only (Latin-1)

    @property
    def regular(self) -> str:
        return self.faces[0].regular if self.faces else "Helvetica"

    @property
    def bold(self) -> str:
        return self.faces[0].bold if self.faces else "Helvetica-Bold"

    def face_for(self, char: str) -> Face | None:
        code = ord(char)
        return next((f for f in self.faces if code in f.chars), None)


def find_file(name: str) -> Path | None:
    return next((d / name for d in FONT_DIRS if (d / name).is_file()), None)


@cache
def font_set() -> FontSet:
    """Register the fonts found (once per process) and describe them."""
    faces = []
    for script, candidates in FILES.items():
        for regular_name, bold_name in candidates:
            regular, bold = find_file(regular_name), find_file(bold_name)
            if regular is not None and bold is not None:
                faces.append(_register(script, regular, bold))
                break
    if not faces or faces[0].script != "latin":
        return FontSet((), True)
    return FontSet(tuple(faces), False)


def _register(script: str, regular: Path, bold: Path) -> Face:
    base = f"SH-{script.title()}"
    names = (base, f"{base}-Bold", f"{base}-Shaped", f"{base}-Bold-Shaped")
    files = (regular, bold, regular, bold)
    read: dict[Path, TTFont] = {}  # each file is parsed once: the CJK file has four names
    for index, (name, path) in enumerate(zip(names, files, strict=True)):
        shapable = index >= 2
        if path in read:
            font = _another_name(read[path], name, shapable=shapable)
        else:
            font = read[path] = TTFont(name, str(path), shapable=shapable)
        pdfmetrics.registerFont(font)
    chars = frozenset(pdfmetrics.getFont(base).face.charToGlyph)
    return Face(script, names[0], names[1], names[2], names[3], chars)


def _another_name(font: TTFont, name: str, *, shapable: bool) -> TTFont:
    """`font` under another name, sharing the parsed file, which reportlab only reads (parsing
    the CJK file takes 56 ms, and it served four names). Like a font just read, the new name
    has its own encoding and its own subsets in each document."""
    named = copy.copy(font)
    named.fontName = name
    named.encoding = TTEncoding()
    named.state = WeakKeyDictionary()
    named.shapable = shapable
    return named


def bundle_files() -> list[Path]:
    """The font files a frozen bundle should carry (found on this machine)."""
    found = []
    for candidates in FILES.values():
        for regular_name, bold_name in candidates:
            regular, bold = find_file(regular_name), find_file(bold_name)
            if regular is not None and bold is not None:
                found += sorted({regular, bold})
                break
    return found
