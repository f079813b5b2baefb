"""Inline SVG charts for the PDFs, drawn from the data (no plotting library).

Each chart is black on white and says everything in text or patterns, so it
reads the same printed in greyscale or photocopied: the best response of a
line of therapy is both a fill pattern and a label, every point of the
measurement chart carries its category in words.

Every piece of text goes through ``format_html``, which escapes it: regimens
and lesion sites are patient text.
"""

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cases.clinical import codes
from cases.clinical.response.categories import category_short_label, recist_family
from cases.clinical.response.recist import PD_ABSOLUTE_MM

FONT = "Noto Sans, Noto Sans CJK SC, DejaVu Sans, sans-serif"
WIDTH = 600  # viewBox units; scaled to the text width (about 170 mm), so 10 units print at about 8 pt
INK = "#111"

# Fill for each best response: (pattern id suffix or None for a plain fill, plain fill colour).
PATTERNED = ("PR", "SD", "PD")
SOLID = {"CR": INK, "NED": "#555"}
SHORT_CODES = ("CR", "PR", "SD", "PD", "NED")
MRD_SHORT = {"CR_MRD_neg": "CR MRD−", "CRh_MRD_neg": "CRh MRD−", "CRi_MRD_neg": "CRi MRD−", "MRD_negative": "MRD−"}


@dataclass(frozen=True)
class TimelineBar:
    label: str  # "L1", "L2"…
    regimen: str
    start: datetime.date | None
    end: datetime.date | None
    ongoing: bool
    response: str  # best response code (CR, PR…), may be ""


@dataclass(frozen=True)
class TimelineEvent:
    number: int
    when: datetime.date


@dataclass(frozen=True)
class MeasurementPoint:
    label: str  # "Baseline", a date, or "Scan 2"
    total: Decimal | None  # sum of target lesions; None when a lesion was not measured
    category: str  # "" at baseline
    change: str  # "-34.0%" from baseline, "" at baseline
    new_lesions: bool = False
    nadir_change: str = ""  # "+51.2%" from the smallest sum before this point, "" at baseline
    new_line: str = ""  # "L2" on the first point of a later treatment line: the sums before it are not comparable


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def text_width(text: str, size: float) -> float:
    """Rough rendered width: CJK glyphs are square, Latin about half as wide."""
    return sum(size if ord(c) > 0x2E80 else size * 0.56 for c in text)


def truncate(text: str, size: float, width: float) -> str:
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _text(x, y, text, *, size=10, anchor="start", weight="normal", style="normal") -> SafeString:
    return format_html(
        '<text x="{}" y="{}" font-size="{}" text-anchor="{}" font-weight="{}" font-style="{}" fill="{}">{}</text>',
        _n(x),
        _n(y),
        _n(size),
        anchor,
        weight,
        style,
        INK,
        text,
    )


def _line(x1, y1, x2, y2, *, width=0.8, dash="") -> SafeString:
    return format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}" stroke-dasharray="{}"/>',
        _n(x1),
        _n(y1),
        _n(x2),
        _n(y2),
        INK,
        _n(width),
        dash or "none",
    )


def _svg(height: float, body: list[SafeString], *, label: str, prefix: str, patterns: bool = True) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'role="img" aria-label="{label}" font-family="{font}">{defs}{body}</svg>',
        w=WIDTH,
        h=_n(height),
        label=label,
        font=FONT,
        defs=_patterns(prefix) if patterns else "",
        body=mark_safe("".join(body)),
    )


def _patterns(prefix: str) -> SafeString:
    """Hatching that survives black-and-white printing: PR diagonal, SD dotted, PD cross-hatched."""
    return format_html(
        "<defs>"
        '<pattern id="{p}-PR" patternUnits="userSpaceOnUse" width="6" height="6">'
        '<rect width="6" height="6" fill="#fff"/>'
        '<path d="M0,6 L6,0 M-1.5,1.5 L1.5,-1.5 M4.5,7.5 L7.5,4.5" stroke="{ink}" stroke-width="1.3"/></pattern>'
        '<pattern id="{p}-SD" patternUnits="userSpaceOnUse" width="5" height="5">'
        '<rect width="5" height="5" fill="#fff"/><circle cx="2.5" cy="2.5" r="1.1" fill="{ink}"/></pattern>'
        '<pattern id="{p}-PD" patternUnits="userSpaceOnUse" width="6" height="6">'
        '<rect width="6" height="6" fill="#fff"/>'
        '<path d="M0,6 L6,0 M0,0 L6,6" stroke="{ink}" stroke-width="1"/></pattern>'
        "</defs>",
        p=prefix,
        ink=INK,
    )


