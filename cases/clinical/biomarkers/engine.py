"""Reading the biomarkers of a case in its context: what each result opens, rules out or means, and what is missing.

Implements, as data-driven rules (data/biomarker_rules.py, data/biomarker_gaps.py):
- cancer- and variant-specific statements (NCCN 2025, ESMO 2023-2024 and the
  regulators' decisions named on each rule); tissue-agnostic statements only
  where no cancer-specific one exists for the marker;
- mutually exclusive NSCLC drivers (ESMO oncogene-addicted mNSCLC 2023);
- resistance testing after progression on targeted therapy, and markers an
  earlier negative no longer settles (ESR1, NCCN Breast 2025);
- negatives that do not count because the assay could not see the alteration
  (IASLC/CAP/AMP 2018; ESMO NGS 2024; IASLC liquid biopsy 2021; ESMO mCRC 2023
  extended RAS; ASCO/CAP HER2 2023 and HER2-low);
- germline testing where guidelines ask for it (NCCN Genetic/Familial 2025,
  ASCO-SSO 2024, NCCN Pancreatic/Prostate/Ovarian 2025, ATA 2015);
- ELN 2022 risk for AML and the IMWG 2025 high-risk definition for myeloma.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from ..cancer_types import HAEMATOLOGICAL
from ..data.biomarker_gaps import (
    AFTER_GIVEN_WHY,
    AGNOSTIC_GROUP,
    AGNOSTIC_GROUP_SOURCE,
    AGNOSTIC_KINASE_MARKERS,
    CTDNA_NEGATIVE_COUNTS,
    DRIVER_CLASSES,
    EXCLUSIVE_DRIVERS,
    GAP_TEXT,
    IO_POOR_DRIVERS,
    NEEDS,
    NEEDS_BY_CANCER,
    NSCLC_DRIVERS,
    PANEL_METHODS,
    PANEL_RECOMMENDATION_MIN_GAPS,
    PANEL_RECOMMENDATION_SOURCE,
    PANEL_RECOMMENDATION_SOURCES,
    RAS_EXONS,
    RESISTANCE,
    RETEST_AT_PROGRESSION,
)
from ..data.biomarker_rules import RULES, Rule
from ..data.drugs import DRUG_CLASSES_BY_NAME
from ..data.pdl1_assays import ASSAY_CONTEXTS, PATIENT_ASSAY_NOTE, AssayContext
from ..i18n import gettext_noop
from ..snapshot import CaseSnapshot, TreatmentLineInfo
from .codes import SCOPES
from .context import disease_setting
from .interpretation import Gap, Interpretation, Statement
from .mmr import DMMR, LOSS_MLH1, LOSS_NOT_MLH1, LOSS_UNKNOWN, MSI_HIGH, msi_found, msi_found_short, protein_loss
from .record import BiomarkerResult
from .risk import NGS_ASSAYS, S_FLT3_PCR, aml_risk_statement, myeloma_risk_statement

SCORED = frozenset({"HER2", "PDL1", "CLDN18", "FOLR1", "KI67"})
GAP_RESULTS = ("pending", "equivocal", "failed", "insufficient", "not_tested", "unknown")


def line_classes(line: TreatmentLineInfo) -> frozenset[str]:
    """The drug classes of a treatment line: as given, else read from the regimen text."""
    if line.drug_classes:
        return frozenset(line.drug_classes)
    text = line.regimen.lower()
    return frozenset(c for name, classes in DRUG_CLASSES_BY_NAME.items() if name in text for c in classes)


@dataclass
class Context:
    snapshot: CaseSnapshot
    today: date
    by_marker: dict[str, list[BiomarkerResult]] = field(default_factory=dict)
    received: frozenset[str] = frozenset()
    progressed: dict[str, date | None] = field(default_factory=dict)  # drug class -> latest progression date

    @property
    def cancer(self) -> str:
        return self.snapshot.cancer_type

    @property
    def subtype(self) -> str:
        return self.snapshot.cancer_subtype

    @property
    def setting(self) -> str:
        """The disease setting now (context.DISEASE_SETTINGS code)."""
        return disease_setting(self.snapshot)

    def records(self, marker: str) -> list[BiomarkerResult]:
        return self.by_marker.get(marker, [])

    def detected(self, marker: str, classes: Iterable[str] = ()) -> bool:
        wanted = tuple(classes)
        for r in self.records(marker):
            if r.detected and (not wanted or any(c in r.alterations for c in wanted)):
                return True
            if marker in SCORED and wanted and any(c in r.alterations for c in wanted):
                return True
        return False

    def negative(self, marker: str) -> bool:
        return any(r.result == "not_detected" for r in self.records(marker)) and not self.detected(marker)

    def driver(self) -> str:
        """The confirmed NSCLC driver, or "".

        A positive result without its variant class counts for the markers whose
        positive result is always a driver; a MET or HER2 "positive" could be an
        amplification or an IHC score, so it needs its class.
        """
        for m in NSCLC_DRIVERS:
            if self.detected(m, DRIVER_CLASSES.get(m, ())):
                return m
            unclassified = any(r.detected and not r.alterations for r in self.records(m))
            if unclassified and m not in ("MET", "HER2"):
                return m
        return ""


def build_context(snapshot: CaseSnapshot, today: date) -> Context:
    by_marker: dict[str, list[BiomarkerResult]] = {}
    for r in snapshot.biomarkers:
        by_marker.setdefault(r.marker, []).append(r)
    for records in by_marker.values():
        records.sort(key=lambda r: r.when or date.min)
    received: set[str] = set()
    progressed: dict[str, date | None] = {}
    for line in snapshot.treatment_lines:
        classes = line_classes(line)
        received |= classes
        if line.progressed:
            when = line.end or line.start
            for c in classes:
                prior = progressed.get(c)
                progressed[c] = when if prior is None or (when and when > prior) else prior
    return Context(snapshot, today, by_marker, frozenset(received), progressed)


# --- context predicates -------------------------------------------------------------------------------------------


def _hr_positive(ctx: Context) -> bool:
    if ctx.detected("ER") or ctx.detected("PR"):
        return True
    return ctx.subtype == "hr_pos_her2_neg"


def _hr_negative(ctx: Context) -> bool:
    if ctx.detected("ER") or ctx.detected("PR"):
        return False
    return (ctx.negative("ER") and ctx.negative("PR")) or ctx.subtype == "triple_negative"


def _her2_positive(ctx: Context) -> bool:
    return ctx.subtype == "her2_pos" or ctx.detected("HER2", ("ihc_3plus", "ish_amplified", "amplification"))


def _ras_wild_type(ctx: Context) -> bool:
    return all(_covering_negative(ctx, m) for m in ("KRAS", "NRAS")) and not ctx.detected("BRAF", ("V600E",))


NON_METASTATIC_STAGES = frozenset(
    {"0", "I", "IA", "IB", "II", "IIA", "IIB", "IIC", "III", "IIIA", "IIIB", "IIIC", "IVA"}
)


def _non_metastatic(ctx: Context) -> bool:
    """Recorded as not metastatic: stage 0-III (or IVA, which is M0 in gastric cancer, AJCC 8th edition) or M0,
    with no M1, no metastatic site and no relapse. An unknown stage is not counted as non-metastatic."""
    s = ctx.snapshot
    if s.m.startswith("M1") or s.metastatic_sites or ctx.setting == "relapsed_refractory":
        return False
    return s.m.startswith("M0") or s.stage_group in NON_METASTATIC_STAGES


def _score(ctx: Context, marker: str) -> float | None:
    scores = [r.score for r in ctx.records(marker) if r.score is not None]
    return scores[-1] if scores else None


PREDICATES = {
    "hr_positive": _hr_positive,
    "hr_negative": _hr_negative,
    "her2_positive": _her2_positive,
    "triple_negative": lambda ctx: _hr_negative(ctx) and not _her2_positive(ctx),
    "ras_wild_type": _ras_wild_type,
    "left_sided": lambda ctx: ctx.subtype in ("left_sided", "rectal"),
    "right_sided": lambda ctx: ctx.subtype == "right_sided",
    "side_unknown": lambda ctx: ctx.subtype in ("", "unknown"),
    "msi_high": lambda ctx: ctx.detected("MSI"),
    # Which mismatch-repair proteins the MSI/MMR result lost (biomarkers.mmr.protein_loss; NICE DG27 2017).
    "mmr_loss_mlh1": lambda ctx: protein_loss(ctx.records("MSI")) == LOSS_MLH1,
    "mmr_loss_not_mlh1": lambda ctx: protein_loss(ctx.records("MSI")) == LOSS_NOT_MLH1,
    "mmr_loss_unknown": lambda ctx: protein_loss(ctx.records("MSI")) == LOSS_UNKNOWN,
    "non_metastatic": _non_metastatic,
    "io_poor_driver": lambda ctx: ctx.driver() in IO_POOR_DRIVERS,
    # context.DISEASE_SETTINGS: relapse-only approvals are "now" only in relapsed or refractory disease.
    "relapsed_refractory": lambda ctx: ctx.setting == "relapsed_refractory",
    "in_remission": lambda ctx: ctx.setting == "remission",
}


def _holds(name: str, ctx: Context, record: BiomarkerResult | None) -> bool:
    if name in PREDICATES:
        return PREDICATES[name](ctx)
    kind, _, arg = name.partition(":")
    if kind == "progressed_on":
        return arg in ctx.progressed
    if kind == "received":
        return arg in ctx.received
    if kind == "driver":
        return ctx.driver() == arg
    if kind == "cancer":
        return ctx.cancer == arg
    if name == "germline":
        return record is not None and record.origin == "germline"
    if name == "has_class":
        return record is not None and bool(record.alterations)
    if name == "has_score":
        return record is not None and record.score is not None
    for op in (">=", "<"):
        if name.startswith("score" + op):
            score = record.score if record is not None else None
            if score is None:
                return False
            limit = float(name[len("score" + op) :])
            return score >= limit if op == ">=" else score < limit
    raise KeyError(f"unknown rule predicate {name!r}")


# --- statements ---------------------------------------------------------------------------------------------------


def _cancer_matches(rule: Rule, ctx: Context) -> bool:
    keys = {ctx.cancer, f"{ctx.cancer}/{ctx.subtype}", "ANY"}
    if ctx.cancer and ctx.cancer not in HAEMATOLOGICAL:
        keys.add("SOLID")
    return bool(keys & set(rule.cancers))


def _record_matches(rule: Rule, record: BiomarkerResult, ctx: Context) -> bool:
    if rule.match == ("negative",):
        if record.result != "not_detected" or not _covers(ctx, record)[0]:
            return False
    elif record.marker in SCORED and record.result in ("detected", "not_detected"):
        if rule.match and not any(c in record.alterations for c in rule.match):
            return False
        if not rule.match and record.result != "detected" and record.score is None:
            return False
    elif not record.detected or (rule.match and not any(c in record.alterations for c in rule.match)):
        return False
    return all(_holds(p, ctx, record) for p in rule.when) and not any(_holds(p, ctx, record) for p in rule.unless)


def _representative(records: list[BiomarkerResult]) -> BiomarkerResult | None:
    """The record a statement reads: the latest positive, else the latest result with a score or a negative."""
    for r in reversed(records):
        if r.detected:
            return r
    for r in reversed(records):
        if r.result == "not_detected" or r.score is not None or r.alterations:
            return r
    return None


def _statements(ctx: Context) -> list[Statement]:
    out: list[Statement] = []
    for marker, records in ctx.by_marker.items():
        record = _representative(records)
        if record is None:
            continue
        rules = [r for r in RULES if r.marker == marker and _cancer_matches(r, ctx)]
        specific = [r for r in rules if "SOLID" not in r.cancers and "ANY" not in r.cancers]
        agnostic = [r for r in rules if "SOLID" in r.cancers]
        anywhere = [r for r in rules if "ANY" in r.cancers]
        matched = [r for r in specific if _record_matches(r, record, ctx)]
        if not any(r.kind != "germline" for r in matched) and not [r for r in specific if r.kind != "germline"]:
            matched += [r for r in agnostic if _record_matches(r, record, ctx)]
        matched += [r for r in anywhere if _record_matches(r, record, ctx)]
        for rule in matched:
            out.append(
                Statement(rule.kind, marker, rule.text, _params(rule, ctx), rule.source, record.record_id, rule.patient)
            )
        for name in dict.fromkeys(rule.assay for rule in matched if rule.assay):
            out += assay_notes(ASSAY_CONTEXTS[name], record)
    return out


def _params(rule: Rule, ctx: Context) -> dict:
    """A rule about the patient's own MSI result names it as found: "%(msi)s" is dMMR, MSI-high or both."""
    return {"msi": msi_found(ctx.records("MSI"))} if "%(msi)s" in rule.text else {}


