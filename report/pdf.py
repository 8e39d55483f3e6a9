"""The report as a PDF, drawn with ReportLab: text stays text (selectable, searchable) and the
charts are vector paths, so both print sharply. Why ReportLab: docs/report.md.

Bitstream Vera (shipped inside the reportlab wheel) is embedded rather than the PDF's built-in
Helvetica, whose Latin-1 encoding would mangle many names and notes.
"""

from io import BytesIO
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import reportlab
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from report.charts import Chart
from report.pages import ReportPage
from report.period import long_date

FONT, BOLD = "ReportSans", "ReportSans-Bold"
_FONTS = Path(reportlab.__file__).parent / "fonts"
MARGIN = 14 * mm
WIDTH = A4[0] - 2 * MARGIN
INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
RULE = colors.HexColor("#c3ccd5")
SHADE = colors.HexColor("#eef2f5")
# Line colours (Okabe–Ito, safe for colour-blind readers) and dash patterns, so a grey print still tells them apart.
LINE_STYLES = {
    "a": (colors.HexColor("#0072b2"), None),
    "b": (colors.HexColor("#d55e00"), (3, 2)),
    "c": (colors.HexColor("#009e73"), (1, 1.6)),
}
# The paragraph styles by name (body, small, cell, title, h2, bullet).
Styles = dict[str, ParagraphStyle]
# A table style command, e.g. ("ALIGN", (1, 0), (-1, -1), "RIGHT").
StyleCommand = tuple[Any, ...]


def _register_fonts() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(_FONTS / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(_FONTS / "VeraBd.ttf")))


def _styles() -> Styles:
    body = ParagraphStyle("body", fontName=FONT, fontSize=8, leading=10.2, textColor=INK, alignment=TA_LEFT)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=7, leading=8.8, textColor=MUTED),
        "cell": ParagraphStyle("cell", parent=body, fontSize=7.5, leading=9.2),
        "title": ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=14, leading=17, spaceAfter=2),
        "h2": ParagraphStyle("h2", parent=body, fontName=BOLD, fontSize=9.5, leading=12, spaceBefore=7, spaceAfter=3),
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=9, bulletIndent=0, spaceAfter=2.5),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text)), style)


def render_pdf(page: ReportPage) -> bytes:
    _register_fonts()
    styles = _styles()
    buffer = BytesIO()
    title = _("Gut and mood journal: summary for an appointment")
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=title,
        author=page.name,
        subject=page.period.label,
        creator="Gut–Mood Journal",
    )
    story = [
        _p(title, styles["title"]),
        _p(f"{page.name} · {page.period_line}", styles["body"]),
        _p(_("Kept by the person in a daily diary. Prepared on %(day)s.") % {"day": long_date(page.prepared_on)},
           styles["small"]),
    ]  # fmt: skip
    story += _means_section(page, styles)
    story += _charts_section(page, styles)
    story += _stool_section(page, styles)
    story += _flags_section(page, styles)
    story += _screeners_section(page, styles)
    story += _links_section(page, styles)
    story += _experiments_section(page, styles)
    story += _notes_section(page, styles)

    def footer(canvas: Canvas, document: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.setFillColor(MUTED)
        text = f"{page.name} · {page.period.label} · " + _("page %(n)s") % {"n": document.page}
        canvas.drawString(MARGIN, MARGIN - 2 * mm, text)
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _table(
    rows: list[list[Any]], widths: list[float], header_rows: int = 1, extra: list[StyleCommand] | None = None
) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=header_rows, hAlign="LEFT")
    style: list[StyleCommand] = [
        ("FONT", (0, 0), (-1, -1), FONT, 7.5),
        ("FONT", (0, 0), (-1, header_rows - 1), BOLD, 7.5),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.6, INK),
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    table.setStyle(TableStyle(style + (extra or [])))
    return table