def _fill(code: str, prefix: str) -> str:
    # The four patterns stand for their family, so a myeloma VGPR or an iRECIST iPR is not drawn as "Other or not
    # known" (the label beside the bar still gives the exact category).
    code = recist_family(code)
    if code in PATTERNED:
        return f"url(#{prefix}-{code})"
    return SOLID.get(code, "#fff")


def response_short(code: str) -> str:
    """What is printed beside a bar: the code for the RECIST-style categories, else the code as given."""
    if code in SHORT_CODES or re.fullmatch(r"[a-z]?[A-Z]{2,4}[a-z]?", code):  # CR, VGPR, sCR, CMR, CRi, MLFS…
        return code
    if code in ("", "unknown", "not_assessed"):
        return "?"
    if code in MRD_SHORT:
        return MRD_SHORT[code]
    # Categories named in words (ATA "excellent", "relapse", PSA progression…): the reader's words, kept short.
    return truncate(_(category_short_label("", code)), 9.5, 110)


# Treatment timeline ---------------------------------------------------------------------------------------------

LABEL_W = 180
PLOT_X0 = 188
PLOT_X1 = WIDTH - 46
ROW_H = 24
BAR_H = 13
TOP = 22


@dataclass(frozen=True)
class _Scale:
    start: datetime.date
    end: datetime.date

    def x(self, day: datetime.date) -> float:
        span = (self.end - self.start).days or 1
        return PLOT_X0 + (PLOT_X1 - PLOT_X0) * (day - self.start).days / span


def _domain(dates: list[datetime.date], today: datetime.date) -> _Scale:
    start, end = min(dates, default=today), max([*dates, today])
    if (end - start).days < 60:
        start = end - datetime.timedelta(days=60)
    pad = datetime.timedelta(days=max(3, (end - start).days // 40))
    return _Scale(start - pad, end + pad)


def _month_ticks(scale: _Scale) -> list[tuple[datetime.date, str]]:
    months = (scale.end.year - scale.start.year) * 12 + scale.end.month - scale.start.month
    step = next((s for s in (1, 2, 3, 6, 12, 24, 60) if months / s <= 8), 120)
    ticks: list[tuple[datetime.date, str]] = []
    year, month = scale.start.year, scale.start.month
    while True:
        month += 1
        if month > 12:
            year, month = year + 1, 1
        day = datetime.date(year, month, 1)
        if day > scale.end:
            return ticks
        if (year * 12 + month - 1) % step == 0:
            ticks.append((day, str(year) if step >= 12 else formats.date_format(day, "YEAR_MONTH_FORMAT")))


def _bar(bar: TimelineBar, y: float, scale: _Scale, today: datetime.date, prefix: str) -> list[SafeString]:
    label = truncate(bar.regimen, 9.5, LABEL_W - 30)
    out = [_text(4, y + 10, bar.label, size=9.5, weight="bold"), _text(28, y + 10, label, size=9.5)]
    if bar.start is None:
        return [*out, _text(PLOT_X0 + 4, y + 10, _("dates not given"), size=9, style="italic")]
    end = today if bar.ongoing else (bar.end or bar.start)
    x0, x1 = scale.x(bar.start), max(scale.x(end), scale.x(bar.start) + 3)
    out.append(
        format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}" stroke-width="0.9"/>',
            _n(x0),
            _n(y),
            _n(x1 - x0),
            BAR_H,
            _fill(bar.response, prefix),
            INK,
        )
    )
    if bar.ongoing:  # an arrowhead: still going
        out.append(
            format_html(
                '<path d="M{},{} l7,{} l-7,{} z" fill="{}"/>',
                _n(x1),
                _n(y - 2),
                _n(BAR_H / 2 + 2),
                _n(BAR_H / 2 + 2),
                INK,
            )
        )
        x1 += 7
    suffix = "" if bar.ongoing or bar.end else " ?"
    out.append(_text(x1 + 4, y + 10, response_short(bar.response) + suffix, size=9.5, weight="bold"))
    return out


def _markers(scale: _Scale, diagnosis, today) -> list[SafeString]:
    """Vertical guides for diagnosis and today, labelled above the rows."""
    out = []
    for day, text, anchor in ((diagnosis, _("Diagnosis"), "start"), (today, _("Today"), "end")):
        if day is not None:
            x = scale.x(day)
            out += [_line(x, TOP - 4, x, TOP + 2, width=0.8), _text(x, TOP - 8, text, size=8.5, anchor=anchor)]
    return out


