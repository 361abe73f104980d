"""summary.pdf: the protected tables (only those numbers), bar charts, the period, and a page that
explains the protection in plain words.

Every number printed comes from the published tables: hidden cells show a dash, charts carry no
value axis (its tick numbers would be new numbers) and label each bar with its published value.
No creation date, counts of suppressions or hashes are printed — those live in manifest.json.
Metadata: a neutral title with the period, empty author/subject/keywords, `invariant=1`.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, StyleSheet1, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from safehaven.i18n import gettext_for
from safehaven.services.disclosure.cells import TOTAL, Layout
from safehaven.services.disclosure.dimensions import label
from safehaven.services.disclosure.protect import Protected
from safehaven.services.languages.pdf_fonts import font_set
from safehaven.services.languages.pdf_text import script_paragraph

HIDDEN = "\u2014"  # em dash
CHART_TABLES = ("T02", "T04", "T06", "T09")


def build_pdf(protected: Protected, *, language: str) -> bytes:
    def t(s: str) -> str:
        return gettext_for(language, s)

    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        title=t("De-identified statistics {period}").format(period=protected.period.id),
        author="",
        subject="",
        keywords="",
        creator="SafeHaven",
        producer="SafeHaven",
        lang=language,
        invariant=1,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
    )
    styles = _with_font_set(getSampleStyleSheet())
    story: list[object] = [
        script_paragraph(t("De-identified statistics"), styles["Title"]),
        script_paragraph(
            t("Period: {period}").format(period=protected.period.id), styles["Heading2"]
        ),
        Paragraph(
            t("A dash (\u2014) marks a number hidden to protect clients. Zeros are shown."),
            styles["Normal"],
        ),
        Spacer(1, 6 * mm),
    ]
    for layout in protected.layouts:
        story.append(KeepTogether(_table_block(layout, protected, t, styles)))
        story.append(Spacer(1, 5 * mm))
    charts = [lay for lay in protected.layouts if lay.spec.id in CHART_TABLES]
    if charts:
        story += [PageBreak(), Paragraph(t("Charts"), styles["Heading1"])]
        for layout in charts:
            story.append(KeepTogether(_chart_block(layout, protected, t, styles)))
    story += [PageBreak(), *_explanation(protected, t, styles)]
    doc.build(story)
    return buf.getvalue()


def _table_block(
    layout: Layout, p: Protected, t: Callable[[str], str], styles: object
) -> list[object]:
    ss = styles  # reportlab's StyleSheet1
    fonts = font_set()
    head = ParagraphStyle("head", fontName=fonts.bold, fontSize=7, leading=8, alignment=2)
    cell = ParagraphStyle("cell", fontName=fonts.regular, fontSize=8, leading=9.5)
    header: list[object] = ["", *(script_paragraph(t(label(c)), head) for c in layout.columns)]
    data: list[list[object]] = [header]
    cells = {(c.row, c.column): c.key for c in layout.cells}
    for row in layout.rows:
        line: list[object] = [script_paragraph(t(label(row)), cell)]
        for column in layout.columns:
            value = p.published(cells[(row, column)])
            line.append(HIDDEN if value is None else str(value))
        data.append(line)
    first = 62 * mm if len(layout.columns) > 2 else 100 * mm
    rest = (174 * mm - first) / max(len(layout.columns), 1)
    table = Table(data, colWidths=[first, *([rest] * len(layout.columns))], repeatRows=1)
    style = [
        ("FONT", (0, 0), (-1, -1), fonts.regular, 8),
        ("FONT", (0, 0), (-1, 0), fonts.bold, 8),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#999999")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")),
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
    ]
    if TOTAL in layout.rows:
        style.append(("FONT", (0, len(layout.rows)), (-1, len(layout.rows)), fonts.bold, 8))
    table.setStyle(TableStyle(style))
    title = f"{layout.spec.id} \u00b7 {t(layout.spec.title)}"
    return [script_paragraph(title, ss["Heading3"]), table]  # type: ignore[index]


def _with_font_set(styles: StyleSheet1) -> StyleSheet1:
    """reportlab's sample styles in the shared font set (any script; Helvetica without it)."""
    fonts = font_set()
    for style in styles.byName.values():
        bold = "Bold" in str(getattr(style, "fontName", ""))
        style.fontName = fonts.bold if bold else fonts.regular
    return styles