# The clone code "other" has no name to print.
OTHER_CLONE = gettext_noop("an antibody other than the named clones")


def assay_notes(context: AssayContext, record: BiomarkerResult) -> list[Statement]:
    """What a cut-off read from this result needs saying: a score in another scoring system, a clone the cut-off
    was not validated with, or no clone recorded (data/pdl1_assays: FDA/CE companion diagnostics, Blueprint 2).
    """
    found: list[tuple[str, dict, str]] = []
    if record.scoring and record.scoring not in context.scoring:
        found.append((context.wrong_scoring, {"scoring": record.scoring}, context.source))
    if not context.checks_clone:
        pass
    elif not record.clone:
        found.append((context.unknown, {}, context.source))
    elif record.clone in context.by_clone:
        text, source = context.by_clone[record.clone]
        found.append((text, {}, source))
    elif record.clone not in context.validated:
        clone = OTHER_CLONE if record.clone == "other" else record.clone
        found.append((context.other, {"clone": clone}, context.source))
    return [
        Statement("note", record.marker, text, params, source, record.record_id, PATIENT_ASSAY_NOTE)
        for text, params, source in found
    ]


# --- coverage of a negative -----------------------------------------------------------------------------------------


def _scope(record: BiomarkerResult) -> set[str]:
    scope = set(record.effective_scope())
    if "mutations" in scope:
        scope.add("hotspots")
    return scope


