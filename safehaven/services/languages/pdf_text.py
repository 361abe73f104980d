"""Text in any script for reportlab: each run of characters in the font that has them, Arabic
and Devanagari shaped (HarfBuzz through reportlab), right-to-left runs in visual order.

reportlab shapes a word with HarfBuzz, which lays out a right-to-left word correctly, but it
orders the *words* of a line left to right unless its own bidi module is present. So lines that
hold right-to-left text are broken here, each line's words are put in visual order with the
Unicode bidi algorithm (python-bidi), and every word is handed over in logical order for
HarfBuzz to shape. The PDF keeps real text: a reader extracts the characters in logical order
(Arabic letters as their contextual presentation forms, equal under NFKC).
"""

from __future__ import annotations

import unicodedata
from typing import Any
from xml.sax.saxutils import escape

from bidi import get_base_level, get_display
from reportlab.lib.abag import ABag
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import ShapedStr, shapeFragWord
from reportlab.platypus import Flowable, Paragraph

from safehaven.services.languages.pdf_fonts import SHAPED_SCRIPTS, Face, FontSet, font_set

_RTL_CLASSES = ("R", "AL")
# no discretionary ligatures: a name is printed letter by letter, as it was typed
FEATURES = {"kern": True, "liga": True}


def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(c) in _RTL_CLASSES for c in text)


def needs_shaping(text: str, fonts: FontSet) -> bool:
    """Whether `text` holds letters of a script that joins or forms conjuncts (Arabic,
    Devanagari); digits alone do not count."""
    return any(
        (f := fonts.face_for(c)) is not None
        and f.script in SHAPED_SCRIPTS
        and unicodedata.category(c).startswith("L")
        for c in text
    )


def script_paragraph(text: str, style: ParagraphStyle, fonts: FontSet | None = None) -> Flowable:
    """A paragraph of plain `text` (newlines kept) that renders in any script of the font set."""
    fonts = fonts or font_set()
    if fonts.fallback:
        return Paragraph("<br/>".join(escape(line) for line in text.splitlines()), style)
    if has_rtl(text):
        return ScriptLines(text, style, fonts)
    if needs_shaping(text, fonts):
        return ScriptLines(text, style, fonts)
    return Paragraph(_markup_lines(text.splitlines(), style, fonts), style)


def markup(text: str, style: ParagraphStyle, fonts: FontSet) -> str:
    """`text` escaped, its runs wrapped in <font face=…> for the face that has their glyphs."""
    bold = style.fontName.endswith("-Bold") or "-Bold-" in style.fontName
    shaped = needs_shaping(text, fonts)
    parts: list[str] = []
    current: Face | None = None
    run = ""
    for char in text:
        face = fonts.face_for(char)
        neutral = char.isspace() or unicodedata.category(char)[0] in "PNZ"
        if face is None or (current is not None and neutral and ord(char) in current.chars):
            face = current or face
        if face is not current and run:
            parts.append(_run(run, current, bold=bold, shaped=shaped))
            run = ""
        current = face
        run += char
    if run:
        parts.append(_run(run, current, bold=bold, shaped=shaped))
    return "".join(parts)


def _run(text: str, face: Face | None, *, bold: bool, shaped: bool) -> str:
    if face is None:
        return escape(text)
    if shaped:
        name = face.shaped_bold if bold else face.shaped_regular
    else:
        name = face.bold if bold else face.regular
    return f'<font face="{name}">{escape(text)}</font>'


def _markup_lines(lines: list[str], style: ParagraphStyle, fonts: FontSet) -> str:
    return "<br/>".join(markup(line, style, fonts) for line in lines)


