"""A case's biomarker results and what they mean, as plain rows in the active language.

The triage panel, the MDT summary, the letter to the local oncologist and the
patient report all show the same picture: each result on record (specimen,
date, assay, clone, VAF, germline or somatic), then the statements of the
interpretation (cases.clinical.biomarkers: actionable now, rules out,
resistance, germline, prognosis), each with its source, then the gaps and
why. Nothing clinical is written here: every sentence is the interpretation's.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases import partial_dates
from cases.assessment import interpretation_for, render
from cases.clinical.biomarkers import GAP_REASONS, SPECIMEN_HINTS, STATEMENT_KINDS, Interpretation
from cases.clinical.biomarkers import codes as bcodes
from cases.clinical.biomarkers.alterations import ALTERATIONS
from cases.clinical.panels import marker, panel_for
from cases.labels import code_label, join_list, label_colon, marker_short_name
from cases.models import Case

# The order a tumour board reads them in: what to do now, what not to do, then the rest.
STATEMENT_ORDER = ("actionable", "rules_out", "resistance", "germline", "prognosis", "later", "note")


def marker_names(code: str) -> tuple[str, str]:
    """(short name, full name) of a marker in the active language; a typed marker's name is shown as typed."""
    m = marker(code)
    if m is None:
        return code, code
    short, name = marker_short_name(code, m.label), _(m.label)
    # A code that is no gene's name (REBIOPSY, AGNOSTIC …) reads better as its label; one the label names as a word
    # of its own (GERMLINE, MRD) stays short. "Tissue-agnostic" does not name AGNOSTIC.
    named = re.search(rf"(?<![\w-]){re.escape(code)}(?!\w)", m.label, re.IGNORECASE)
    return (name, name) if short == code and not named else (short, name)


# Mismatch repair read by IHC (loss of MLH1/MSH2/MSH6/PMS2 staining) is dMMR/pMMR; "MSI-high" is the result of an
# assay that reads the microsatellites themselves (PCR or NGS). The two agree in most tumours but are different
# tests and are reported in different words (CAP/AMP guideline "Mismatch Repair and Microsatellite Instability Testing
# for Immune Checkpoint Inhibitor Therapy", Bartley AN et al., Arch Pathol Lab Med 2022; ASCO endorsement 2023).
MMR_IHC_WORDS = {
    "detected": gettext_noop("dMMR (mismatch-repair deficient)"),
    "not_detected": gettext_noop("pMMR (mismatch-repair proficient)"),
}


def result_names(b) -> tuple[str, str, str]:
    """(short name, full name, result) of one record in the active language, in the words of the assay it was
    read by: an MSI record by IHC is "MMR" and "dMMR (mismatch-repair deficient)", never "MSI-high"; one whose
    assay does not read the microsatellites (PCR, NGS) nor the proteins is named for both, "MSI/MMR"."""
    short, name = marker_names(b.marker)
    result = code_label(bcodes.RESULTS, b.result)
    if b.marker != "MSI":
        return short, name, result
    scope = bcodes.ASSAY_SCOPE.get(b.assay, ())
    if "protein" in scope:
        return (
            _("MMR"),
            _("Mismatch-repair proteins (IHC)"),
            _(MMR_IHC_WORDS[b.result]) if b.result in MMR_IHC_WORDS else result,
        )
    if "msi" not in scope:
        return _("MSI/MMR"), name, result
    return short, name, result


def _number(value: Decimal | float | None) -> str:
    if value is None:
        return ""
    return f"{Decimal(str(value)).normalize():f}"


PERCENT_SCORES = frozenset({"TPS", "TC", "IC"})


def _found(b) -> list[str]:
    """What the result says was found, in words: alteration classes, HER2 IHC and ISH, PD-L1 score, fusion partner."""
    classes = ALTERATIONS.get(b.marker, {})
    found = [_(classes[c][0]) if c in classes else c for c in b.alterations or []]
    if b.her2_ihc:
        found.append(_("HER2 %(score)s") % {"score": _(classes.get(b.her2_ihc, (b.her2_ihc,))[0])})
    if b.her2_ish:
        found.append(code_label(bcodes.ISH_RESULTS, b.her2_ish))
    if b.pdl1_score is not None:
        # CPS is a number (positive cells per 100 tumour cells, capped at 100), not a percentage; TPS, TC and IC are
        # percentages (PD-L1 IHC 22C3 pharmDx interpretation manual, Agilent).
        unit = "%" if b.pdl1_system in PERCENT_SCORES else ""
        found.append(f"{b.pdl1_system or _('score')} {_number(b.pdl1_score)}{unit}")
    if b.fusion_partner:
        found.append(_("partner %(gene)s") % {"gene": b.fusion_partner})
    return found


def _source(b) -> str:
    if b.document_id and b.document:
        return b.document.description or b.document.original_name
    return b.source_report