def _covers(ctx: Context, record: BiomarkerResult) -> tuple[bool, str, dict]:
    """Whether a negative record rules the marker out; if not, the gap reason code and its params."""
    if ctx.cancer == "aml" and record.marker == "FLT3" and record.assay in NGS_ASSAYS:
        return False, "flt3_itd_pcr", {}
    if record.covers_gene is False:
        return False, "assay_blind", {"what": gettext_noop("this gene")}
    if (record.assay == "ctdna_ngs" or record.specimen == "plasma") and record.marker not in CTDNA_NEGATIVE_COUNTS:
        if record.marker in NEEDS or (ctx.cancer, record.marker) in NEEDS_BY_CANCER:
            return False, "ctdna_negative", {}
    if ctx.cancer == "colorectal" and record.marker in ("KRAS", "NRAS") and record.exons_tested:
        if not RAS_EXONS <= set(record.exons_tested):
            exons = ", ".join(str(e) for e in sorted(record.exons_tested))
            return False, "exons_limited", {"gene": record.marker, "exons": exons}
    if record.marker == "HER2" and ctx.cancer in ("breast", "gastric_oesophageal") and not record.alterations:
        if record.score is None:
            return False, "her2_score_missing", {}
    if record.covers_gene is True:
        return True, "", {}
    needs = NEEDS_BY_CANCER.get((ctx.cancer, record.marker)) or NEEDS.get(record.marker)
    if not needs or not record.assay or record.assay in ("other", "unknown"):
        return True, "", {}
    scope = _scope(record)
    if any(set(alternative) <= scope for alternative in needs):
        return True, "", {}
    missing = sorted(set(needs[0]) - scope)
    return False, "assay_blind", {"what": [SCOPES[m] for m in missing if m in SCOPES]}