def _chart_block(
    layout: Layout, p: Protected, t: Callable[[str], str], styles: object
) -> list[object]:
    cells = {c.row: c.key for c in layout.cells if c.column in ("count", TOTAL)}
    bars = [(t(label(r)), p.published(cells[r])) for r in layout.rows if r != TOTAL]
    shown = [(name, v) for name, v in bars if v is not None]
    height = 22 + 16 * max(len(shown), 1)
    drawing = Drawing(170 * mm, height)
    if shown:
        chart = HorizontalBarChart()
        chart.x, chart.y = 62 * mm, 8
        chart.width, chart.height = 90 * mm, height - 16
        chart.data = [[v for _, v in reversed(shown)]]
        chart.categoryAxis.categoryNames = [name for name, _ in reversed(shown)]
        chart.categoryAxis.labels.fontSize = 7
        chart.categoryAxis.labels.boxAnchor = "e"
        chart.valueAxis.valueMin = 0
        chart.valueAxis.visible = 0
        chart.valueAxis.visibleLabels = 0
        chart.bars[0].fillColor = colors.HexColor("#4a7bb7")
        chart.barLabelFormat = "%d"
        chart.barLabels.fontSize = 7
        chart.barLabels.boxAnchor = "w"
        chart.barLabels.dx = 3
        drawing.add(chart)
    else:
        drawing.add(String(0, 4, t("Every number in this table is hidden."), fontSize=8))
    title = f"{layout.spec.id} \u00b7 {t(layout.spec.title)}"
    notes = []
    if len(shown) < len(bars):
        notes.append(Paragraph(t("Hidden categories are not drawn."), styles["Italic"]))  # type: ignore[index]
    return [Paragraph(title, styles["Heading3"]), drawing, *notes]  # type: ignore[index]


def _explanation(p: Protected, t: Callable[[str], str], styles: object) -> list[object]:
    ss = styles
    k = p.threshold
    paragraphs = [
        t(
            "These tables contain only totals. No name, date of birth, address, case number or "
            "any other detail about a person is in this report, and none can be added to it."
        ),
        t(
            "Every number is either 0 or at least {k}. A number between 1 and {k_minus} could "
            "point to a person, so it is hidden and shown as a dash."
        ).format(k=k, k_minus=k - 1),
        t(
            "Some larger numbers are hidden too, so that a hidden number cannot be worked out by "
            "subtracting the others from a total, from another table, or from an earlier report "
            "for the same or an overlapping period."
        ),
        t(
            "Before anything was written, a computer check tried to reconstruct every hidden "
            "number from everything published, including earlier reports. It could not narrow "
            "any of them down to fewer than {k}. Had it succeeded, no file would have been written."
        ).format(k=k),
        t(
            "Where all clients in a group share the same type of trafficking, that group's row is "
            "hidden, because showing it would reveal the type for everyone in the group."
        ),
        t(
            "Periods are fixed quarters, half-years or years; reports for free date ranges are "
            "never produced, because comparing two of them could reveal a single client."
        ),
        t(
            "Categories such as \u201cNot collected\u201d and \u201cPrefers not to answer\u201d "
            "are kept as rows of their own."
        ),
        t(
            "The file manifest.json lists what was left out, what was grouped, how many numbers "
            "were hidden, the result of the check, and a fingerprint of each file."
        ),
    ]
    out: list[object] = [Paragraph(t("How this report protects people"), ss["Heading1"])]  # type: ignore[index]
    for text in paragraphs:
        out += [Paragraph(text, ss["BodyText"]), Spacer(1, 2 * mm)]  # type: ignore[index]
    if p.withheld:
        out.append(
            Paragraph(
                t(
                    "Some tables of this policy were left out because they could not be protected: "
                    "{tables}."
                ).format(tables=", ".join(t(x) for x in p.withheld_titles)),
                ss["BodyText"],  # type: ignore[index]
            )
        )
    return out
