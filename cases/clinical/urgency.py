"""Urgency flags for the coordinator's triage queue, each with its reason.

Clinical signals that a case should be reviewed sooner: poor performance
status (ECOG 3-4, Oken 1982; Karnofsky 50 or less), brain or leptomeningeal
metastases, progression on current therapy, rapid growth, weight loss of 5%
or more in 3 months (the GLIM/cachexia threshold, Fearon 2011), untreated
stage IV disease, untreated acute leukaemia.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .i18n import gettext_noop
from .numbers import HUNDRED, fmt_number
from .snapshot import CaseSnapshot
from .tnm import STAGE_IV

HIGH, MEDIUM = "high", "medium"
WEIGHT_LOSS_PCT = Decimal(5)
KARNOFSKY_POOR = 50

R_ECOG = gettext_noop("ECOG %(ecog)s: limited self-care, time matters for treatment options")
R_KARNOFSKY = gettext_noop("Karnofsky %(karnofsky)s: needs considerable help")
R_BRAIN = gettext_noop("brain metastases")
R_LEPTO = gettext_noop("leptomeningeal metastases")
R_PD_ONGOING = gettext_noop("progression on current therapy (%(regimen)s)")
R_PD_LATEST = gettext_noop("latest response is progression (%(source)s)")
SOURCE_REPORTED = gettext_noop("reported")
SOURCE_DERIVED = gettext_noop("derived from measurements")
R_RAPID = gettext_noop("rapidly growing disease")
R_WEIGHT = gettext_noop("weight loss of %(pct)s%% in 3 months")
R_UNTREATED_IV = gettext_noop("stage IV and no treatment started yet")
R_UNTREATED_AML = gettext_noop("acute myeloid leukaemia and no treatment started yet")


@dataclass(frozen=True)
class Flag:
    code: str
    reason: str  # gettext_noop template
    params: dict = field(default_factory=dict)
    severity: str = HIGH  # high or medium


def _performance(case: CaseSnapshot) -> Iterator[Flag]:
    if case.ecog is not None and case.ecog >= 3:
        yield Flag("poor_performance_status", R_ECOG, {"ecog": case.ecog})
    elif case.karnofsky is not None and case.karnofsky <= KARNOFSKY_POOR:
        yield Flag("poor_performance_status", R_KARNOFSKY, {"karnofsky": case.karnofsky})


def _cns(case: CaseSnapshot) -> Iterator[Flag]:
    if "brain" in case.metastatic_sites:
        yield Flag("brain_metastases", R_BRAIN)
    if "leptomeninges" in case.metastatic_sites:
        yield Flag("leptomeningeal_metastases", R_LEPTO)


def _progression(case: CaseSnapshot) -> Iterator[Flag]:
    ongoing_pd = [line for line in case.treatment_lines if line.ongoing and line.best_response == "PD"]
    if ongoing_pd:
        yield Flag("progression_on_therapy", R_PD_ONGOING, {"regimen": ongoing_pd[0].regimen})
    elif "PD" in (case.latest_reported_response, case.latest_derived_response):
        source = SOURCE_REPORTED if case.latest_reported_response == "PD" else SOURCE_DERIVED
        yield Flag("progression_on_therapy", R_PD_LATEST, {"source": source})


def weight_loss_pct(case: CaseSnapshot) -> Decimal | None:
    before, now = case.weight_kg_3_months_ago, case.weight_kg
    if before is None or now is None or before <= 0:
        return None
    return (Decimal(str(before)) - Decimal(str(now))) * HUNDRED / Decimal(str(before))


def _condition(case: CaseSnapshot) -> Iterator[Flag]:
    if case.growth_tempo == "rapid":
        yield Flag("rapid_growth", R_RAPID)
    loss = weight_loss_pct(case)
    if loss is not None and loss >= WEIGHT_LOSS_PCT:
        yield Flag("weight_loss", R_WEIGHT, {"pct": fmt_number(loss.quantize(Decimal("0.1")))}, MEDIUM)


def _untreated(case: CaseSnapshot) -> Iterator[Flag]:
    untreated = case.no_treatment_yet and not case.treatment_lines
    stage_iv = case.stage_group in STAGE_IV or case.m.startswith("M1")
    if untreated and stage_iv:
        yield Flag("untreated_stage_iv", R_UNTREATED_IV)
    if untreated and case.cancer_type == "aml":
        yield Flag("untreated_acute_leukaemia", R_UNTREATED_AML)


def urgency_flags(case: CaseSnapshot, *, today: date) -> list[Flag]:
    """Urgency flags with reasons: ECOG 3-4 / Karnofsky <= 50, CNS metastases, progression, rapid growth, weight loss >= 5% in 3 months, untreated stage IV or AML.

    ``today`` is accepted for a stable signature with assess_completeness;
    no rule depends on the date yet.
    """
    rules = (_performance, _cns, _progression, _condition, _untreated)
    return [flag for rule in rules for flag in rule(case)]


def suggested_priority(flags: list[Flag]) -> str:
    """urgent when any high-severity flag is raised, high for medium flags only, else routine."""
    severities = {f.severity for f in flags}
    if HIGH in severities:
        return "urgent"
    return "high" if MEDIUM in severities else "routine"