def _means_section(page: ReportPage, styles: Styles) -> list[Flowable]:
    heading = _("Monthly means") if page.by_month else _("Weekly means")
    first = _("Month") if page.by_month else _("Week from")
    head = ParagraphStyle("head", parent=styles["cell"], fontName=BOLD, alignment=TA_RIGHT)
    unit = ParagraphStyle("unit", parent=styles["small"], fontSize=6.3, leading=7.4, alignment=TA_RIGHT)
    header = [_p(first, ParagraphStyle("first", parent=head, alignment=TA_LEFT)), _p(_("Days logged"), head)]
    header += [_p(m.label, head) for m in page.measures]
    rows = [header, ["", "", *[_p(m.unit, unit) for m in page.measures]]]
    for row in page.table_rows():
        rows.append([row["label"], str(row["days"]), *row["cells"]])
    widths = [24 * mm, 16 * mm] + [(WIDTH - 40 * mm) / len(page.measures)] * len(page.measures)
    extra = [
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("FONT", (0, 1), (-1, 1), FONT, 6.5),
        ("LINEBELOW", (0, 0), (-1, 0), 0, colors.white),
        ("LINEBELOW", (0, 1), (-1, 1), 0.6, INK),
        ("FONT", (0, -1), (-1, -1), BOLD, 7.5),
        ("BACKGROUND", (0, -1), (-1, -1), SHADE),
    ]
    note = _p(
        _("Means over the logged days; “–” means nothing was recorded. Sleep is the night before each day."),
        styles["small"],
    )
    return [_p(heading, styles["h2"]), _table(rows, widths, header_rows=2, extra=extra), Spacer(1, 2), note]


def _charts_section(page: ReportPage, styles: Styles) -> list[Flowable]:
    cell_width = WIDTH / 2 - 2 * mm
    drawings = [_chart_drawing(chart, cell_width, 44 * mm) for chart in page.charts]
    grid = [drawings[i : i + 2] for i in range(0, len(drawings), 2)]
    table = Table(grid, colWidths=[WIDTH / 2] * 2, hAlign="LEFT")
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return [KeepTogether([_p(_("The same means as charts"), styles["h2"]), table])]


def _chart_drawing(chart: Chart, width: float, height: float) -> Drawing:
    drawing = Drawing(width, height)
    left, right, bottom, top = 16, 4, 12, 22
    plot_w, plot_h = width - left - right, height - bottom - top
    drawing.add(String(0, height - 8, f"{chart.title} ({chart.unit})", fontName=BOLD, fontSize=7.5, fillColor=INK))
    x = 0.0
    for series in chart.series:  # legend
        colour, dash = LINE_STYLES[series.style]
        drawing.add(
            Line(x, height - 17, x + 12, height - 17, strokeColor=colour, strokeWidth=1.4, strokeDashArray=dash)
        )
        drawing.add(String(x + 15, height - 19.5, series.label, fontName=FONT, fontSize=6.5, fillColor=INK))
        x += 22 + len(series.label) * 3.6
    span = chart.high - chart.low
    for tick in chart.ticks:
        y = bottom + (tick - chart.low) / span * plot_h
        drawing.add(Line(left, y, left + plot_w, y, strokeColor=RULE, strokeWidth=0.3))
        drawing.add(String(left - 3, y - 2, f"{tick:g}", fontName=FONT, fontSize=6, fillColor=MUTED, textAnchor="end"))
    count = len(chart.x_labels)
    for i, label in _x_ticks(chart.x_labels):
        xi = left + (0.5 if count == 1 else i / (count - 1)) * plot_w
        drawing.add(String(xi, bottom - 8, label, fontName=FONT, fontSize=6, fillColor=MUTED, textAnchor="middle"))
    drawing.add(Line(left, bottom, left + plot_w, bottom, strokeColor=MUTED, strokeWidth=0.5))
    for series in chart.series:
        colour, dash = LINE_STYLES[series.style]
        for run in series.segments(chart.low, chart.high):
            points = [(left + px * plot_w, bottom + py * plot_h) for px, py in run]
            if len(points) > 1:
                flat = [c for point in points for c in point]
                drawing.add(PolyLine(flat, strokeColor=colour, strokeWidth=1.3, strokeDashArray=dash))
            for px, py in points:
                drawing.add(Circle(px, py, 1.3, fillColor=colour, strokeColor=colour, strokeWidth=0))
    if not chart.has_data:
        drawing.add(String(left + plot_w / 2, bottom + plot_h / 2, _("Not recorded in this period"),
                           fontName=FONT, fontSize=7, fillColor=MUTED, textAnchor="middle"))  # fmt: skip
    return drawing


