"""Urgency flags for the coordinator's triage queue, each with its reason.

Clinical signals that a case should be reviewed sooner: an emergency the
patient reports (cases.clinical.emergencies), lab values in a dangerous range
(cases.clinical.lab_flags), poor performance status (ECOG 3-4, Oken 1982;
Karnofsky 50 or less), brain or leptomeningeal metastases (unless treated
long ago and not progressing), progression on current therapy or derived under
any criteria (response.categories: confirmed progression such as iCPD, PMD or
ELN relapse is high; iUPD, RANO preliminary PD and the other steps the
criteria ask to confirm are medium, and so is ELN refractory disease), rapid growth
(unless in remission), weight loss of 5% or more (the cachexia and GLIM
threshold is more than 5% within 6 months, Fearon 2011 and Cederholm 2019; the
intake asks for the weight 3 months ago, so a loss of 5% within 3 months
meets it), untreated stage IV disease (not indolent lymphoma, which is often
watched), untreated aggressive disease (small-cell, Burkitt, acute
leukaemias) whatever the stage, and acute promyelocytic leukaemia whatever
the treatment so far.
"""

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from . import reported
from .emergencies import EMERGENCIES
from .histology import is_apl, is_indolent_lymphoma, untreated_aggressive_kind
from .i18n import gettext_noop
from .lab_flags import lab_flags
from .numbers import HUNDRED, fmt_number
from .response.categories import REFRACTORY, REMISSION, category_label, is_progression, is_unconfirmed_progression
from .shared import HIGH, MEDIUM, Flag
from .snapshot import CaseSnapshot
from .tnm import NO_METASTATIC_SPREAD, STAGE_IV

__all__ = ["HIGH", "MEDIUM", "Flag", "suggested_priority", "urgency_flags"]

WEIGHT_LOSS_PCT = Decimal(5)
KARNOFSKY_POOR = 50

R_ECOG = gettext_noop("ECOG %(ecog)s: limited self-care, time matters for treatment options")
R_KARNOFSKY = gettext_noop("Karnofsky %(karnofsky)s: needs considerable help")
R_BRAIN = gettext_noop("brain metastases")
R_LEPTO = gettext_noop("leptomeningeal metastases")
# A blood cancer's sites are involvement, not metastases (tnm.NO_METASTATIC_SPREAD): the same flag, in its words.
R_BRAIN_INVOLVED = gettext_noop("brain involvement (as entered)")
R_LEPTO_INVOLVED = gettext_noop("leptomeningeal involvement (as entered)")
R_PD_ONGOING = gettext_noop("progression on current therapy (%(regimen)s)")
R_PD_LATEST = gettext_noop("latest response is progression (%(source)s)")
R_PD_DERIVED = gettext_noop("latest response is progression: %(category)s (derived from measurements)")
R_PD_UNCONFIRMED = gettext_noop(
    "latest response is progression still to be confirmed: %(category)s (derived from measurements; the criteria "
    "ask for a confirming assessment)"
)
R_REFRACTORY = gettext_noop("no response to treatment: %(category)s (refractory disease, derived from measurements)")
SOURCE_REPORTED = gettext_noop("reported")
SOURCE_DERIVED = gettext_noop("derived from measurements")
R_RAPID = gettext_noop("rapidly growing disease")
R_WEIGHT = gettext_noop("weight loss of %(pct)s%% in 3 months")
R_UNTREATED_IV = gettext_noop("stage IV and no treatment started yet")
R_UNTREATED_AML = gettext_noop("acute myeloid leukaemia and no treatment started yet")
R_UNTREATED_AGGRESSIVE = gettext_noop("%(disease)s and no treatment started yet: it can progress within days")
R_APL = gettext_noop(
    "acute promyelocytic leukaemia: risk of fatal bleeding; ATRA should start at the first suspicion "
    "(ELN 2019 APL, Sanz et al., Blood 2019)"
)
R_EMERGENCY = gettext_noop("EMERGENCY reported by the patient: %(what)s")
# A brain-directed local treatment at least this long ago, with no progression since, is not urgent on its own.
BRAIN_TREATED_LONG_AGO_DAYS = 90
REMISSION_RESPONSES = reported.REMISSION  # what the patient was told, in any criteria's words (sCR, CMR, CRi…)
BRAIN_WORDS = ("brain", "cerebr", "cranial", "intracranial", "whole-brain", "wbrt", "srs", "脑", "颅")


def _performance(case: CaseSnapshot) -> Iterator[Flag]:
    if case.ecog is not None and case.ecog >= 3:
        yield Flag("poor_performance_status", R_ECOG, {"ecog": case.ecog})
    elif case.karnofsky is not None and case.karnofsky <= KARNOFSKY_POOR:
        yield Flag("poor_performance_status", R_KARNOFSKY, {"karnofsky": case.karnofsky})


def _emergencies(case: CaseSnapshot) -> Iterator[Flag]:
    for code in case.emergencies:
        if code in EMERGENCIES:
            yield Flag(f"emergency_{code}", R_EMERGENCY, {"what": EMERGENCIES[code][1]})


def _progressing(case: CaseSnapshot) -> bool:
    return next(_progression(case), None) is not None


