"""Letters in any script: names in Arabic, Chinese, Cyrillic, Vietnamese and Devanagari come back
out of the PDF in logical order (pdftotext) and the rendered page (pdftoppm) has no missing-glyph
box, where the letters' old fonts show boxes for the same text."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest
from reportlab.lib.styles import ParagraphStyle

from safehaven.services.languages.pdf_fonts import font_set
from safehaven.services.languages.pdf_text import ScriptLines, has_rtl, script_paragraph
from safehaven.services.referrals.letter_pdf import LetterContent, render_letter
from tests.services.languages.glyph_boxes import (
    MISSING,
    find_boxes,
    fonts_drawing_a_box,
    missing_glyph_templates,
    page_in_font,
    render_pages,
)

ARABIC = "ليلى حسن"
CHINESE = "王秀英"
CYRILLIC = "Ярослава Коваленко"
VIETNAMESE = "Nguyễn Thị Hường"
DEVANAGARI = "सीता शर्मा"
NAMES = (ARABIC, CHINESE, CYRILLIC, VIETNAMESE, DEVANAGARI)

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or font_set().fallback,
    reason="needs poppler-utils and the font packages (installed by .ci/run)",
)


def letter(fields: tuple[tuple[str, str], ...], notes: str = "") -> bytes:
    return render_letter(
        LetterContent(
            language="en",
            reference="REF-2026-0007",
            date_text="4 December 2026",
            sender_name="Casa Segura",
            sender_address="1 Main Street",
            sender_phone="555-0100",
            logo_png_b64="",
            recipient_lines=("Legal Aid Partners",),
            service="Legal help",
            urgency="Normal",
            reason="Immigration advice",
            appointment="",
            client_fields=fields,
            notes_to_org=notes,
            caseworker_name="Dana Roe",
            caseworker_contact="555-0101",
        )
    )


def pdftotext(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return unicodedata.normalize("NFKC", done.stdout.decode("utf-8"))


def test_every_script_is_covered_by_a_face_of_the_font_set() -> None:
    fonts = font_set()
    for name in NAMES:
        missing = [c for c in name if not c.isspace() and fonts.face_for(c) is None]
        assert not missing, f"{name}: no font for {missing}"
    assert fonts.face_for(MISSING) is None  # the known-missing character really is missing


def test_letter_names_come_back_in_logical_order() -> None:
    fields = (
        ("Chosen name", ARABIC),
        ("Other names", CHINESE),
        ("Pronouns", CYRILLIC),
        ("Languages", VIETNAMESE),
        ("Safe contact", DEVANAGARI),
    )
    text = pdftotext(letter(fields))
    lines = [line.strip() for line in text.splitlines()]
    for name in NAMES:
        assert any(name in line for line in lines), f"{name!r} not found in:\n{text}"
    reversed_arabic = " ".join(word[::-1] for word in ARABIC.split())
    assert reversed_arabic not in text


def test_a_long_arabic_note_keeps_its_words_and_lines_in_order() -> None:
    note = " ".join(["هذه ملاحظة طويلة عن الإحالة"] * 12)
    text = pdftotext(letter((("Chosen name", ARABIC),), notes=note))
    found = " ".join(line.strip() for line in text.splitlines() if has_rtl(line))
    assert "هذه ملاحظة طويلة عن الإحالة هذه ملاحظة" in found


def test_rendered_letter_has_no_missing_glyph_box() -> None:
    templates = missing_glyph_templates()
    fields = tuple((f"Name {i}", name) for i, name in enumerate(NAMES))
    pages = render_pages(letter(fields))
    assert pages
    assert [find_boxes(page, templates) for page in pages] == [0] * len(pages)


def test_the_box_search_finds_the_boxes_of_the_old_fonts() -> None:
    templates = missing_glyph_templates()
    fonts = fonts_drawing_a_box()
    assert fonts, "no font draws a visible missing-glyph box here (DejaVu Sans is expected)"
    assert templates
    for font in fonts:
        page = render_pages(page_in_font(f"Name: {ARABIC} {CHINESE} {DEVANAGARI}", font))[0]
        assert find_boxes(page, templates) > 0, font


def test_right_to_left_text_is_drawn_by_the_bidi_paragraph() -> None:
    style = ParagraphStyle("b", fontName=font_set().regular, fontSize=10, leading=13)
    assert isinstance(script_paragraph(ARABIC, style), ScriptLines)
    assert isinstance(script_paragraph(DEVANAGARI, style), ScriptLines)
    assert not isinstance(script_paragraph(CYRILLIC, style), ScriptLines)


def test_each_font_file_is_read_once_and_every_name_draws_its_text(monkeypatch) -> None:
    """The CJK file serves four font names (regular, bold, and both shaped): it is parsed once
    at sign-in, not four times, and text drawn in all four names on one page comes back out of
    the PDF, each in its own words."""
    import io

    from reportlab.pdfbase import ttfonts
    from reportlab.pdfgen.canvas import Canvas

    from safehaven.services.languages import pdf_fonts

    files: list[str] = []
    real_face = ttfonts.TTFontFace

    def counted(filename, *args, **kwargs):  # type: ignore[no-untyped-def]
        files.append(filename)
        return real_face(filename, *args, **kwargs)

    monkeypatch.setattr(ttfonts, "TTFontFace", counted)
    pdf_fonts.font_set.cache_clear()
    cjk = next(face for face in pdf_fonts.font_set().faces if face.script == "cjk")
    assert sorted(files) == sorted(set(files))
    names = (cjk.regular, cjk.bold, cjk.shaped_regular, cjk.shaped_bold)
    assert len(set(names)) == 4
    words = ("王秀英", "李娜", "张伟", "刘洋")
    out = io.BytesIO()
    canvas = Canvas(out)
    for line, (name, word) in enumerate(zip(names, words, strict=True)):
        canvas.setFont(name, 14)
        canvas.drawString(72, 700 - 30 * line, word)
    canvas.save()
    assert pdftotext(out.getvalue()).split() == list(words)