def _covering_negative(ctx: Context, marker: str) -> bool:
    negatives = [r for r in ctx.records(marker) if r.result == "not_detected"]
    return bool(negatives) and any(_covers(ctx, r)[0] for r in negatives)


# --- gaps ------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PanelItem:
    code: str
    label: str
    why: str
    guideline: str
    agnostic_only: bool = False  # on this panel only through a tissue-agnostic approval


R_NOT_TESTED = gettext_noop("not tested: %(why)s")
R_UNKNOWN = gettext_noop("not known whether tested: %(why)s")
R_PENDING = gettext_noop("awaiting result")
R_EQUIVOCAL = gettext_noop("equivocal: needs a confirmatory test")
R_EQUIVOCAL_HER2 = gettext_noop("equivocal (e.g. HER2 IHC 2+): needs confirmation by ISH")

_SIMPLE = {
    "pending": ("pending", "pending", R_PENDING),
    "equivocal": ("equivocal", "equivocal", R_EQUIVOCAL),
    "failed": ("failed", "not_tested", GAP_TEXT["failed"]),
    "insufficient": ("failed", "not_tested", GAP_TEXT["failed"]),
    "not_tested": ("not_tested", "not_tested", R_NOT_TESTED),
    "unknown": ("unknown", "unknown", R_UNKNOWN),
}


def _latest_progression(ctx: Context, classes: Iterable[str]) -> date | bool:
    """The latest progression date on any of `classes`; True when it happened but is undated; False if never."""
    found = [ctx.progressed[c] for c in classes if c in ctx.progressed]
    if not found:
        return False
    dated = [d for d in found if d is not None]
    return max(dated) if dated else True


def _after(record: BiomarkerResult, when: date | bool) -> bool:
    if when is True:
        return False  # progression undated: only a result we know is newer would do; we cannot know
    return record.when is not None and isinstance(when, date) and record.when >= when


def marker_gap(ctx: Context, item: PanelItem) -> Gap | None:
    """The gap for one panel marker, or None when its result is usable."""
    records = ctx.records(item.code)
    if item.code == "GERMLINE":  # a germline BRCA or HRR result is a germline test on record
        records = records + [r for m in ("BRCA", "HRR") for r in ctx.records(m) if r.origin == "germline"]
    params = {"why": _why(ctx, item), "marker": item.label}
    if any(r.detected for r in records):
        return None
    retest = RETEST_AT_PROGRESSION.get((ctx.cancer, item.code))
    negatives = [r for r in records if r.result == "not_detected"]
    if negatives:
        reason, extra = "", dict[str, object]()
        for r in reversed(negatives):
            ok, reason, extra = _covers(ctx, r)
            if ok:
                if retest:
                    when = _latest_progression(ctx, retest[0])
                    if when is not False and not _after(r, when):
                        return Gap(
                            item.code,
                            "retest_at_progression",
                            GAP_TEXT["retest_at_progression"],
                            {"why": retest[1]},
                            retest[2],
                            "negative",
                            "plasma",
                        )
                return None
        template = GAP_TEXT[reason]
        source = S_FLT3_PCR if reason == "flt3_itd_pcr" else item.guideline
        return Gap(item.code, reason, template, {**params, **extra}, source, "not_tested")
    latest = records[-1].result if records else "unknown"
    reason, state, template = _SIMPLE.get(latest, _SIMPLE["unknown"])
    if latest == "equivocal" and item.code == "HER2":
        template = R_EQUIVOCAL_HER2
    return Gap(item.code, reason, template, params, item.guideline, state)


def _why(ctx: Context, item: PanelItem) -> str:
    """Why the test matters: the panel's reason, or the one for after the medicine it guides (AFTER_GIVEN_WHY)."""
    drug_class, after = AFTER_GIVEN_WHY.get(item.code, ("", ""))
    return after if drug_class and drug_class in ctx.received else item.why