def _x_ticks(labels: tuple[str, ...]) -> list[tuple[int, str]]:
    count = len(labels)
    if count == 0:
        return []
    step = max(1, -(-count // 5))
    shown = sorted({*range(0, count, step), count - 1})
    if len(shown) > 1 and shown[-1] - shown[-2] < step:
        shown.pop(-2)
    return [(i, labels[i]) for i in shown]


def _stool_section(page: ReportPage, styles: Styles) -> list[Flowable]:
    header = [_("Bristol type %(n)s") % {"n": s["type"]} for s in page.stool]
    counts = [str(s["count"]) for s in page.stool]
    table = _table([header, counts], [WIDTH / 7] * 7, extra=[("ALIGN", (0, 0), (-1, -1), "CENTER")])
    line = _p(
        _("Stool form recorded on %(n)s of the %(logged)s logged days (days with that type).")
        % {"n": page.stool_days, "logged": page.days_logged},
        styles["small"],
    )
    return [KeepTogether([_p(_("Stool form (Bristol scale)"), styles["h2"]), table, Spacer(1, 2), line])]


def _flags_section(page: ReportPage, styles: Styles) -> list[Flowable]:
    parts: list[Flowable] = [_p(_("Warning signs (red-flag symptoms)"), styles["h2"])]
    if page.red_flags:
        rows = [[_("Date"), _("Recorded")]] + [[f["label"], _p(f["symptoms"], styles["cell"])] for f in page.red_flags]
        parts.append(_table(rows, [32 * mm, WIDTH - 32 * mm]))
    else:
        parts.append(_p(_("None recorded in this period."), styles["body"]))
    parts.append(_p(_("Antibiotics"), styles["h2"]))
    if page.antibiotics:
        text = (
            ngettext("Taken on %(n)s day", "Taken on %(n)s days", page.antibiotic_days) % {"n": page.antibiotic_days}
            + ": "
            + "; ".join(page.antibiotics)
            + "."
        )
        parts.append(_p(text, styles["body"]))
    else:
        parts.append(_p(_("No antibiotics recorded in this period."), styles["body"]))
    return parts


def _screeners_section(page: ReportPage, styles: Styles) -> list[Flowable]:
    parts: list[Flowable] = [_p(_("Questionnaires: PHQ-9 (depression) and GAD-7 (anxiety)"), styles["h2"])]
    if not page.screeners:
        return [KeepTogether(parts + [_p(_("None taken in this period."), styles["body"])])]
    rows = [[_("Date"), _("Questionnaire"), _("Total"), _("Severity band"), _("Note")]]
    for s in page.screeners:
        rows.append([s["label"], s["name"], f"{s['score']} / {s['max']}", s["band"], _p(s["item9"], styles["cell"])])
    widths = [30 * mm, 24 * mm, 16 * mm, 30 * mm, WIDTH - 100 * mm]
    table = _table(rows, widths, extra=[("ALIGN", (2, 0), (2, -1), "RIGHT")])
    # A season of fortnightly results stays on one page: a short table split over two reads badly.
    return [KeepTogether(parts + [table])] if len(rows) <= 30 else parts + [table]


def _links_section(page: ReportPage, styles: Styles) -> list[Flowable]:
    parts: list[Flowable] = [_p(_("Links in this period's diary"), styles["h2"])]
    if page.links:
        for link in page.links:
            text = " ".join(t for t in (link["sentence"], link["detail"], link["strength"]) if t)
            parts.append(Paragraph(escape(text), styles["bullet"], bulletText="•"))
    else:
        parts.append(_p(_("No clear links stood out in this period."), styles["body"]))
    if page.links_left_out:
        parts.append(_p(page.links_left_out, styles["body"]))
    parts.append(_p(page.links_note, styles["small"]))
    parts.append(_p(_("Each is a pattern in this person's own data, not proof that one thing causes the other."),
                    styles["small"]))  # fmt: skip
    return [KeepTogether(parts)]


def _experiments_section(page: ReportPage, styles: Styles) -> list[Flowable]:
    parts: list[Flowable] = [_p(_("Changes tried (self-experiments finished in this period)"), styles["h2"])]
    if not page.experiments:
        return parts + [_p(_("None finished in this period."), styles["body"])]
    rows = [[_("Change"), _("Dates"), _("Watched"), _("Result")]]
    for e in page.experiments:
        rows.append([_p(e["change"], styles["cell"]), _p(e["dates"], styles["cell"]), e["outcome"],
                     _p(f"{e['result']} ({e['adherence']})", styles["cell"])])  # fmt: skip
    widths = [45 * mm, 38 * mm, 18 * mm, WIDTH - 101 * mm]
    return parts + [_table(rows, widths)]


def _notes_section(page: ReportPage, styles: Styles) -> list[Flowable]:
    if not page.include_notes:
        return []
    parts: list[Flowable] = [_p(_("Notes"), styles["h2"])]
    if not page.notes:
        return parts + [_p(_("No notes in this period."), styles["body"])]
    rows = [[_("Date"), _("Note")]] + [[long_date(n["date"]), _p(n["text"], styles["cell"])] for n in page.notes]
    return parts + [_table(rows, [32 * mm, WIDTH - 32 * mm])]
