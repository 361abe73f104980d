"""Render a referral letter to PDF bytes, in memory (reportlab). Pure: no database, no files.

The PDF's metadata carries no personal data: the title is "Referral letter REF-…", author,
subject and keywords are empty. The text is real text in the chosen language.
"""

from __future__ import annotations

import base64
import binascii
import io
from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape

from pypdf import PdfReader, PdfWriter
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from safehaven.i18n import gettext_for
from safehaven.services.languages.pdf_fonts import font_set
from safehaven.services.languages.pdf_text import script_paragraph

_T = Callable[[str], str]


@dataclass(frozen=True)
class LetterContent:
    """Everything printed on the letter, already chosen and formatted (strings)."""

    language: str
    reference: str
    date_text: str
    sender_name: str
    sender_address: str
    sender_phone: str
    logo_png_b64: str
    recipient_lines: tuple[str, ...]
    service: str
    urgency: str
    reason: str
    appointment: str  # "" when none
    client_fields: tuple[tuple[str, str], ...]  # (label, value), only consented and ticked
    notes_to_org: str
    caseworker_name: str
    caseworker_contact: str


def render_letter(content: LetterContent, *, password: str | None = None) -> bytes:
    """The letter as PDF bytes; with `password`, encrypted with AES-256."""

    def gettext(text: str) -> str:
        return gettext_for(content.language, text)

    regular, bold = _font_names()
    styles = _styles(regular, bold)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=LETTER,
        title=gettext("Referral letter {reference}").format(reference=content.reference),
        author="",
        subject="",
        keywords="",
        creator="SafeHaven",
        producer="SafeHaven",
        lang=content.language,
        leftMargin=22 * mm,
        rightMargin=22 * mm,
        topMargin=15 * mm,
        bottomMargin=17 * mm,
    )
    story = _story(content, styles, gettext)

    def footer(canvas: Canvas, document: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(regular, 8)
        canvas.setFillColor(colors.HexColor("#555555"))
        text = gettext("Confidential \u2014 {reference} \u2014 page {page}").format(
            reference=content.reference, page=document.page
        )
        canvas.drawCentredString(LETTER[0] / 2, 9 * mm, text)
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return encrypt_pdf(buf.getvalue(), password) if password else buf.getvalue()


def _story(
    content: LetterContent, styles: dict[str, ParagraphStyle], gettext: _T
) -> list[Flowable]:
    def p(text: str, style: str = "body") -> Flowable:
        return script_paragraph(text, styles[style])

    story: list[Flowable] = [_letterhead(content, styles), Spacer(1, 4 * mm)]
    story.append(p(gettext("Referral letter"), "title"))
    story.append(
        _pairs(
            [(gettext("Reference"), content.reference), (gettext("Date"), content.date_text)],
            styles,
        )
    )
    story += [Spacer(1, 3 * mm), p(gettext("To"), "h2")]
    story += [p(line) for line in content.recipient_lines]
    story += [Spacer(1, 3 * mm), p(gettext("Service requested"), "h2")]
    service_rows = [
        (gettext("Service"), content.service),
        (gettext("Urgency"), content.urgency),
        (gettext("Reason"), content.reason),
    ]
    if content.appointment:
        service_rows.append((gettext("Appointment"), content.appointment))
    story.append(_pairs(service_rows, styles))
    story += [Spacer(1, 3 * mm), p(gettext("The person referred"), "h2")]
    if content.client_fields:
        story.append(p(gettext("The person referred agreed that we share the following details.")))
        story.append(_pairs(list(content.client_fields), styles))
    else:
        none_shared = gettext(
            "No personal details are shared in this letter. The person carrying it will "
            "introduce themselves."
        )
        story.append(p(none_shared))
    if content.notes_to_org:
        story += [Spacer(1, 3 * mm), p(gettext("Notes for your organization"), "h2")]
        story += [p(line) for line in content.notes_to_org.splitlines() if line.strip()]
    story += [Spacer(1, 3 * mm), p(gettext("Questions about this referral"), "h2")]
    contact = gettext("Please contact {name}, {contact}, quoting reference {reference}.")
    story.append(
        p(
            contact.format(
                name=content.caseworker_name,
                contact=content.caseworker_contact,
                reference=content.reference,
            )
        )
    )
    story += [Spacer(1, 3 * mm), _notice(gettext, styles), Spacer(1, 4 * mm)]
    story.append(_signatures(content, styles, gettext))
    return story


def _letterhead(content: LetterContent, styles: dict[str, ParagraphStyle]) -> Flowable:
    lines = [script_paragraph(content.sender_name, styles["org"])]
    for extra in (content.sender_address, content.sender_phone):
        if extra:
            lines.append(script_paragraph(extra, styles["small"]))
    logo = _logo(content.logo_png_b64)
    if logo is None:
        return KeepTogether(lines)
    table = Table([[logo, lines]], colWidths=[32 * mm, None])
    table.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (0, 0), 0)])
    )
    return table