def _applies(ctx: Context, code: str, agnostic_only: bool = False) -> str:
    """ "" when the marker applies here, else why it does not (a gettext_noop template)."""
    cancer = ctx.cancer
    if code == "TMB" and ctx.detected("MSI"):
        return {MSI_HIGH: R_MSI_FOUND, DMMR: R_DMMR_FOUND}.get(msi_found(ctx.records("MSI")), R_MSI_DMMR_FOUND)
    if code in ("MSI", "TMB") and cancer in IO_REGARDLESS:
        return R_IO_REGARDLESS
    if code in AFTER_PRIOR_TREATMENT and agnostic_only and not ctx.progressed:
        return R_AFTER_PRIOR_TREATMENT
    if agnostic_only and code in AGNOSTIC_KINASE_MARKERS and _exclusive_driver(ctx, code):
        return R_EXCLUSIVE_DRIVER
    if cancer == "nsclc":
        driver = ctx.driver()
        if driver and code != driver and (code in NSCLC_DRIVERS or code in ("TMB", "MSI")):
            return R_DRIVER_FOUND
        if code == "PDL1" and driver in IO_POOR_DRIVERS:
            return R_IO_POOR
    if cancer == "breast":
        if code in ("ESR1", "PIK3CA", "AKT1", "PTEN") and (_hr_negative(ctx) or _her2_positive(ctx)):
            return R_HR_NEGATIVE if _hr_negative(ctx) else R_HER2_POSITIVE
        if code in ("ER", "PR") and ctx.subtype in ("hr_pos_her2_neg", "triple_negative"):
            return R_SUBTYPE_KNOWN
        if code == "PDL1" and not PREDICATES["triple_negative"](ctx):
            return R_NOT_TNBC
        if code == "BRCA" and ctx.records("GERMLINE"):
            return R_GERMLINE_DONE
    if cancer == "colorectal":
        if code == "HER2" and (ctx.detected("KRAS") or ctx.detected("NRAS")):
            return R_RAS_MUTATED
    if cancer == "pancreatic" and code in ("NRG1",) and ctx.detected("KRAS"):
        return R_KRAS_MUTATED
    if cancer == "aml":
        return _aml_applies(ctx, code)
    if cancer == "cml" and code == "ABL1_KD" and "bcr_abl_tki" not in ctx.progressed:
        return R_ONLY_AT_RESISTANCE
    if code in ("DPYD", "UGT1A1") and _tolerated(ctx, "fluoropyrimidine" if code == "DPYD" else "irinotecan"):
        return R_TOLERATED
    return ""


def _exclusive_driver(ctx: Context, code: str) -> str:
    """A confirmed driver that excludes the tissue-agnostic kinase marker `code`, or "" (data: EXCLUSIVE_DRIVERS)."""
    for marker, classes in EXCLUSIVE_DRIVERS.items():
        if marker == code:
            continue
        if marker == "HER2" and _her2_positive(ctx):
            return marker
        if any(r.detected and (not classes or any(c in r.alterations for c in classes)) for r in ctx.records(marker)):
            return marker
    return ""


# How long a line must have run before it shows the dose is tolerated: the severe toxicity of DPD deficiency, and of
# reduced UGT1A1 activity on irinotecan, mostly comes in the first one or two cycles (e.g. grade 3-4 toxicity of DPD
# deficiency in capecitabine's first cycle, PMC4880770). Six weeks is two 3-weekly or three 2-weekly cycles; the
# figure is the oncologist reviewer's judgement (2026-12-01), not a guideline's.
TOLERATED_AFTER_DAYS = 42


def _tolerated(ctx: Context, drug_class: str) -> bool:
    """The medicine was already given long enough to show it is tolerated, and nothing stopped for side effects (the
    safety test no longer decides). A line still in its first weeks, or with no start date while it goes on, does
    not show that yet: the test is still asked for."""
    lines = [line for line in ctx.snapshot.treatment_lines if drug_class in line_classes(line)]
    if not lines or any(line.stop_reason == "toxicity" for line in lines):
        return False
    return any(_ran_long_enough(line, ctx.today) for line in lines)


def _ran_long_enough(line, today: date) -> bool:
    if line.start is None:
        return not line.ongoing and line.end is not None  # a finished line, its start not known
    until = line.end if line.end is not None and not line.ongoing else today
    return (until - line.start).days >= TOLERATED_AFTER_DAYS


_AML_CLASS_DEFINING = ("PML_RARA", "NPM1", "CBF", "KMT2A", "CEBPA")
_AML_FAVOURABLE = ("NPM1", "CBF", "CEBPA")


def _aml_in_remission(ctx: Context) -> bool:
    return ctx.setting == "remission"


def _aml_applies(ctx: Context, code: str) -> str:
    found = [m for m in _AML_CLASS_DEFINING if ctx.detected(m)]
    if found and code in _AML_CLASS_DEFINING and code not in found:
        return R_AML_CLASS_FOUND
    if code == "MR_GENES" and any(m in found for m in _AML_FAVOURABLE):
        return R_AML_FAVOURABLE
    if code == "PML_RARA" and ctx.snapshot.treatment_lines:
        return R_AML_APL_SETTLED
    if code in ("MRD", "HLA") and not ctx.snapshot.treatment_lines:
        return R_AML_AFTER_INDUCTION
    return ""