def _guides(scale: _Scale, bottom: float, diagnosis, today) -> list[SafeString]:
    return [_line(scale.x(d), TOP, scale.x(d), bottom, width=0.6, dash="2,2") for d in (diagnosis, today) if d]


def _local_row(events: list[TimelineEvent], y: float, scale: _Scale) -> list[SafeString]:
    out = [_text(4, y + 10, _("Local treatments"), size=9.5, style="italic")]
    for e in events:
        x = scale.x(e.when)
        out.append(format_html('<path d="M{},{} l5,-9 l-10,0 z" fill="{}"/>', _n(x), _n(y + 12), INK))
        out.append(_text(x, y + 1, str(e.number), size=8, anchor="middle", weight="bold"))
    return out


def _axis(scale: _Scale, y: float) -> list[SafeString]:
    out = [_line(PLOT_X0, y, PLOT_X1, y, width=0.8)]
    for day, label in _month_ticks(scale):
        x = scale.x(day)
        out += [_line(x, y, x, y + 4), _text(x, y + 14, label, size=8.5, anchor="middle")]
    return out


def _legend(y: float, prefix: str, *, ongoing: bool = True) -> tuple[list[SafeString], float]:
    items = [(code, _(codes.RESPONSE_CATEGORIES[code])) for code in ("CR", "PR", "SD", "PD")]
    items.append(("", _("Other or not known") + " (?)"))
    out, x = [], 4.0
    for code, text in items:
        width = 22 + text_width(text, 8.5) + 14
        if x + width > WIDTH:
            x, y = 4.0, y + 16
        out.append(
            format_html(
                '<rect x="{}" y="{}" width="16" height="10" fill="{}" stroke="{}" stroke-width="0.8"/>',
                _n(x),
                _n(y),
                _fill(code, prefix),
                INK,
            )
        )
        out.append(_text(x + 21, y + 8.5, text, size=8.5))
        x += width
    if ongoing:
        text = _("still ongoing")
        if x + 24 + text_width(text, 8.5) > WIDTH:
            x, y = 4.0, y + 16
        out.append(format_html('<path d="M{},{} l8,5 l-8,5 z" fill="{}"/>', _n(x + 4), _n(y), INK))
        out.append(_text(x + 17, y + 8.5, text, size=8.5))
    return out, y + 14


def treatment_timeline_svg(
    bars: list[TimelineBar],
    *,
    today: datetime.date,
    diagnosis: datetime.date | None = None,
    local: Sequence[TimelineEvent] = (),
) -> SafeString:
    """One bar per line of therapy from start to stop (an arrow when ongoing), patterned by best response."""
    prefix = "tl"
    dates = [d for b in bars for d in (b.start, b.end) if d] + [e.when for e in local]
    dates += [diagnosis] if diagnosis else []
    scale = _domain(dates, today)
    body: list[SafeString] = []
    y = TOP + 6
    for bar in bars:
        body += _bar(bar, y, scale, today, prefix)
        y += ROW_H
    dated_local = [e for e in local if e.when]
    if dated_local:
        body += _local_row(dated_local, y + 4, scale)
        y += ROW_H
    guides = _guides(scale, y, diagnosis, today) + _markers(scale, diagnosis, today)
    body = guides + body + _axis(scale, y + 2)
    legend, bottom = _legend(y + 26, prefix)
    label = _("Treatment timeline: one bar per line of therapy, with its best response")
    return _svg(bottom + 4, body + legend, label=label, prefix=prefix)


# Tumour measurements --------------------------------------------------------------------------------------------

M_X0, M_X1 = 60, WIDTH - 120
M_TOP, M_BOTTOM = 28, 210


def _nice_step(top: float) -> float:
    for step in (5, 10, 20, 25, 50, 100, 200, 250, 500):
        if top / step <= 6:
            return step
    return 1000


def _y(value: float, top: float) -> float:
    return M_BOTTOM - (M_BOTTOM - M_TOP) * value / top


