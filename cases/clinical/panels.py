"""Which biomarkers matter for a cancer, and which of them are still gaps.

The panels themselves are data (data/panels.py, data/markers.py), drawn from
the NCCN and ESMO guidelines named on each marker. Whether a marker is a gap
is decided by the interpretation in context (biomarkers.engine): not tested,
not known, pending, equivocal, failed, or "negative" on a test that could not
see the alteration; and not a gap where it cannot apply. "Not tested" and
"negative" are never confused.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, cast

from .biomarkers.record import BiomarkerResult  # re-exported: callers import it from here
from .codes import BIOMARKER_STATUSES
from .data.markers import MARKERS
from .data.panels import AGNOSTIC_ORDER, AGNOSTIC_WHY, PANELS
from .i18n import gettext_noop

if TYPE_CHECKING:
    from .biomarkers.interpretation import Gap, Statement
    from .snapshot import CaseSnapshot


@dataclass(frozen=True)
class Marker:
    code: str
    label: str
    why: str
    guideline: str
    agnostic: bool


@dataclass(frozen=True)
class MarkerStatus:
    marker: Marker  # its `why` and `guideline` are the ones for this cancer; `guideline` names the source of `reason`
    state: str  # positive, negative, equivocal, pending, not_tested, unknown (codes.BIOMARKER_STATUSES)
    is_gap: bool
    reason: str  # gettext_noop template
    params: dict = field(default_factory=dict)
    kind: str = ""  # the statement kind of `reason` (biomarkers.STATEMENT_KINDS), or "gap", or "" for a plain result
    gap_reason: str = ""  # biomarkers.GAP_REASONS code when is_gap


R_POSITIVE = gettext_noop("positive")
R_NEGATIVE = gettext_noop("negative")
R_NOT_COVERED = gettext_noop("negative on a panel that did not cover this gene: not really tested")
R_OFF_PANEL = gettext_noop("%(state)s (not on this cancer's standard panel)")
R_NOT_APPLICABLE = gettext_noop("%(state)s (%(why_not)s)")


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


def _agnostic(code: str) -> Marker:
    base = _known(code)
    why, guideline = AGNOSTIC_WHY.get(code, (base.why, base.guideline))
    return Marker(code, base.label, why, guideline, True)


def _panel_key(cancer_type: str, subtype: str) -> str:
    for key in (f"{cancer_type}/{subtype}", cancer_type):
        if key in PANELS:
            return key
    return "general"


def panel_for(cancer_type: str, subtype: str = "") -> list[Marker]:
    """Markers that matter for this cancer (NCCN/ESMO), type-specific first, then tissue-agnostic.

    Tissue-agnostic approvals (MSI/dMMR, TMB, NTRK, RET, BRAF V600E, HER2 IHC 3+)
    are for solid tumours, so they are not added to the haematological panels. An
    unknown type gets the general (tissue-agnostic) panel.
    """
    panel = PANELS[_panel_key(cancer_type, subtype)]
    markers = [_entry(item) for item in panel["markers"]]
    if panel["agnostic"]:
        listed = {m.code for m in markers}
        markers += [_agnostic(code) for code in AGNOSTIC_ORDER if code not in listed]
    return markers


def _legacy_state(results: list[BiomarkerResult]) -> str:
    if any(r.detected for r in results):
        return "positive"
    return results[-1].status if results else "unknown"


def biomarker_gaps(
    cancer_type: str, subtype: str, results: list[BiomarkerResult], snapshot: "CaseSnapshot | None" = None
) -> list[MarkerStatus]:
    """One row per panel marker, in panel order, then the other markers on record and the extra tests needed.

    The rows follow the interpretation in context (biomarkers.engine): a
    positive row carries the cancer-specific statement for it (what it opens,
    or what it rules out), a gap row why the test is still needed, and a
    marker that does not apply here (other drivers once one is found,
    endocrine markers in hormone receptor negative disease, ...) is no gap.
    Pass the case `snapshot` so treatment history and the patient's age count.
    """
    from dataclasses import replace

    from .biomarkers.engine import build_context, interpret, read_panel
    from .snapshot import CaseSnapshot

    base = snapshot or CaseSnapshot()
    snap = replace(base, cancer_type=cancer_type, cancer_subtype=subtype, biomarkers=tuple(results))
    reading = interpret(snap)
    ctx = build_context(snap, date.today())
    gaps = {g.marker: g for g in reading.gaps}
    # The one tissue-agnostic row stands for each marker it names: each of them is a gap in this per-marker table.
    group = gaps.pop("AGNOSTIC", None)
    if group is not None:
        for code in group.params["codes"]:
            gaps.setdefault(code, group)
    firsts: dict[str, Statement] = {}
    for st in reading.statements:
        firsts.setdefault(st.marker, st)
    rows, listed = [], set()
    for r in read_panel(ctx):
        listed.add(r.item.code)
        m = Marker(r.item.code, r.item.label, r.item.why, r.item.guideline, _known(r.item.code).agnostic)
        rows.append(_row(m, ctx.records(m.code), gaps.get(m.code), firsts.get(m.code), r.not_applicable))
    for code, records in ctx.by_marker.items():
        if code not in listed:
            listed.add(code)
            m = marker(code) or Marker(code, code, "", "", False)
            rows.append(_row(m, records, gaps.get(code), firsts.get(code), "", off_panel=True))
    for code, gap in gaps.items():
        if code not in listed:
            m = marker(code) or Marker(code, code, "", "", False)
            rows.append(_row(m, [], gap, None, ""))
    return rows


def _row(
    m: Marker,
    records: list[BiomarkerResult],
    gap: "Gap | None",
    statement: "Statement | None",
    not_applicable: str,
    off_panel: bool = False,
) -> MarkerStatus:
    state = _legacy_state(records)
    if gap is not None:
        # A positive marker can still be a gap (re-tested for resistance after progression): it stays positive.
        shown = Marker(m.code, m.label, m.why, gap.source or m.guideline, m.agnostic)
        gap_state = state if state == "positive" else gap.state
        return MarkerStatus(shown, gap_state, True, gap.template, gap.params, "gap", gap.reason)
    if statement is not None:
        shown = Marker(m.code, m.label, m.why, statement.source or m.guideline, m.agnostic)
        return MarkerStatus(shown, state, False, statement.template, statement.params, statement.kind)
    label = BIOMARKER_STATUSES.get(state, state)
    if not_applicable:
        return MarkerStatus(m, state, False, R_NOT_APPLICABLE, {"state": label, "why_not": not_applicable}, "")
    if off_panel:
        return MarkerStatus(m, state, False, R_OFF_PANEL, {"state": label}, "")
    reason = {"positive": R_POSITIVE, "negative": R_NEGATIVE}.get(state, label)
    return MarkerStatus(m, state, False, reason, {}, "")
