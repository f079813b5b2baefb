"""Which biomarkers matter for a cancer, and which of them are still gaps.

The panels themselves are data (data/panels.py, data/markers.py), drawn from
the NCCN and ESMO guidelines named on each marker. A gap is a marker that
could open a treatment option but has no usable result: not tested, not
known, pending, equivocal, or "negative" on a test that did not cover the
gene. "Not tested" and "negative" are never confused.
"""

from dataclasses import dataclass, field
from typing import cast

from .biomarkers.record import BiomarkerResult  # re-exported: callers import it from here
from .codes import BIOMARKER_STATUSES
from .data.markers import MARKERS
from .data.panels import AGNOSTIC_ORDER, PANELS
from .i18n import gettext_noop


@dataclass(frozen=True)
class Marker:
    code: str
    label: str
    why: str
    guideline: str
    agnostic: bool


@dataclass(frozen=True)
class MarkerStatus:
    marker: Marker
    state: str  # positive, negative, equivocal, pending, not_tested, unknown
    is_gap: bool
    reason: str  # gettext_noop template
    params: dict = field(default_factory=dict)


R_POSITIVE = gettext_noop("positive: may open %(why)s")
R_NEGATIVE = gettext_noop("negative")
R_NEGATIVE_COVERAGE_UNSAID = gettext_noop("negative (the report does not say the test covered this gene)")
R_NOT_COVERED = gettext_noop("negative on a panel that did not cover this gene: not really tested")
R_EQUIVOCAL = gettext_noop("equivocal: needs a confirmatory test")
R_EQUIVOCAL_HER2 = gettext_noop("equivocal (e.g. HER2 IHC 2+): needs confirmation by ISH")
R_PENDING = gettext_noop("awaiting result")
R_NOT_TESTED = gettext_noop("not tested: could open %(why)s")
R_UNKNOWN = gettext_noop("not known whether tested: could open %(why)s")
R_OFF_PANEL = gettext_noop("%(state)s (not on this cancer's standard panel)")


def marker(code: str) -> Marker | None:
    """The marker with its general reason and guideline, or None for an unknown code."""
    if code not in MARKERS:
        return None
    label, why, guideline, agnostic = MARKERS[code]
    return Marker(code, label, why, guideline, agnostic)


def _known(code: str) -> Marker:
    """A marker the panel data names, which is always in MARKERS."""
    return cast(Marker, marker(code))


def _entry(item: str | tuple) -> Marker:
    if isinstance(item, str):
        return _known(item)
    code, why, guideline = item
    base = _known(code)
    return Marker(code, base.label, why, guideline, base.agnostic)


def _panel_key(cancer_type: str, subtype: str) -> str:
    for key in (f"{cancer_type}/{subtype}", cancer_type):
        if key in PANELS:
            return key
    return "general"


def panel_for(cancer_type: str, subtype: str = "") -> list[Marker]:
    """Markers that matter for this cancer (NCCN/ESMO), type-specific first, then tissue-agnostic.

    Tissue-agnostic approvals (MSI/dMMR, TMB, NTRK, RET, BRAF V600E) are for
    solid tumours, so they are not added to the haematological panels. An
    unknown type gets the general (tissue-agnostic) panel.
    """
    panel = PANELS[_panel_key(cancer_type, subtype)]
    markers = [_entry(item) for item in panel["markers"]]
    if panel["agnostic"]:
        listed = {m.code for m in markers}
        markers += [_known(code) for code in AGNOSTIC_ORDER if code not in listed]
    return markers


_RANK = ("positive", "negative", "equivocal", "pending", "uncovered", "not_tested", "unknown")


def _kind(result: BiomarkerResult) -> str:
    if result.status == "negative" and result.covers_gene is False:
        return "uncovered"
    return result.status if result.status in _RANK else "unknown"


def _best(results: list[BiomarkerResult]) -> BiomarkerResult | None:
    """The most informative result when a marker was reported more than once."""
    return min(results, key=lambda r: _RANK.index(_kind(r)), default=None)


def _status(m: Marker, result: BiomarkerResult | None) -> MarkerStatus:
    params = {"marker": m.label, "why": m.why}
    kind = _kind(result) if result else "unknown"
    if kind == "positive":
        return MarkerStatus(m, "positive", False, R_POSITIVE, params)
    if kind == "negative":
        reason = R_NEGATIVE_COVERAGE_UNSAID if cast(BiomarkerResult, result).covers_gene is None else R_NEGATIVE
        return MarkerStatus(m, "negative", False, reason, params)
    gaps = {
        "equivocal": ("equivocal", R_EQUIVOCAL_HER2 if m.code == "HER2" else R_EQUIVOCAL),
        "pending": ("pending", R_PENDING),
        "uncovered": ("not_tested", R_NOT_COVERED),
        "not_tested": ("not_tested", R_NOT_TESTED),
        "unknown": ("unknown", R_UNKNOWN),
    }
    state, reason = gaps[kind]
    return MarkerStatus(m, state, True, reason, params)


def _off_panel(code: str, results: list[BiomarkerResult]) -> MarkerStatus:
    m = marker(code) or Marker(code, code, "", "", False)
    on_panel = _status(m, _best(results))
    params = {**on_panel.params, "state": BIOMARKER_STATUSES.get(on_panel.state, on_panel.state)}
    return MarkerStatus(m, on_panel.state, False, R_OFF_PANEL, params)


def biomarker_gaps(cancer_type: str, subtype: str, results: list[BiomarkerResult]) -> list[MarkerStatus]:
    """One row per panel marker (NCCN/ESMO panels), in panel order, then extra tested markers.

    A row is a gap when the marker could open a treatment option and has no
    usable result. Markers reported but not on this cancer's panel are listed
    after it, never as gaps.
    """
    by_code: dict[str, list[BiomarkerResult]] = {}
    for r in results:
        by_code.setdefault(r.marker, []).append(r)
    panel = panel_for(cancer_type, subtype)
    rows = [_status(m, _best(by_code.get(m.code, []))) for m in panel]
    listed = {m.code for m in panel}
    rows += [_off_panel(code, rs) for code, rs in by_code.items() if code not in listed]
    return rows