def _y_axis(top: float, step: float) -> list[SafeString]:
    out = [_line(M_X0, M_TOP, M_X0, M_BOTTOM), _line(M_X0, M_BOTTOM, M_X1 + 20, M_BOTTOM)]
    value = 0.0
    while value <= top + 0.01:
        y = _y(value, top)
        out += [_line(M_X0 - 4, y, M_X0, y), _text(M_X0 - 7, y + 3, _n(value), size=8.5, anchor="end")]
        if value:
            out.append(_line(M_X0, y, M_X1 + 20, y, width=0.3, dash="1,3"))
        value += step
    mid = (M_TOP + M_BOTTOM) / 2
    title = _("Sum of target lesions (mm)")
    out.append(
        format_html(
            '<text x="14" y="{y}" font-size="9" text-anchor="middle" transform="rotate(-90 14 {y})" fill="{ink}">{t}</text>',
            y=_n(mid),
            ink=INK,
            t=title,
        )
    )
    return out


# (fraction of baseline for partial response, label; fraction of nadir for progression, label) per criteria.
THRESHOLDS = {
    "recist1.1": (0.7, "−30%", 1.2, "+20%"),
    "irecist": (0.7, "−30%", 1.2, "+20%"),
    "mrecist": (0.7, "−30%", 1.2, "+20%"),
    "rano2": (0.5, "−50%", 1.25, "+25%"),
}


def _threshold(baseline: float, top: float, fraction: float = 0.7, shown: str = "−30%") -> list[SafeString]:
    """The partial-response line: 30% below the baseline sum under RECIST (50% under RANO)."""
    y = _y(baseline * fraction, top)
    return [
        _line(M_X0, y, M_X1 + 20, y, width=0.9, dash="6,3"),
        _text(M_X1 + 24, y - 2, _("%(change)s of baseline") % {"change": shown}, size=8),
        _text(M_X1 + 24, y + 8, _("(partial response)"), size=8),
    ]


# The smallest increase over the nadir that is progression, beside the percentage, as the rule code reads it
# (cases.clinical.response.recist._is_pd): RECIST 1.1 needs at least 20% and at least 5 mm (Eisenhauer EA et al., Eur
# J Cancer 2009, section 4.3.1), and iRECIST takes RECIST 1.1's rules for iUPD (Seymour L et al., Lancet Oncol 2017).
# Not mRECIST (Lencioni R, Llovet JM, Semin Liver Dis 2010: at least 20% over the nadir, no absolute minimum) nor RANO.
PD_MIN_MM = {"recist1.1": float(PD_ABSOLUTE_MM), "irecist": float(PD_ABSOLUTE_MM)}


def progression_level(nadir: float, rule: str) -> tuple[float, str]:
    """Where progression starts above `nadir`, and the label saying why: the percentage over the nadir, or, when
    that is less than the criteria's absolute minimum (RECIST 1.1 and iRECIST: under a nadir of 25 mm), the
    nadir plus that minimum."""
    key = rule if rule in THRESHOLDS else "recist1.1"
    fraction, shown = THRESHOLDS[key][2:]
    minimum = PD_MIN_MM.get(key, 0.0)
    if nadir * fraction - nadir < minimum:
        return nadir + minimum, _("+%(mm)s mm from nadir %(nadir)s") % {"mm": _n(minimum), "nadir": _n(nadir)}
    return nadir * fraction, _("%(change)s of nadir %(nadir)s") % {"change": shown, "nadir": _n(nadir)}


def _nadir_threshold(level: float, label: str, top: float, pr_y: float | None) -> list[SafeString]:
    """The progression line at `level` (progression_level), labelled.

    Its label moves off the partial-response line's label when the two lines are close.
    """
    y = _y(level, top)
    shift = 0.0
    if pr_y is not None and abs(y - pr_y) < 24:
        shift = (24 - abs(y - pr_y)) * (1 if y >= pr_y else -1)
    return [
        _line(M_X0, y, M_X1 + 20, y, width=0.9, dash="2,2"),
        _text(M_X1 + 24, y - 2 + shift, label, size=8),
        _text(M_X1 + 24, y + 8 + shift, _("(progression)"), size=8),
    ]


def _point_x(i: int, count: int) -> float:
    if count == 1:
        return (M_X0 + M_X1) / 2
    return M_X0 + 30 + (M_X1 - M_X0 - 40) * i / (count - 1)


def _runs(points: list[MeasurementPoint]) -> list[list[int]]:
    """The measured points, one run per treatment line: a line has its own baseline and, often, its own target
    lesions, so a sum on one line is never joined to a sum on the next (a point not measured leaves a gap within
    its line, which the line still crosses: its lesions are the same)."""
    runs: list[list[int]] = [[]]
    for i, p in enumerate(points):
        if p.new_line and runs[-1]:
            runs.append([])
        if p.total is not None:
            runs[-1].append(i)
    return runs


