"""PD-L1 cut-offs and the assays they were validated with: what a score from another clone, or an unrecorded one, means.

A PD-L1 score is only as good as the assay behind it: each drug's cut-off was set in its trials with one antibody
clone and scoring system, and the regulators approved that test as its companion diagnostic. A rule in
biomarker_rules.py that applies a cut-off names its assay context (`Rule.assay`); the engine then adds a note
when the result's clone is not one the cut-off was validated with, when the clone is not recorded, or when the
score is in another scoring system.

Checked in November 2026 (sources beside each entry):
- 22C3 (PD-L1 IHC 22C3 pharmDx) is the FDA companion diagnostic for pembrolizumab in NSCLC (FDA Oct 2015, TPS)
  and in triple-negative breast cancer (FDA Nov 2020, CPS 10 or more, KEYNOTE-355).
- SP263 (VENTANA PD-L1 (SP263)) is the FDA companion diagnostic for cemiplimab in NSCLC (FDA Mar 2023, PMA
  P160046/S013); its CE-IVD intended use (EU package insert, 2018) names it as an aid to select NSCLC patients for
  pembrolizumab. An FDA approval of SP263 for pembrolizumab could not be confirmed and is not claimed.
- SP142 (VENTANA PD-L1 (SP142)) is the FDA companion diagnostic for first-line atezolizumab in NSCLC (FDA May
  2020, IMpower110: 50 per cent or more of tumour cells, or immune cells covering 10 per cent or more).
- Blueprint phase 2 (Tsao MS et al., 2018; 81 lung cancers stained with 22C3, 28-8, SP142, SP263 and 73-10):
  22C3, 28-8 and SP263 stain tumour cells comparably; SP142 is less sensitive and 73-10 more sensitive on tumour
  cells; immune-cell scoring is poorly reproducible between pathologists.
- Ring study (Pathology 2022): SP263 and 22C3 agree in NSCLC, best at the 50 per cent cut-off.
Gastro-oesophageal adenocarcinoma, cervical and head-and-neck squamous cell cancer: the scoring system is checked
(the cut-offs are the combined positive score, CPS), not the clone, whose approvals drug by drug were not checked
(their contexts name no validated clone, and the engine then says nothing about the clone). Checked in November
2026 with the search tool:
- gastric and gastro-oesophageal junction adenocarcinoma, HER2-negative: the FDA restricted the pembrolizumab and
  nivolumab labels to PD-L1 CPS 1 or more (FDA May 2025, after ODAC Sep 2024; KEYNOTE-859, CheckMate 649);
  tislelizumab is approved for PD-L1 1 or more (FDA Dec 2024, RATIONALE-305, read as CPS or tumour area
  positivity).
- cervical cancer: pembrolizumab with chemotherapy, with or without bevacizumab, for PD-L1 CPS 1 or more (FDA Oct
  2021, KEYNOTE-826), and alone after chemotherapy for CPS 1 or more (FDA Jun 2018, 22C3 companion diagnostic).
- head and neck squamous cell carcinoma: pembrolizumab alone first line for PD-L1 CPS 1 or more (FDA Jun 2019,
  KEYNOTE-048, 22C3 companion diagnostic), and before and after surgery in resectable locally advanced disease
  for CPS 1 or more (FDA Jun 2025, KEYNOTE-689).
"""

from dataclasses import dataclass, field

from ..i18n import gettext_noop

_ = gettext_noop

S_BLUEPRINT = "Blueprint PD-L1 IHC phase 2 (Tsao MS et al., 2018)"
S_22C3_NSCLC = "FDA Oct 2015 (PD-L1 IHC 22C3 pharmDx, companion diagnostic for pembrolizumab in NSCLC)"
S_SP263_NSCLC = (
    "FDA Mar 2023 (VENTANA PD-L1 (SP263), companion diagnostic for cemiplimab in NSCLC, P160046/S013); "
    "CE-IVD (VENTANA PD-L1 (SP263) intended use, EU 2018: pembrolizumab in NSCLC)"
)
S_SP142_NSCLC = "FDA May 2020 (VENTANA PD-L1 (SP142), companion diagnostic for atezolizumab, IMpower110)"
S_22C3_TNBC = "FDA Nov 2020 (PD-L1 IHC 22C3 pharmDx, companion diagnostic for pembrolizumab in TNBC, KEYNOTE-355)"