# Cancers whose standard immunotherapy does not depend on MSI or TMB (NCCN Melanoma, Kidney, Hepatobiliary,
# Mesothelioma 2025).
IO_REGARDLESS = frozenset({"melanoma", "renal", "hcc", "mesothelioma"})
# Tissue-agnostic approvals after prior treatment only (with no satisfactory alternative): pembrolizumab for
# MSI-high/dMMR (FDA May 2017, regular 2023; Marcus L et al., Clin Cancer Res 2019), TMB-high (FDA 2020), trastuzumab
# deruxtecan for HER2 IHC 3+ (FDA 2024). Where MSI is on the cancer's own panel (Lynch, first-line immunotherapy) it
# is asked for whatever the treatment history.
AFTER_PRIOR_TREATMENT = frozenset({"TMB", "HER2", "MSI"})
R_AFTER_PRIOR_TREATMENT = gettext_noop("needed once a first treatment has stopped working (tissue-agnostic approval)")
R_EXCLUSIVE_DRIVER = gettext_noop(
    "not needed: a driver found in this cancer excludes it (these alterations rarely occur together)"
)
# Named for the test that found it (biomarkers.mmr: CAP/AMP MMR and MSI testing guideline, Bartley 2022).
R_MSI_FOUND = gettext_noop("not needed: MSI-high already opens immunotherapy")
R_DMMR_FOUND = gettext_noop("not needed: dMMR (mismatch-repair deficiency) already opens immunotherapy")
R_MSI_DMMR_FOUND = gettext_noop("not needed: MSI-high/dMMR already opens immunotherapy")
R_IO_REGARDLESS = gettext_noop("not needed: immunotherapy in this cancer does not depend on it")
R_DRIVER_FOUND = gettext_noop(
    "not needed: a driver is already confirmed, and lung cancer drivers rarely occur together"
)
R_IO_POOR = gettext_noop("not needed: with this driver PD-L1 does not make immunotherapy an option")
R_HR_NEGATIVE = gettext_noop("does not apply: endocrine-therapy markers are for hormone receptor positive disease")
R_HER2_POSITIVE = gettext_noop("does not apply in HER2-positive disease (no approved use)")
R_SUBTYPE_KNOWN = gettext_noop("receptor status already given by the subtype")
R_NOT_TNBC = gettext_noop("does not apply: PD-L1 guides treatment only in triple-negative breast cancer")
R_GERMLINE_DONE = gettext_noop("the germline test answers this")
R_RAS_MUTATED = gettext_noop("does not apply: HER2-directed treatment is for RAS wild-type bowel cancer")
R_KRAS_MUTATED = gettext_noop("rarely relevant: NRG1 fusions occur in KRAS wild-type pancreatic cancer")
R_ONLY_AT_RESISTANCE = gettext_noop("needed only when the response to treatment is lost")
R_TOLERATED = gettext_noop("the medicine was already given without stopping for side effects")
R_AML_CLASS_FOUND = gettext_noop("not needed: the AML is already classified by another defining abnormality")
R_AML_FAVOURABLE = gettext_noop("not needed: these mutations do not change a favourable-risk group (ELN 2022)")
R_AML_APL_SETTLED = gettext_noop("not needed now: treatment for non-APL leukaemia has already been given")
R_AML_AFTER_INDUCTION = gettext_noop("needed after induction treatment")


def _resistance_gaps(ctx: Context) -> list[Gap]:
    gaps = []
    for drug_class, tests in RESISTANCE.items():
        when = _latest_progression(ctx, (drug_class,))
        if when is False:
            continue
        for marker, why, source, hint, classes in tests:
            if drug_class == "egfr_tki" and marker == "EGFR" and not classes_wanted_egfr(ctx):
                continue
            newer = [r for r in ctx.records(marker) if _after(r, when) and r.result in ("detected", "not_detected")]
            if newer and (not classes or any(r.result == "not_detected" or r.has(*classes) for r in newer)):
                continue
            if any(r.has(*classes) for r in ctx.records(marker)) and classes:
                continue
            gaps.append(Gap(marker, "resistance", why, {}, source, "not_tested", hint))
    return gaps


def classes_wanted_egfr(ctx: Context) -> bool:
    return ctx.detected("EGFR")


def _germline_gaps(ctx: Context) -> list[Gap]:
    """Germline testing asked for by guidelines, unless a germline result is on record."""
    germline_done = any(r.result in ("detected", "not_detected") for r in ctx.records("GERMLINE")) or any(
        r.origin == "germline" and r.result in ("detected", "not_detected") for r in ctx.records("BRCA")
    )
    if germline_done:
        return []
    gaps = []
    if ctx.detected("MSI"):
        gap = _lynch_gap(ctx)
        if gap:
            gaps.append(gap)
    somatic_hrr = any(r.detected and r.origin != "germline" for m in ("BRCA", "HRR") for r in ctx.records(m))
    if somatic_hrr and not gaps and ctx.cancer not in HAEMATOLOGICAL:
        gaps.append(
            Gap("GERMLINE", "germline", GAP_TEXT["germline_confirm"], {}, _S_GERMLINE, "not_tested", "blood_germline")
        )
    if ctx.cancer == "breast" and not gaps and not ctx.records("GERMLINE"):
        gap = _breast_germline(ctx)
        if gap:
            gaps.append(gap)
    return gaps


_S_LYNCH = "NCCN Genetic/Familial High-Risk Assessment: Colorectal, Endometrial and Gastric 2024; ESMO 2019"
_S_LYNCH_PATTERN = "NICE DG27 2017 (colorectal cancer); NICE DG42 2020 (endometrial cancer)"
_S_GERMLINE = "NCCN Genetic/Familial High-Risk Assessment 2025; ESMO precision medicine 2024"
_S_BREAST_GERMLINE = "ASCO-SSO hereditary breast cancer 2024; NCCN Breast 2025"


