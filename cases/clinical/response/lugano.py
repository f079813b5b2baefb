"""Lugano 2014 PET-CT based response for FDG-avid lymphoma.

Cheson BD et al., Recommendations for initial evaluation, staging, and
response assessment of Hodgkin and non-Hodgkin lymphoma: the Lugano
classification. J Clin Oncol 2014;32:3059-3068, Table 3 (PET-CT-based
response): complete, partial, no metabolic response and progressive
metabolic disease, from the Deauville five-point scale, the change in uptake
from baseline, new FDG-avid lesions and the bone marrow. Table 3 reads a
Deauville 4-5 with reduced uptake differently by time point: at an interim
scan it suggests responding disease, at the end of treatment it indicates
residual disease. Deauville X (new uptake unlikely to be lymphoma) is not
progression.
"""

from ..i18n import Message, gettext_noop
from .base import Assessment, Reader, invalid, result

UPTAKE = ("reduced", "no_significant_change", "increased")
MARROW = ("no_fdg_avid_disease", "residual_uptake_reduced", "no_change", "new_or_recurrent_fdg_avid_foci")
ORDER = ("CMR", "PMR", "NMR", "PMD")  # best to worst

_NODAL_BY_UPTAKE = {"reduced": "PMR", "no_significant_change": "NMR", "increased": "PMD"}
_MARROW_CATEGORY = dict(zip(MARROW, ORDER, strict=True))

E_DEAUVILLE = gettext_noop("deauville must be a whole score from 1 to 5, got %(value)s")
T_LOW = gettext_noop(
    "Deauville %(deauville)s (not above liver), bone marrow %(marrow)s, no new FDG-avid lesions: %(category)s"
)
T_HIGH = gettext_noop(
    "Deauville %(deauville)s, uptake %(uptake)s vs baseline, bone marrow %(marrow)s, "
    "no new FDG-avid lesions: %(category)s"
)
T_NEW = gettext_noop("new FDG-avid lesion(s) consistent with lymphoma: PMD")
TIMEPOINTS = ("interim", "end_of_treatment")
T_HIGH_INTERIM = gettext_noop(
    "interim scan: Deauville %(deauville)s, uptake reduced vs baseline, bone marrow %(marrow)s, no new FDG-avid "
    "lesions: %(category)s (at interim this suggests responding disease)"
)
T_HIGH_EOT = gettext_noop(
    "end of treatment: Deauville %(deauville)s, uptake reduced vs baseline, bone marrow %(marrow)s, no new "
    "FDG-avid lesions: %(category)s, which at the end of treatment indicates residual disease (consider biopsy "
    "or an interval scan)"
)
T_X = gettext_noop("%(text)s; new uptake scored Deauville X (unlikely to be lymphoma) is not progression")


def _deauville(reader: Reader) -> int | None:
    value = reader.number("deauville")
    if value is None:
        return None
    if value != value.to_integral_value() or not 1 <= value <= 5:
        reader.errors.append(Message(E_DEAUVILLE, value=value))
        return None
    return int(value)


def _nodal(deauville: int, uptake: str | None) -> str:
    """Deauville 1-3 is a complete metabolic response, with or without a residual mass."""
    if deauville <= 3:
        return "CMR"
    return _NODAL_BY_UPTAKE[uptake or "no_significant_change"]


def assess_lugano(data: object) -> Assessment:
    """Lugano 2014 (Cheson, J Clin Oncol 2014) PET-CT based response, Table 3.

    The category is the worst of the nodal/extranodal component and the bone
    marrow component; any new FDG-avid lesion is progressive metabolic disease.
    ``uptake_vs_baseline`` is needed only for Deauville 4-5; ``timepoint``
    ("interim", the default, or "end_of_treatment") decides how a Deauville
    4-5 with reduced uptake reads.
    """
    reader = Reader(data)
    deauville = _deauville(reader)
    uptake = reader.choice("uptake_vs_baseline", UPTAKE, nullable=deauville is not None and deauville <= 3)
    reader.boolean("residual_mass", nullable=True)
    timepoint = reader.choice("timepoint", TIMEPOINTS, nullable=True) or "interim"
    new = reader.boolean("new_fdg_avid_lesions")
    marrow = reader.choice("bone_marrow", MARROW)
    score_x = reader.boolean("deauville_x", nullable=True)
    if reader.errors or deauville is None or marrow is None:
        return invalid(reader.errors)
    if new:
        return result("PMD", T_NEW)
    found = _category(deauville, uptake, marrow, timepoint)
    if score_x:
        return result(found.category, T_X, text=Message(found.template, **found.params))
    return found


def _category(deauville: int, uptake: str | None, marrow: str, timepoint: str) -> Assessment:
    nodal = _nodal(deauville, uptake)
    category = max(nodal, _MARROW_CATEGORY[marrow], key=ORDER.index)
    params = {"deauville": deauville, "marrow": marrow.replace("_", " ")}
    if deauville <= 3:
        return result(category, T_LOW, category=category, **params)
    if uptake == "reduced" and category == "PMR":
        template = T_HIGH_EOT if timepoint == "end_of_treatment" else T_HIGH_INTERIM
        return result(category, template, category=category, **params)
    return result(category, T_HIGH, category=category, uptake=uptake.replace("_", " "), **params)  # type: ignore[union-attr]  # required at Deauville 4-5