@dataclass(frozen=True)
class AssayContext:
    """The assay a set of cut-offs was validated with, and what to say about a result from anything else."""

    scoring: frozenset[str]  # the scoring systems the cut-offs are in (TPS and the tumour-cell score TC agree)
    validated: frozenset[str]  # clones with which the cut-offs were validated or approved
    unknown: str  # gettext_noop: the clone is not recorded
    other: str  # gettext_noop with %(clone)s: a clone the cut-offs were not validated with
    wrong_scoring: str  # gettext_noop with %(scoring)s: a score in another system
    source: str
    by_clone: dict[str, tuple[str, str]] = field(default_factory=dict)  # clone -> (text, source) for known behaviour

    @property
    def checks_clone(self) -> bool:
        """False for a context that checks only the scoring system (no clone's approval was checked for it)."""
        return bool(self.validated)


NSCLC_TPS = AssayContext(
    scoring=frozenset({"TPS", "TC"}),
    validated=frozenset({"22C3", "SP263"}),
    unknown=_(
        "PD-L1: the report does not say which antibody (clone) was used. The TPS cut-offs of 1 and 50 per cent were "
        "validated with 22C3 (pembrolizumab) and SP263 (cemiplimab; in Europe also pembrolizumab): ask the "
        "laboratory which assay it was before the score decides treatment."
    ),
    other=_(
        "PD-L1 score from %(clone)s, not an assay the TPS cut-offs were validated with (22C3 for pembrolizumab, SP263 "
        "for cemiplimab): a laboratory-developed test must itself be validated against one of them. Interpret with "
        "caution; consider re-testing with 22C3."
    ),
    wrong_scoring=_(
        "This PD-L1 result is given as %(scoring)s; the lung cancer cut-offs are for the tumour proportion score "
        "(TPS). Ask the laboratory for the TPS."
    ),
    source=f"{S_22C3_NSCLC}; {S_SP263_NSCLC}",
    by_clone={
        "28-8": (
            _(
                "PD-L1 score from 28-8, not an assay the TPS cut-offs were validated with (22C3 for pembrolizumab, "
                "SP263 for cemiplimab). 28-8 stains tumour cells comparably to 22C3 and SP263, so the score can "
                "usually be read against the cut-offs; re-test with 22C3 if the result sits near 1 or 50 per cent."
            ),
            f"{S_BLUEPRINT}; {S_22C3_NSCLC}",
        ),
        "SP142": (
            _(
                "PD-L1 score from SP142: the TPS cut-offs for pembrolizumab and cemiplimab were validated with 22C3 "
                "and SP263, and SP142 stains fewer tumour cells than those assays, so a score below 50 or below 1 "
                "per cent may be an underestimate. Interpret with caution; consider re-testing with 22C3. (SP142 is "
                "the companion test for atezolizumab alone, at 50 per cent of tumour cells.)"
            ),
            f"{S_BLUEPRINT}; {S_22C3_NSCLC}; {S_SP142_NSCLC}",
        ),
        "73-10": (
            _(
                "PD-L1 score from 73-10: it stains more tumour cells than 22C3, 28-8 and SP263, with which the TPS "
                "cut-offs were validated, so a score just above 1 or 50 per cent may be an overestimate. Interpret "
                "with caution; consider re-testing with 22C3."
            ),
            f"{S_BLUEPRINT}; {S_22C3_NSCLC}",
        ),
    },
)

