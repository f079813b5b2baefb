"""AML after induction: the MRD on file (method, level, date), what a positive NPM1 MRD means, and a missing
consolidation.

- MRD: ELN 2022 (Döhner H et al., Blood 2022;140:1345-1377) and the ELN MRD 2021 update (Heuser M et al.,
  Blood 2021;138:2753-2767): NPM1-mutated AML is followed by quantitative PCR for NPM1 transcripts; MRD that
  stays positive after treatment (or a rise) carries a higher relapse risk, weighed by its level, time point and
  trend, and allogeneic transplant in first
  remission should be considered for a fit patient.
- Consolidation: after complete remission, ELN 2022 recommends consolidation (intermediate-dose cytarabine, or
  allogeneic transplant by risk and MRD); remission without it rarely lasts. An induction that ended more than
  CONSOLIDATION_GAP_DAYS ago with no later treatment recorded is flagged for the coordinator to ask.

Plain data only: no Django. Texts are marked with gettext_noop and translated where shown.
"""

import re
from dataclasses import dataclass
from datetime import date

from .i18n import gettext_noop

SOURCE_MRD = "ELN 2022 (Döhner, Blood 2022); ELN MRD 2021 (Heuser, Blood 2021)"
SOURCE_CONSOLIDATION = "ELN 2022 (Döhner, Blood 2022)"
# Not a guideline figure: a local operational choice (6 weeks after the end of induction) for when the coordinator
# should ask whether consolidation was given; ELN 2022 recommends consolidation after remission without a date.
CONSOLIDATION_GAP_DAYS = 42
INDUCTION = re.compile(r"7\s*\+\s*3|induction|daunorubicin|idarubicin|cpx-351|vyxeos", re.I)
# A line named as consolidation or maintenance is not an induction, whatever drugs it names (CPX-351 and
# daunorubicin are given in both).
AFTER_INDUCTION = re.compile(r"consolidat|maintenance|post-remission|hidac|high-dose cytarabine", re.I)

MRD_ON_FILE = gettext_noop("MRD on file: %(state)s%(method)s%(level)s (%(date)s)")
# How much a positive MRD weighs depends on its level, its time point and its trend (ELN MRD 2021, recommendation
# D5: blood after 2 cycles, marrow at the end of consolidation, then every 3 months): one positive result is not read
# as "high risk" by itself (review 2026-11-30, A6L: NPM1 0.8% of ABL1 after induction only).
MRD_POSITIVE_NPM1 = gettext_noop(
    "NPM1 MRD positive after treatment: a higher risk of relapse, how much depending on the level, the time point "
    "(blood after 2 cycles, marrow at the end of consolidation) and the trend on repeat tests; allogeneic stem "
    "cell transplant in first remission should be considered if the patient is fit for it"
)
MRD_POSITIVE = gettext_noop(
    "MRD positive after treatment: a higher risk of relapse, how much depending on the level, the time point and "
    "the trend on repeat tests; the MDT should weigh allogeneic stem cell transplant in first remission"
)
NO_CONSOLIDATION = gettext_noop(
    "No consolidation recorded: induction (%(regimen)s) ended on %(end)s, %(months)s months ago, and no later "
    "treatment is recorded; ask whether consolidation was given"
)
POSITIVE, NEGATIVE = gettext_noop("positive"), gettext_noop("negative")


@dataclass(frozen=True)
class MrdResult:
    when: date | None
    positive: bool | None  # None: not done / not known
    method: str = ""  # as written, e.g. "NPM1 quantitative PCR"
    level: str = ""  # as written, e.g. "0.8% NPM1/ABL1"


@dataclass(frozen=True)
class LineFacts:
    regimen: str
    start: date | None
    end: date | None
    ongoing: bool


@dataclass(frozen=True)
class Note:
    template: str
    params: dict
    source: str
    urgent: bool = False


def latest_mrd(results: list[MrdResult]) -> MrdResult | None:
    known = [r for r in results if r.positive is not None]
    return max(known, key=lambda r: (r.when or date.min, bool(r.method or r.level)), default=None)


def notes(cancer_type: str, *, npm1: bool, mrd: list[MrdResult], lines: list[LineFacts], today: date) -> list[Note]:
    if cancer_type != "aml":
        return []
    out: list[Note] = []
    latest = latest_mrd(mrd)
    if latest is not None:
        out.append(
            Note(
                MRD_ON_FILE,
                {
                    "state": POSITIVE if latest.positive else NEGATIVE,
                    "method": f", {latest.method}" if latest.method else "",
                    "level": f", {latest.level}" if latest.level else "",
                    "date": latest.when.isoformat() if latest.when else "?",
                },
                SOURCE_MRD,
            )
        )
        if latest.positive:
            out.append(Note(MRD_POSITIVE_NPM1 if npm1 else MRD_POSITIVE, {}, SOURCE_MRD, urgent=True))
    inductions = [
        line
        for line in lines
        if INDUCTION.search(line.regimen) and not AFTER_INDUCTION.search(line.regimen) and line.start
    ]
    if inductions:
        first = min(inductions, key=lambda line: line.start or date.min)
        later = [
            line for line in lines if line.start and first.start and line.start > first.start and line not in inductions
        ]
        last = max(inductions, key=lambda line: line.start or date.min)
        if not later and not last.ongoing and last.end and (today - last.end).days > CONSOLIDATION_GAP_DAYS:
            months = round((today - last.end).days / 30.44, 1)
            out.append(
                Note(
                    NO_CONSOLIDATION,
                    {"regimen": last.regimen, "end": last.end.isoformat(), "months": months},
                    SOURCE_CONSOLIDATION,
                    urgent=True,
                )
            )
    return out
