"""What the interpretation reads about the case besides the results: data only plus small helpers.

The context is the case snapshot (snapshot.CaseSnapshot): cancer type and
coded subtype, the result records, the treatment lines (each with drug
classes, read from the regimen text when not given) and the latest
response. Drug classes are coded here.
"""

from datetime import date

from ..i18n import gettext_noop

DRUG_CLASSES = {
    "egfr_tki": gettext_noop("EGFR tyrosine kinase inhibitor"),
    "egfr_tki_3g": gettext_noop(
        "Third-generation EGFR inhibitor (osimertinib, lazertinib, aumolertinib, furmonertinib)"
    ),
    "alk_tki": gettext_noop("ALK inhibitor"),
    "ros1_tki": gettext_noop("ROS1 inhibitor"),
    "ret_tki": gettext_noop("RET inhibitor"),
    "met_tki": gettext_noop("MET inhibitor"),
    "kras_g12c": gettext_noop("KRAS G12C inhibitor"),
    "braf_mek": gettext_noop("BRAF or MEK inhibitor"),
    "her2_antibody": gettext_noop("HER2 antibody or antibody-drug conjugate"),
    "her2_tki": gettext_noop("HER2 tyrosine kinase inhibitor"),
    "anti_egfr_antibody": gettext_noop("Anti-EGFR antibody (cetuximab, panitumumab)"),
    "endocrine": gettext_noop("Endocrine (hormone) therapy"),
    "cdk46": gettext_noop("CDK4/6 inhibitor"),
    "pi3k_akt": gettext_noop("PI3K/AKT/mTOR pathway inhibitor"),
    "parp": gettext_noop("PARP inhibitor"),
    "immunotherapy": gettext_noop("Immune checkpoint inhibitor"),
    "adt": gettext_noop("Androgen deprivation therapy"),
    "arpi": gettext_noop("Androgen receptor pathway inhibitor"),
    "fluoropyrimidine": gettext_noop("Fluoropyrimidine (5-FU, capecitabine)"),
    "irinotecan": gettext_noop("Irinotecan"),
    "platinum": gettext_noop("Platinum chemotherapy"),
    "chemotherapy": gettext_noop("Other chemotherapy"),
    "anti_vegf": gettext_noop("Anti-angiogenic (VEGF) therapy"),
    "flt3_inhibitor": gettext_noop("FLT3 inhibitor"),
    "idh_inhibitor": gettext_noop("IDH inhibitor"),
    "menin_inhibitor": gettext_noop("Menin inhibitor"),
    "hypomethylating": gettext_noop("Hypomethylating agent"),
    "venetoclax": gettext_noop("Venetoclax"),
    "anti_cd38": gettext_noop("Anti-CD38 antibody"),
    "imid": gettext_noop("Immunomodulatory drug (lenalidomide, pomalidomide)"),
    "proteasome": gettext_noop("Proteasome inhibitor"),
    "anti_cd20": gettext_noop("Anti-CD20 antibody"),
    "btk_inhibitor": gettext_noop("BTK inhibitor"),
    "bcr_abl_tki": gettext_noop("BCR::ABL1 tyrosine kinase inhibitor"),
    "kit_tki": gettext_noop("KIT/PDGFRA inhibitor (imatinib and others)"),
    "radioligand": gettext_noop("Radioligand therapy"),
    "other": gettext_noop("Other"),
}

# Targeted drug classes after which progression calls for resistance testing, per marker they target.
TARGETED_CLASSES = {
    "egfr_tki": "EGFR",
    "egfr_tki_3g": "EGFR",
    "alk_tki": "ALK",
    "ros1_tki": "ROS1",
    "ret_tki": "RET",
    "met_tki": "MET",
    "kras_g12c": "KRAS",
    "braf_mek": "BRAF",
    "bcr_abl_tki": "BCR_ABL1",
    "kit_tki": "KIT",
}

# --- the disease setting: which drugs are "now" ------------------------------------------------------------------
# Some approvals are for relapsed or refractory disease only (revumenib: FDA Nov 2024 for KMT2A-translocated and
# Oct 2025 for NPM1-mutated acute leukaemia; gilteritinib FDA 2018; enasidenib FDA 2017; ivosidenib in MDS FDA
# Oct 2023). The rules read the setting so that such a drug is not offered to a case in remission or on its first
# treatment, and is shown there only as what would come if the disease returned.
DISEASE_SETTINGS = {
    "untreated": gettext_noop("not treated yet"),
    "first_line": gettext_noop("on first treatment, no relapse"),
    "remission": gettext_noop("in remission"),
    "relapsed_refractory": gettext_noop("relapsed or not responding to treatment"),
}
# Response categories (reported by the doctor, or derived: RECIST, ELN 2022, IMWG ...) that mean remission or
# relapse/refractory disease. MRD relapse alone is not counted as relapse: the approvals above need a relapse or
# refractory disease (ELN 2022 reports MRD relapse apart from haematologic relapse).
REMISSION_CATEGORIES = frozenset({"CR", "CRh", "CRi", "NED", "sCR"})
RELAPSE_CATEGORIES = frozenset({"PD", "relapse", "NR"})


def disease_setting(snapshot) -> str:  # noqa: ANN001 - a snapshot.CaseSnapshot (imported there, not here)
    """The DISEASE_SETTINGS code of the case now, from its latest response and its treatment lines.

    The latest measured (derived) response decides first, then the response the
    doctor reported, then the lines: the latest line stopped for progression (or
    with PD as its best response) is relapsed or refractory disease; a latest line
    with a complete response is remission; an earlier progression followed by a
    line with no response yet is still the relapsed setting.
    """
    derived = snapshot.latest_derived_response
    reported = snapshot.latest_reported_response
    if derived in RELAPSE_CATEGORIES:
        return "relapsed_refractory"
    if derived in REMISSION_CATEGORIES:
        return "remission"
    if reported in RELAPSE_CATEGORIES:
        return "relapsed_refractory"
    if reported in REMISSION_CATEGORIES:
        return "remission"
    lines = sorted(snapshot.treatment_lines, key=lambda line: (line.start is None, line.start or date.min))
    if not lines:
        return "untreated"
    latest = lines[-1]
    if latest.progressed:
        return "relapsed_refractory"
    if latest.best_response in REMISSION_CATEGORIES:
        return "remission"
    if any(line.progressed for line in lines):
        return "relapsed_refractory"
    return "first_line"