def document_results(document) -> list[str]:
    """The biomarker results read from one uploaded record, one line each ("EGFR: Detected (positive) · exon 19
    deletion"), for the packet's separator page before that record."""
    lines = []
    for b in document.biomarker_results.all().order_by("marker", "pk"):
        short, _name, result = result_names(b)
        found = join_list(_found(b)) or b.value
        lines.append(f"{short}{label_colon()}{result}" + (f" · {found}" if found else ""))
    return lines


@dataclass(frozen=True)
class _Order:
    panel: dict

    def key(self, b):
        return (self.panel.get(b.marker, len(self.panel)), b.marker, b.when or datetime.date.min, b.pk)


def result_rows(case: Case) -> list[dict]:
    """Each result on record, panel order then oldest first, as the summary table and the triage panel show it."""
    panel = {m.code: i for i, m in enumerate(panel_for(case.cancer_type, case.cancer_subtype))}
    records = sorted((b for b in case.biomarkers.all() if b.result), key=_Order(panel).key)
    rows = []
    for b in records:
        short, name, result = result_names(b)
        rows.append(
            {
                "pk": b.pk,
                "code": b.marker,
                "short": short,
                "name": name,
                "result": result,
                "detected": b.result == "detected",
                "tested": b.result not in ("not_tested", "unknown"),
                "found": join_list(_found(b)),
                "value": b.value,
                "specimen": code_label(bcodes.SPECIMENS, b.specimen),
                "site": b.specimen_site,
                "date": partial_dates.local(
                    b.when, b.collected_on_precision if b.collected_on else b.tested_on_precision
                ),
                # The same date for pages and letters in the reader's language (|when_as_entered).
                "when": partial_dates.of(b, "collected_on" if b.collected_on else "tested_on"),
                "date_is_report": b.collected_on is None and b.tested_on is not None,
                "assay": code_label(bcodes.ASSAYS, b.assay),
                "clone": code_label(bcodes.PDL1_CLONES, b.pdl1_clone),
                "vaf": f"{_number(b.vaf)}%" if b.vaf is not None else "",
                "origin": code_label(bcodes.ORIGINS, b.origin),
                "source": _source(b),
            }
        )
    return rows


def statement_marker(interpretation: Interpretation, code: str) -> str:
    """The heading of a statement about `code`: the marker's short name, except for a positive MSI result, which is
    named in the words of the test that found it ("dMMR" by IHC, "MSI-high" by PCR/NGS, "MSI-high/dMMR" for both or
    an unknown test), as the result column and the gap rows name it (biomarkers.mmr)."""
    if code == "MSI" and interpretation.msi_name:
        return _(interpretation.msi_name)
    return marker_names(code)[0] if code else ""


def statement_sections(interpretation: Interpretation) -> list[dict]:
    """The interpretation's statements by kind, in STATEMENT_ORDER; kinds with nothing to say are left out."""
    sections = []
    for kind in STATEMENT_ORDER:
        items = [
            {
                "code": s.marker,
                "marker": statement_marker(interpretation, s.marker),
                "text": render(s.template, s.params),
                "source": s.source,
            }
            for s in interpretation.statements
            if s.kind == kind
        ]
        if items:
            sections.append({"kind": kind, "title": _(STATEMENT_KINDS[kind]), "items": items})
    return sections


def gap_rows(interpretation: Interpretation) -> list[dict]:
    """Each gap: the marker, why it is a gap here (the reason's label) and why the test matters, with its source."""
    rows = []
    for g in interpretation.gaps:
        short, name = marker_names(g.marker)
        rows.append(
            {
                "code": g.marker,
                "short": short,
                "name": name,
                "reason_code": g.reason,
                "reason": _(GAP_REASONS.get(g.reason, g.reason)),
                "why": render(g.template, g.params),
                "source": g.source,
                "state": g.state,
                "specimen_hint": hint if (hint := _hint(g.specimen_hint)) != name else "",
                "specimen_hint_source": SPECIMEN_HINTS[g.specimen_hint][1] if g.specimen_hint in SPECIMEN_HINTS else "",
            }
        )
    return rows


def _hint(code: str) -> str:
    """Where the test is done, in the active language (the label is data in cases.clinical.biomarkers)."""
    return _(SPECIMEN_HINTS[code][0]) if code in SPECIMEN_HINTS else ""


def panel_note(interpretation: Interpretation) -> dict | None:
    note = interpretation.panel_recommendation
    if note is None:
        return None
    return {"text": render(note.template, note.params), "source": note.source}


def biomarker_picture(case: Case, interpretation: Interpretation | None = None) -> dict:
    """Everything the pages and PDFs show about the biomarkers of `case`, in the active language."""
    interpretation = interpretation or interpretation_for(case)
    return {
        "results": result_rows(case),
        "sections": statement_sections(interpretation),
        "gaps": gap_rows(interpretation),
        "panel": panel_note(interpretation),
        "sources": sources(interpretation),
    }


def sources(interpretation: Interpretation) -> list[str]:
    """Each source the interpretation cites, once, in the order first cited."""
    cited = [s.source for s in interpretation.statements] + [g.source for g in interpretation.gaps]
    if interpretation.panel_recommendation:
        cited.append(interpretation.panel_recommendation.source)
    return list(dict.fromkeys(c for c in cited if c))
