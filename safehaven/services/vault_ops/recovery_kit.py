"""The one-page recovery kit PDF, made in memory; the caller writes it where the user chose."""

from __future__ import annotations

import datetime as dt
import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from safehaven.i18n import gettext_for


def build_recovery_kit(
    recovery_key: str, *, organization_name: str, language: str = "en", created: dt.date
) -> bytes:
    def t(s: str) -> str:
        return gettext_for(language, s)

    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        title=t("SafeHaven recovery kit"),
        author="",
        subject="",
        creator="SafeHaven",
        lang=language,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
    )
    styles = getSampleStyleSheet()
    key_table = Table([[recovery_key]], colWidths=[170 * mm])
    key_table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "Courier-Bold", 17),
                ("BOX", (0, 0), (-1, -1), 1.2, "#333333"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("TOPPADDING", (0, 0), (-1, -1), 10),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
            ]
        )
    )
    story = [
        Paragraph(t("SafeHaven recovery kit"), styles["Title"]),
        Paragraph(organization_name or "", styles["Heading2"]),
        Paragraph(t("Created on {date}").format(date=created.isoformat()), styles["Normal"]),
        Spacer(1, 8 * mm),
        Paragraph(t("Recovery key"), styles["Heading3"]),
        key_table,
        Spacer(1, 8 * mm),
        Paragraph(
            t(
                "This key opens every record in this SafeHaven vault when all passwords are lost. "
                "Anyone holding it can read survivors' records."
            ),
            styles["Normal"],
        ),
        Spacer(1, 3 * mm),
        Paragraph(
            t(
                "Keep it in a locked place away from the computer, such as a safe. Do not "
                "photograph it, e-mail it or store it on the same laptop."
            ),
            styles["Normal"],
        ),
        Spacer(1, 3 * mm),
        Paragraph(
            t(
                "To use it: on the sign-in screen choose \u201cUse recovery key\u201d, type the "
                "key (dashes optional), then set a new administrator password."
            ),
            styles["Normal"],
        ),
    ]
    doc.build(story)
    return buf.getvalue()