TNBC_CPS = AssayContext(
    scoring=frozenset({"CPS"}),
    validated=frozenset({"22C3"}),
    unknown=_(
        "PD-L1: the report does not say which antibody (clone) was used. The CPS cut-off of 10 for pembrolizumab "
        "was validated with 22C3: ask the laboratory which assay it was before the score decides treatment."
    ),
    other=_(
        "PD-L1 score from %(clone)s: the CPS cut-off of 10 for pembrolizumab was validated with 22C3 only. "
        "Interpret with caution; consider re-testing with 22C3."
    ),
    wrong_scoring=_(
        "This PD-L1 result is given as %(scoring)s; pembrolizumab in triple-negative breast cancer is decided by "
        "the combined positive score (CPS) with 22C3. Ask the laboratory for the CPS."
    ),
    source=S_22C3_TNBC,
)

S_GASTRIC_CPS = (
    "FDA May 2025 label revision (pembrolizumab, nivolumab: PD-L1 CPS 1 or more; KEYNOTE-859, CheckMate 649); "
    "FDA Dec 2024 (tislelizumab, RATIONALE-305)"
)
S_CERVICAL_CPS = (
    "FDA Oct 2021 (pembrolizumab, KEYNOTE-826: persistent, recurrent or metastatic, PD-L1 CPS 1 or more); "
    "FDA Jun 2018 (22C3, KEYNOTE-158); FDA Jan 2024 (pembrolizumab + chemoradiotherapy, FIGO 2014 stage III-IVA, "
    "KEYNOTE-A18: no PD-L1 requirement)"
)
S_HNSCC_CPS = (
    "FDA Jun 2019 (pembrolizumab, KEYNOTE-048: alone for PD-L1 CPS 1 or more, 22C3; with platinum-fluorouracil "
    "for all patients); EMA Keytruda product information 2024 (CPS 1 or more for both); FDA Jun 2025 (KEYNOTE-689, "
    "resectable: CPS 1 or more)"
)


def _cps_only(wrong_scoring: str, source: str) -> AssayContext:
    return AssayContext(frozenset({"CPS"}), frozenset(), "", "", wrong_scoring, source)


GASTRIC_CPS = _cps_only(
    _(
        "This PD-L1 result is given as %(scoring)s; in gastric and gastro-oesophageal junction adenocarcinoma the "
        "PD-1 inhibitors are approved by the combined positive score (CPS 1 or more). Ask the laboratory for the CPS."
    ),
    S_GASTRIC_CPS,
)
CERVICAL_CPS = _cps_only(
    _(
        "This PD-L1 result is given as %(scoring)s; pembrolizumab for persistent, recurrent or metastatic cervical "
        "cancer is approved by the combined positive score (CPS 1 or more); with chemoradiotherapy for FIGO 2014 "
        "stage III-IVA it is given whatever the PD-L1. Ask the laboratory for the CPS."
    ),
    S_CERVICAL_CPS,
)
HNSCC_CPS = _cps_only(
    _(
        "This PD-L1 result is given as %(scoring)s; pembrolizumab alone in head and neck squamous cell carcinoma "
        "is approved by the combined positive score (CPS 1 or more, strongest benefit at 20 or more); with "
        "platinum-fluorouracil the FDA approval is for any CPS, the EMA's for CPS 1 or more. Ask the laboratory "
        "for the CPS."
    ),
    S_HNSCC_CPS,
)

ASSAY_CONTEXTS = {
    "nsclc_tps": NSCLC_TPS,
    "tnbc_cps": TNBC_CPS,
    "gastric_cps": GASTRIC_CPS,
    "cervical_cps": CERVICAL_CPS,
    "hnscc_cps": HNSCC_CPS,
}

# What the patient reads beside a note about the assay (their doctor sees the team's statement).
PATIENT_ASSAY_NOTE = _(
    "%(marker)s: the result may depend on which laboratory test was used. Your doctors may ask which test it was, "
    "or for the test to be repeated, before it decides your treatment."
)