def _lynch_gap(ctx: Context) -> Gap | None:
    """Germline testing for Lynch syndrome after an MSI-high/dMMR result, by the proteins lost (NICE DG27 2017,
    colorectal; NICE DG42 2020, endometrial). MLH1 promoter methylation, or BRAF V600E in colorectal cancer only,
    explains a loss of MLH1/PMS2 (or an MSI assay result: DG27's MSI strategy stops at BRAF V600E too); it does not
    explain a loss of MSH2, MSH6 or isolated PMS2, which goes straight to germline testing."""
    found = {"msi": msi_found(ctx.records("MSI"))}
    if protein_loss(ctx.records("MSI")) == LOSS_NOT_MLH1:
        text = GAP_TEXT["msi_lynch_not_mlh1"]
        return Gap("GERMLINE", "germline", text, found, _S_LYNCH_PATTERN, "not_tested", "blood_germline")
    sporadic = ctx.detected("MSI", ("mlh1_methylated",)) or (
        ctx.cancer == "colorectal" and ctx.detected("BRAF", ("V600E",))
    )
    if sporadic:
        return None
    if ctx.detected("MSI", ("mlh1_unmethylated",)):
        # The methylation test was done and was negative: no sporadic explanation left, germline testing next (NICE
        # DG27 2017: BRAF wild-type, MLH1 promoter not hypermethylated -> germline; DG42 2020 likewise).
        text = GAP_TEXT["msi_lynch_unmethylated"]
        return Gap("GERMLINE", "germline", text, found, _S_LYNCH_PATTERN, "not_tested", "blood_germline")
    if ctx.cancer == "colorectal" and _covering_negative(ctx, "BRAF"):
        # BRAF wild-type bowel cancer that lost MLH1 (or whose pattern is not recorded): the tumour block's MLH1
        # promoter methylation comes before the germline test.
        text = GAP_TEXT["msi_lynch_braf_negative"]
        return Gap("GERMLINE", "lynch_screen", text, found, _S_LYNCH, "not_tested", "tissue")
    return Gap("GERMLINE", "germline", GAP_TEXT["msi_lynch"], found, _S_LYNCH, "not_tested", "blood_germline")


def _age_at_diagnosis(s: CaseSnapshot) -> int | None:
    if not (s.patient_birth_date and s.diagnosis_date):
        return None
    b, d = s.patient_birth_date, s.diagnosis_date
    return d.year - b.year - ((d.month, d.day) < (b.month, b.day))


def _breast_germline(ctx: Context) -> Gap | None:
    """ASCO-SSO 2024: BRCA1/2 for everyone diagnosed at 65 or younger, and for every PARP inhibitor candidate."""
    if not _her2_positive(ctx):
        return Gap("GERMLINE", "germline", GAP_TEXT["germline_breast_parp"], {}, _S_BREAST_GERMLINE, "not_tested")
    age = _age_at_diagnosis(ctx.snapshot)
    if age is not None and age <= 65:
        return Gap("GERMLINE", "germline", GAP_TEXT["germline_breast_risk"], {}, _S_BREAST_GERMLINE, "not_tested")
    return None


def _aml_extra(ctx: Context, gaps: list[Gap]) -> list[Gap]:
    """AML: the MRD method that fits the genetics, HLA typing, karyotype; tests in remission on the diagnostic sample."""
    out = []
    in_cr = _aml_in_remission(ctx)
    for gap in gaps:
        if gap.marker == "MRD":
            key = "aml_mrd_npm1" if ctx.detected("NPM1") else "aml_mrd_cbf" if ctx.detected("CBF") else "aml_mrd_flow"
            gap = Gap(
                "MRD", "mrd", GAP_TEXT[key], {}, "ELN 2022; ELN MRD 2021 (Heuser M et al., Blood 2021)", gap.state
            )
        elif gap.marker == "HLA":
            # HLA typing says nothing about the risk group: it is asked for so a donor search can start in time.
            gap = Gap("HLA", "donor", GAP_TEXT["aml_hla"], {}, "NCCN AML 2025; ELN 2022", gap.state, "blood")
        elif gap.marker == "KARYOTYPE":
            hint = "diagnostic_sample" if in_cr else ""
            gap = Gap("KARYOTYPE", "risk", GAP_TEXT["aml_karyotype"], {}, "ELN 2022", gap.state, hint)
        elif in_cr and gap.reason in ("not_tested", "unknown", "flt3_itd_pcr"):
            params = {"why": gap.message}
            gap = Gap(
                gap.marker,
                gap.reason,
                GAP_TEXT["aml_diagnostic_sample"],
                params,
                gap.source,
                gap.state,
                "diagnostic_sample",
            )
        out.append(gap)
    return out


# Myeloma risk (IMWG 2025, Avet-Loiseau H et al., J Clin Oncol 2025) is defined by FISH and TP53 sequencing of
# the marrow at diagnosis; once treatment has started (VGPR or better) a fresh marrow has too few plasma cells, so a
# missing result is asked for from the diagnostic report or the stored diagnostic sample, as for AML in remission.
_MYELOMA_DIAGNOSTIC = frozenset({"DEL17P", "TP53", "GAIN1Q", "DEL1P", "T4_14", "T14_16", "T14_20", "T11_14"})