def _line_break(i: int, p: MeasurementPoint, count: int) -> list[SafeString]:
    """A dashed divider between the last scan of a line and the first of the next, named by the new line."""
    x = (_point_x(i - 1, count) + _point_x(i, count)) / 2
    return [_line(x, M_TOP - 6, x, M_BOTTOM, width=0.8, dash="3,3"), _text(x + 3, M_TOP - 8, p.new_line, size=8.5)]


def _points(points: list[MeasurementPoint], top: float, rule: str = "", unit: str = "mm") -> list[SafeString]:
    out: list[SafeString] = []
    count = len(points)
    for run in _runs(points):
        path = " ".join(f"{_n(_point_x(i, count))},{_n(_y(float(points[i].total or 0), top))}" for i in run)
        if len(run) > 1:
            out.append(format_html('<polyline points="{}" fill="none" stroke="{}" stroke-width="1.6"/>', path, INK))
    room = (M_X1 - M_X0 - 40) / max(count - 1, 1) - 6
    for i, p in enumerate(points):
        if p.new_line and i:
            out += _line_break(i, p, count)
        out += _point_labels(_point_x(i, count), p, top, rule=rule, room=min(room, 150), unit=unit)
    return out


def wrap(text: str, size: float, width: float, lines: int = 2) -> list[str]:
    """`text` broken into at most `lines` lines of `width` (at word breaks, or anywhere in CJK text)."""
    words = text.split(" ") if " " in text else list(text)
    joiner = " " if " " in text else ""
    out: list[str] = []
    current = ""
    for word in words:
        trial = f"{current}{joiner}{word}" if current else word
        if current and text_width(trial, size) > width:
            out.append(current)
            current = word
        else:
            current = trial
    out.append(current)
    if len(out) > lines:
        out = out[: lines - 1] + [truncate(joiner.join(out[lines - 1 :]), size, width)]
    return out


def category_words(rule: str, code: str) -> str:
    """The category of a chart point in words, in the reader's language (never a bare code)."""
    return _(category_short_label(rule, code)) if code else ""


def _point_labels(
    x: float, p: MeasurementPoint, top: float, *, rule: str = "", room: float = 100, unit: str = "mm"
) -> list[SafeString]:
    out = [_text(x, M_BOTTOM + 14, p.label, size=8.5, anchor="middle")]
    y: float = M_BOTTOM + 27
    for line in wrap(category_words(rule, p.category), 9, room) if p.category else []:
        out.append(_text(x, y, line, size=9, anchor="middle", weight="bold"))
        y += 10
    if p.change:
        out.append(_text(x, y + 1, _("baseline %(change)s") % {"change": p.change}, size=8, anchor="middle"))
        y += 11
    if p.nadir_change:
        out.append(_text(x, y, _("nadir %(change)s") % {"change": p.nadir_change}, size=8, anchor="middle"))
        y += 11
    if p.new_lesions:
        out.append(_text(x, y, _("new lesion(s)"), size=8, anchor="middle", style="italic"))
    if p.total is None:
        out.append(_text(x, M_BOTTOM - 6, _("not all measured"), size=8, anchor="middle", style="italic"))
        return out
    dot = _y(float(p.total), top)
    out.append(format_html('<circle cx="{}" cy="{}" r="3.6" fill="{}"/>', _n(x), _n(dot), INK))
    out.append(_text(x, dot - 8, f"{_n(float(p.total))} {unit}", size=9, anchor="middle", weight="bold"))
    return out