def _logo(b64: str) -> Image | None:
    if not b64:
        return None
    try:
        data = base64.b64decode(b64, validate=True)
        reader = ImageReader(io.BytesIO(data))
        width, height = reader.getSize()
    except (binascii.Error, ValueError, OSError):
        return None
    scale = min(28 * mm / max(width, 1), 20 * mm / max(height, 1))
    return Image(io.BytesIO(data), width=width * scale, height=height * scale)


def _pairs(rows: list[tuple[str, str]], styles: dict[str, ParagraphStyle]) -> Table:
    data = [
        [script_paragraph(label, styles["label"]), script_paragraph(value, styles["body"])]
        for label, value in rows
    ]
    table = Table(data, colWidths=[48 * mm, None], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def _notice(gettext: _T, styles: dict[str, ParagraphStyle]) -> Table:
    # Neutral wording: the letter may be seen by someone the person must stay safe from.
    text = gettext(
        "Confidential: this letter contains personal information shared with the "
        "consent of the person referred, for this referral only. Do not copy it or "
        "pass it on. Keep it locked away or destroy it securely when it is no longer "
        "needed."
    )
    box = Table([[Paragraph(escape(text), styles["small"])]], colWidths=[None])
    box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.8, colors.HexColor("#444444")),
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#f2f2f2")),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return box


def _signatures(content: LetterContent, styles: dict[str, ParagraphStyle], gettext: _T) -> Flowable:
    def block(title: str, name: str) -> list[Flowable]:
        return [
            Paragraph(escape(title), styles["label"]),
            Spacer(1, 8 * mm),
            Paragraph("_" * 40, styles["body"]),
            Paragraph(escape(gettext("Signature")), styles["small"]),
            Spacer(1, 2 * mm),
            script_paragraph(gettext("Name") + ": " + (name or "_" * 30), styles["body"]),
            Spacer(1, 2 * mm),
            Paragraph(escape(gettext("Date")) + ": " + "_" * 18, styles["body"]),
        ]

    table = Table(
        [
            [
                block(gettext("Caseworker"), content.caseworker_name),
                block(gettext("Person referred"), ""),
            ]
        ],
        colWidths=[85 * mm, 85 * mm],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    )
    return KeepTogether([table])


def _styles(regular: str, bold: str) -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["Normal"], fontName=regular, fontSize=10, leading=13)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8.5, leading=11),
        "label": ParagraphStyle("label", parent=body, fontName=bold),
        "org": ParagraphStyle("org", parent=body, fontName=bold, fontSize=14, leading=18),
        "title": ParagraphStyle(
            "title", parent=body, fontName=bold, fontSize=17, leading=22, spaceAfter=6
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName=bold,
            fontSize=12,
            leading=16,
            spaceAfter=3,
            textColor=colors.HexColor("#1f3a5f"),
        ),
    }


def _font_names() -> tuple[str, str]:
    """The shared font set (Latin, Cyrillic, Vietnamese, Arabic, Devanagari, Chinese …); each
    run of text picks the face that has its glyphs. Helvetica when no font set is installed."""
    fonts = font_set()
    return fonts.regular, fonts.bold


def encrypt_pdf(pdf: bytes, password: str) -> bytes:
    """The same PDF encrypted with AES-256 (revision 6, readable by pdfium, poppler, pypdf and
    Acrobat). reportlab's own AES-256 output is refused by poppler and pypdf, so pypdf does it."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=password, owner_password=None, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