def _brain_treated_long_ago(case: CaseSnapshot, today: date) -> bool:
    """Brain metastases given local treatment more than 3 months ago, with no progression or confusion since."""
    treated = [
        t.treated_on
        for t in case.local_treatments
        if t.treated_on is not None and any(word in t.site.casefold() for word in BRAIN_WORDS)
    ]
    if not treated or _progressing(case) or "confusion" in case.emergencies:
        return False
    return (today - max(treated)).days >= BRAIN_TREATED_LONG_AGO_DAYS


def _cns(case: CaseSnapshot, today: date) -> Iterator[Flag]:
    involvement = case.cancer_type in NO_METASTATIC_SPREAD
    if "brain" in case.metastatic_sites and not _brain_treated_long_ago(case, today):
        yield Flag("brain_metastases", R_BRAIN_INVOLVED if involvement else R_BRAIN)
    if "leptomeninges" in case.metastatic_sites:
        yield Flag("leptomeningeal_metastases", R_LEPTO_INVOLVED if involvement else R_LEPTO)


def _progression(case: CaseSnapshot) -> Iterator[Flag]:
    """Progression reported or derived under any criteria (response.categories): confirmed progression is urgent;
    a progression the criteria still ask to confirm (iUPD, RANO preliminary PD …) and refractory disease are
    medium."""
    ongoing_pd = [line for line in case.treatment_lines if line.ongoing and reported.is_progression(line.best_response)]
    derived = case.latest_derived_response
    label = category_label(case.latest_derived_criteria, derived)
    if ongoing_pd:
        yield Flag("progression_on_therapy", R_PD_ONGOING, {"regimen": ongoing_pd[0].regimen})
    elif reported.is_progression(case.latest_reported_response):
        yield Flag("progression_on_therapy", R_PD_LATEST, {"source": SOURCE_REPORTED})
    elif is_progression(derived):
        yield Flag("progression_on_therapy", R_PD_DERIVED, {"category": label})
    elif is_unconfirmed_progression(derived):
        yield Flag("unconfirmed_progression", R_PD_UNCONFIRMED, {"category": label}, MEDIUM)
    elif derived in REFRACTORY:
        yield Flag("refractory_disease", R_REFRACTORY, {"category": label}, MEDIUM)


def weight_loss_pct(case: CaseSnapshot) -> Decimal | None:
    before, now = case.weight_kg_3_months_ago, case.weight_kg
    if before is None or now is None or before <= 0:
        return None
    return (Decimal(str(before)) - Decimal(str(now))) * HUNDRED / Decimal(str(before))


def in_remission(case: CaseSnapshot) -> bool:
    return case.latest_reported_response in REMISSION_RESPONSES or case.latest_derived_response in REMISSION


def _condition(case: CaseSnapshot) -> Iterator[Flag]:
    # A tempo entered at diagnosis says nothing about a patient now in remission.
    if case.growth_tempo == "rapid" and not in_remission(case):
        yield Flag("rapid_growth", R_RAPID)
    loss = weight_loss_pct(case)
    if loss is not None and loss >= WEIGHT_LOSS_PCT:
        yield Flag("weight_loss", R_WEIGHT, {"pct": fmt_number(loss.quantize(Decimal("0.1")))}, MEDIUM)


def _untreated(case: CaseSnapshot) -> Iterator[Flag]:
    untreated = case.no_treatment_yet and not case.treatment_lines
    stage_iv = case.stage_group in STAGE_IV or case.m.startswith("M1")
    # Indolent lymphoma without symptoms is often watched, not treated (GELF criteria; ESMO follicular lymphoma 2021).
    if untreated and stage_iv and not is_indolent_lymphoma(case):
        yield Flag("untreated_stage_iv", R_UNTREATED_IV)
    if case.treatment_lines:
        return
    # Aggressive disease is urgent untreated whatever the stage, ticked "no treatment yet" or not.
    if case.cancer_type == "aml" and not is_apl(case):
        yield Flag("untreated_acute_leukaemia", R_UNTREATED_AML)
    elif (kind := untreated_aggressive_kind(case)) is not None:
        yield Flag("untreated_aggressive_disease", R_UNTREATED_AGGRESSIVE, {"disease": kind})


def _apl(case: CaseSnapshot) -> Iterator[Flag]:
    if is_apl(case):
        yield Flag("acute_promyelocytic_leukaemia", R_APL)


def urgency_flags(case: CaseSnapshot, *, today: date) -> list[Flag]:
    """Urgency flags with reasons, emergencies first (see the module docstring for each rule and its source).

    ``today`` decides which lab values are recent and how long ago brain
    metastases were treated.
    """
    flags = [*_emergencies(case), *_apl(case), *lab_flags(case, today=today)]
    flags += [*_performance(case), *_cns(case, today), *_progression(case), *_condition(case), *_untreated(case)]
    return flags


def suggested_priority(flags: list[Flag]) -> str:
    """urgent when any high-severity flag is raised, high for medium flags only, else routine."""
    severities = {f.severity for f in flags}
    if HIGH in severities:
        return "urgent"
    return "high" if MEDIUM in severities else "routine"