def _myeloma_extra(ctx: Context, gaps: list[Gap]) -> list[Gap]:
    if not ctx.snapshot.treatment_lines:
        return gaps
    out = []
    for gap in gaps:
        if gap.marker in _MYELOMA_DIAGNOSTIC and gap.reason in ("not_tested", "unknown"):
            gap = Gap(
                gap.marker,
                gap.reason,
                GAP_TEXT["myeloma_diagnostic"],
                {"why": gap.message},
                gap.source,
                gap.state,
                "myeloma_diagnostic",
            )
        out.append(gap)
    return out


# --- putting it together ----------------------------------------------------------------------------------------------


def panel_items(cancer_type: str, subtype: str) -> list[PanelItem]:
    from ..data.panels import AGNOSTIC_WHY
    from ..panels import panel_for

    return [
        PanelItem(m.code, m.label, m.why, m.guideline, (m.why, m.guideline) == AGNOSTIC_WHY.get(m.code))
        for m in panel_for(cancer_type, subtype)
    ]


@dataclass(frozen=True)
class MarkerReading:
    """One panel marker as the rules read it: its gap, or why it does not apply."""

    item: PanelItem
    gap: Gap | None
    not_applicable: str  # "" or a gettext_noop template


def read_panel(ctx: Context) -> list[MarkerReading]:
    readings = []
    for item in panel_items(ctx.cancer, ctx.subtype):
        why_not = _applies(ctx, item.code, item.agnostic_only)
        gap = None if why_not else marker_gap(ctx, item)
        readings.append(MarkerReading(item, gap, why_not))
    return readings


_GROUPED_REASONS = ("not_tested", "unknown")


def _group_agnostic(readings: list[MarkerReading]) -> list[Gap]:
    """The panel's gaps, with the tissue-agnostic-only markers not yet tested shown once, as one AGNOSTIC row.

    A gap with a reason of its own (equivocal, a test blind to fusions, failed, ...)
    stays on its own row: that reason is what the reader needs.
    """
    gaps: list[Gap] = []
    grouped: list[tuple[PanelItem, Gap]] = []
    for r in readings:
        if r.gap is None:
            continue
        if r.item.agnostic_only and r.gap.reason in _GROUPED_REASONS:
            grouped.append((r.item, r.gap))
        else:
            gaps.append(r.gap)
    if len(grouped) == 1:
        gaps.append(grouped[0][1])
    elif grouped:
        reason = "unknown" if any(gap.reason == "unknown" for _, gap in grouped) else "not_tested"
        markers = [item.label for item, _ in grouped]
        state = "unknown" if reason == "unknown" else "not_tested"
        params = {"markers": markers, "codes": [item.code for item, _ in grouped]}
        gaps.append(Gap(AGNOSTIC_GROUP, reason, GAP_TEXT["agnostic_group"], params, AGNOSTIC_GROUP_SOURCE, state))
    return gaps


def _dedupe(gaps: list[Gap]) -> list[Gap]:
    seen: dict[str, Gap] = {}
    for gap in gaps:
        if gap.marker not in seen or gap.reason in ("resistance", "retest_at_progression", "germline"):
            seen[gap.marker] = gap
    return list(seen.values())


def _panel_recommendation(ctx: Context, gaps: list[Gap]) -> Statement | None:
    from ..lab_requests import requests_for

    firsts = [requests_for(g.marker, ctx.cancer, g.state, g.reason)[:1] for g in gaps]
    ngs = [g for g, first in zip(gaps, firsts, strict=True) if first and first[0].method_code in PANEL_METHODS]
    rebiopsy = any(g.reason == "resistance" for g in gaps)
    if len(ngs) < PANEL_RECOMMENDATION_MIN_GAPS and not (rebiopsy and len(gaps) >= PANEL_RECOMMENDATION_MIN_GAPS):
        return None
    key = "panel_recommendation_rebiopsy" if rebiopsy else "panel_recommendation"
    source = PANEL_RECOMMENDATION_SOURCES.get(ctx.cancer, PANEL_RECOMMENDATION_SOURCE)
    return Statement("note", "", GAP_TEXT[key], {}, source)


def interpret(snapshot: CaseSnapshot, *, today: date | None = None) -> Interpretation:
    """Statements and gaps for the biomarkers of `snapshot`, read in the context of the case."""
    ctx = build_context(snapshot, today or date.today())
    statements = _statements(ctx)
    risk = aml_risk_statement(ctx) if ctx.cancer == "aml" else None
    risk = myeloma_risk_statement(ctx) if ctx.cancer == "myeloma" else risk
    if risk:
        statements.append(risk)
    gaps = _group_agnostic(read_panel(ctx))
    if ctx.cancer == "aml":
        gaps = _aml_extra(ctx, gaps)
    if ctx.cancer == "myeloma":
        gaps = _myeloma_extra(ctx, gaps)
    gaps = _dedupe(_resistance_gaps(ctx) + gaps + _germline_gaps(ctx))
    return Interpretation(
        ctx.cancer,
        ctx.subtype,
        tuple(statements),
        tuple(gaps),
        _panel_recommendation(ctx, gaps),
        msi_found_short(ctx.records("MSI")),
    )