class ScriptLines(Flowable):  # type: ignore[misc]
    """A paragraph with right-to-left or shaped text, broken into lines and drawn here: each
    line's words in visual order, each run shaped by HarfBuzz and marked with its logical text
    (PDF /ActualText), so the page shows joined, correctly ordered words and a reader extracts
    the characters in logical order."""

    def __init__(self, text: str, style: ParagraphStyle, fonts: FontSet) -> None:
        super().__init__()
        self.text, self.style, self.fonts = text, style, fonts
        self.rtl = get_base_level(text) == 1
        self.bold = style.fontName in (fonts.bold, *(f.bold for f in fonts.faces))
        self._lines: list[list[_Piece]] = []
        self._avail = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._avail = availWidth
        self._lines = []
        for paragraph in self.text.splitlines() or [""]:
            for line in self._break(paragraph, availWidth):
                self._lines.append(self._visual(line))
        self.width = availWidth
        self.height = max(1, len(self._lines)) * self.style.leading
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(self.style.textColor)
        space = stringWidth(" ", self.fonts.regular, self.style.fontSize)
        for index, pieces in enumerate(self._lines):
            line_width = sum(p.width for p in pieces) + space * max(0, len(pieces) - 1)
            # a paragraph of several right-to-left lines is set flush right; a single line
            # (a name in a form) starts where the form's other values start
            x = self._avail - line_width if self.rtl and len(self._lines) > 1 else 0.0
            y = self.height - self.style.fontSize - index * self.style.leading
            for piece in pieces:
                piece.draw(canvas, x, y, self.style.fontSize)
                x += piece.width + space
        canvas.restoreState()

    def _face_font(self, char: str, *, shaped: bool) -> str:
        face = self.fonts.face_for(char) or self.fonts.faces[0]
        if shaped and face.script in SHAPED_SCRIPTS:
            return face.shaped_bold if self.bold else face.shaped_regular
        return face.bold if self.bold else face.regular

    def _width(self, text: str) -> float:
        space = stringWidth(" ", self.fonts.regular, self.style.fontSize)
        words = text.split(" ")
        return float(sum(self._piece(w).width for w in words) + space * (len(words) - 1))

    def _break(self, text: str, width: float) -> list[str]:
        """Greedy line breaking on spaces, in logical order (a margin for shaped widths)."""
        lines: list[str] = []
        line = ""
        for word in text.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and self._width(candidate) > width * 0.96:
                lines.append(line)
                line = word
            else:
                line = candidate
        return [*lines, line]

    def _visual(self, line: str) -> list[_Piece]:
        """The line's words in visual order, each word in logical order for shaping."""
        visual = get_display(line, base_dir="R" if self.rtl else "L")
        pieces = []
        for word in visual.split(" "):
            logical = word[::-1] if has_rtl(word) else word
            pieces.append(self._piece(logical))
        return pieces

    def _piece(self, word: str) -> _Piece:
        # digits alone are not shaped: HarfBuzz would lay Arabic-Indic digits right to left
        shaped = has_rtl(word) or needs_shaping(word, self.fonts)
        runs: list[tuple[str, str]] = []  # (font, text)
        for char in word:
            font = self._face_font(char, shaped=shaped)
            if runs and (runs[-1][0] == font or unicodedata.category(char)[0] in "PNZ"):
                runs[-1] = (runs[-1][0], runs[-1][1] + char)
            else:
                runs.append((font, char))
        if has_rtl(word):
            runs.reverse()  # runs of a right-to-left word are laid out right to left
        return _Piece(word, tuple(_shape(font, text, self.style.fontSize) for font, text in runs))


class _Piece:
    """One word: its runs (font, drawable text, width), drawn inside one /ActualText span."""

    def __init__(self, logical: str, runs: tuple[tuple[str, str, float], ...]) -> None:
        self.logical = logical
        self.runs = runs
        self.width = sum(width for _font, _text, width in runs)

    def draw(self, canvas: Any, x: float, y: float, size: float) -> None:
        if has_rtl(self.logical):
            self._draw_logical(canvas, x, y, size)
            return
        special = any(f.endswith("-Shaped") for f, _t, _w in self.runs)
        if special:  # conjuncts: one glyph for several characters
            actual = ("\ufeff" + self.logical).encode("utf-16-be").hex().upper()
            canvas._code.append(f"/Span <</ActualText <{actual}>>> BDC")
        for font, text, width in self.runs:
            canvas.setFont(font, size)
            canvas.drawString(x, y, text)
            x += width
        if special:
            canvas._code.append("EMC")

    def _draw_logical(self, canvas: Any, x: float, y: float, size: float) -> None:
        """A right-to-left word: each glyph at its visual place, drawn in logical order, so
        text extraction reads the word as it is written."""
        glyphs: list[tuple[str, Any, float]] = []  # (font, one-glyph text, x), visual order
        for font, text, width in self.runs:
            data = getattr(text, "__shapeData__", None)
            if data is None:
                glyphs.append((font, text, x))
            else:
                left = x
                for char, item in zip(text, data, strict=True):
                    glyphs.append((font, ShapedStr(char, shapeData=[item]), left))
                    left += item.x_advance * size / 1000
            x += width
        for font, text, left in reversed(glyphs):
            canvas.setFont(font, size)
            canvas.drawString(left, y, text)


def _shape(font: str, text: str, size: float) -> tuple[str, str, float]:
    if not font.endswith("-Shaped"):
        return font, text, stringWidth(text, font, size)
    word = [stringWidth(text, font, size), (ABag(fontName=font, fontSize=size), text)]
    shaped = shapeFragWord(word, features=FEATURES, force=True)[1][1]
    data = getattr(shaped, "__shapeData__", None)
    if data is None:
        return font, text, stringWidth(text, font, size)
    return font, shaped, sum(d.x_advance for d in data) * size / 1000