def measurement_chart_svg(
    points: list[MeasurementPoint],
    rule: str = "recist1.1",
    *,
    thresholds: bool = True,
    nadir: Decimal | None = None,
) -> SafeString:
    """Sum of target lesions at baseline and each assessment, with the category and the change from baseline and
    from nadir at each point, the partial-response line and the progression line above the latest nadir (left out,
    `thresholds` False, when the series spans treatment lines: each line has its own baseline and nadir).

    `nadir` is the reference the last scan was read against, as the criteria keep it (under RECIST 1.1 the
    smallest sum before progression: reports.documents.summary_treatment.series); without it, the smallest sum
    before the last point."""
    totals = [float(p.total) for p in points if p.total is not None]
    pr_fraction, pr_label = THRESHOLDS.get(rule, THRESHOLDS["recist1.1"])[:2]
    shown_nadir = float(nadir) if nadir is not None else min(totals[:-1] or totals, default=0.0)
    level, level_label = progression_level(shown_nadir, rule)
    high = max([*totals, level], default=10.0) * 1.15 or 10.0
    step = _nice_step(high)
    top = step * -(-high // step)
    body = _y_axis(top, step)
    pr_y = None
    if thresholds and points and points[0].total is not None:
        body += _threshold(float(points[0].total), top, pr_fraction, pr_label)
        pr_y = _y(float(points[0].total) * pr_fraction, top)
    # From a nadir of 0 mm only an absolute minimum can place the line (RECIST 1.1: 5 mm).
    if thresholds and level > shown_nadir and len(totals) > 1:
        body += _nadir_threshold(level, level_label, top, pr_y)
    body += _points(points, top, rule=rule, unit="mm²" if rule == "rano2" else "mm")
    label = _("Tumour measurements: sum of target lesions at each assessment, with the response category")
    return _svg(M_BOTTOM + 78, body, label=label, prefix="ms", patterns=False)


# Trends: a tumour marker or the performance status over time -------------------------------------------------

T_X0, T_X1, T_TOP, T_BOTTOM = 60, WIDTH - 110, 20, 120


@dataclass(frozen=True)
class TrendPoint:
    when: datetime.date | None
    value: Decimal


def _trend_y(value: float, low: float, high: float) -> float:
    span = (high - low) or 1.0
    return T_BOTTOM - (T_BOTTOM - T_TOP) * (value - low) / span


def trend_chart_svg(
    title: str,
    unit: str,
    points: Sequence[TrendPoint],
    *,
    upper_normal: Decimal | None = None,
    scale_max: float | None = None,
) -> SafeString:
    """Values over time on a date axis, each labelled, with the upper limit of normal as a dashed line.

    ``scale_max`` fixes the axis (ECOG runs 0-4: higher is worse). One chart is one series (a marker, or the
    ECOG), drawn as one line in date order across treatment lines; a point with no date has no place on the axis
    and is left out.
    """
    dated = sorted((p.when, p.value) for p in points if p.when is not None)
    if not dated:
        return mark_safe("")
    first, last = dated[0][0], dated[-1][0]
    days = max((last - first).days, 1)
    values = [float(value) for _when, value in dated]
    high = scale_max if scale_max is not None else max([*values, float(upper_normal or 0)]) * 1.15 or 1.0
    body: list[SafeString] = [_line(T_X0, T_TOP, T_X0, T_BOTTOM), _line(T_X0, T_BOTTOM, T_X1 + 10, T_BOTTOM)]
    body.append(_text(T_X0 - 6, T_TOP + 3, _n(high), size=8, anchor="end"))
    body.append(_text(T_X0 - 6, T_BOTTOM + 3, "0", size=8, anchor="end"))
    body.append(_text(T_X0, T_TOP - 8, f"{title} ({unit})" if unit else title, size=9, weight="bold"))
    if upper_normal is not None and float(upper_normal) <= high:
        y = _trend_y(float(upper_normal), 0, high)
        body += [
            _line(T_X0, y, T_X1 + 10, y, width=0.8, dash="4,3"),
            _text(T_X1 + 14, y + 3, _("upper normal %(value)s") % {"value": _n(float(upper_normal))}, size=8),
        ]
    coords = []
    for i, (when, value) in enumerate(dated):
        x = T_X0 + 20 + (T_X1 - T_X0 - 30) * (when - first).days / days
        y = _trend_y(float(value), 0, high)
        coords.append(f"{_n(x)},{_n(y)}")
        body.append(format_html('<circle cx="{}" cy="{}" r="3" fill="{}"/>', _n(x), _n(y), INK))
        body.append(_text(x, y - 6, _n(float(value)), size=8.5, anchor="middle", weight="bold"))
        if i in (0, len(dated) - 1) or len(dated) <= 6:
            body.append(_text(x, T_BOTTOM + 12, formats.date_format(when, "DATE_FORMAT"), size=7.5, anchor="middle"))
    if len(coords) > 1:
        body.insert(
            0, format_html('<polyline points="{}" fill="none" stroke="{}" stroke-width="1.4"/>', " ".join(coords), INK)
        )
    label = _("%(title)s over time") % {"title": title}
    return _svg(T_BOTTOM + 20, body, label=label, prefix="tr", patterns=False)
