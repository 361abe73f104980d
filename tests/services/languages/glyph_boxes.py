"""Finding missing-glyph boxes on a rendered PDF page (pdftoppm).

A character a PDF font lacks shows as that font's .notdef glyph: a hollow box in DejaVu Sans (the
letters' font before the font set) and a black square for reportlab's built-in Helvetica. The
known-missing renders are made here from a character no font has (Tibetan KA), and a page is
searched for them by normalised correlation.
"""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate
from scipy.signal import fftconvolve

from safehaven.services.languages.pdf_fonts import find_file

DPI = 100
MISSING = "\u0f40"  # TIBETAN LETTER KA: in none of the fonts, drawn as the .notdef box


def render_pages(pdf: bytes, dpi: int = DPI) -> list[np.ndarray]:
    """Every page as a grey image (0 = black ink, 1 = white)."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-gray", "-r", str(dpi), "-png", str(source), str(Path(folder) / "page")],
            check=True,
            timeout=60,
        )
        pages = sorted(Path(folder).glob("page*.png"))
        return [np.asarray(Image.open(p).convert("L"), dtype=np.float64) / 255.0 for p in pages]


def old_fonts() -> tuple[str, ...]:
    """Fonts without the scripts: DejaVu Sans (regular, bold) when installed, and Helvetica."""
    names = []
    for name, file in (
        ("Old-DejaVu", "DejaVuSans.ttf"),
        ("Old-DejaVu-Bold", "DejaVuSans-Bold.ttf"),
    ):
        path = find_file(file)
        if path is not None:
            pdfmetrics.registerFont(TTFont(name, str(path)))
            names.append(name)
    return (*names, "Helvetica", "Helvetica-Bold")


def page_in_font(text: str, font: str, size: float = 10) -> bytes:
    style = ParagraphStyle("t", fontName=font, fontSize=size, leading=size * 1.3)
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build([Paragraph(text, style)])
    return buf.getvalue()


def missing_glyph_templates() -> list[np.ndarray]:
    """The missing-glyph box as drawn at the letters' text sizes, in each font that draws one.

    Whether Helvetica's box is drawn depends on the font poppler substitutes for it; where
    that substitute draws nothing, nothing can be searched for (nor seen on paper)."""
    renders = (
        render_pages(page_in_font(MISSING, font, size))[0]
        for font in old_fonts()
        for size in (8.5, 10, 12)
    )
    return [_crop(image) for image in renders if (image < 0.5).any()]


def fonts_drawing_a_box() -> tuple[str, ...]:
    """The old fonts whose missing glyph shows as ink on the rendered page."""
    return tuple(
        font
        for font in old_fonts()
        if (render_pages(page_in_font(MISSING, font, 10))[0] < 0.5).any()
    )


def find_boxes(page: np.ndarray, templates: list[np.ndarray], threshold: float = 0.9) -> int:
    """How many places of `page` match a missing-glyph template (normalised correlation)."""
    ink = 1.0 - page
    found = 0
    for template in templates:
        t = (1.0 - template) - (1.0 - template).mean()
        norm_t = np.sqrt((t**2).sum())
        ones = np.ones_like(t)
        local_sum = fftconvolve(ink, ones, mode="valid")
        local_sq = fftconvolve(ink**2, ones, mode="valid")
        local_var = np.maximum(local_sq - local_sum**2 / t.size, 1e-9)
        corr = fftconvolve(ink, t[::-1, ::-1], mode="valid")
        score = corr / (np.sqrt(local_var) * norm_t)
        found += int((score > threshold).sum())
    return found


def _crop(image: np.ndarray) -> np.ndarray:
    rows = np.where((image < 0.5).any(axis=1))[0]
    cols = np.where((image < 0.5).any(axis=0))[0]
    return image[rows[0] - 1 : rows[-1] + 2, cols[0] - 1 : cols[-1] + 2]
