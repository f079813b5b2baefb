"""What a positive MSI record found, in the words of the test that found it.

Mismatch-repair IHC (loss of MLH1, MSH2, MSH6 or PMS2 staining) finds dMMR; an assay that reads the microsatellites
themselves (PCR, NGS) finds MSI-high. The two agree in most tumours but are different tests, reported in different
words (CAP/AMP guideline "Mismatch Repair and Microsatellite Instability Testing for Immune Checkpoint Inhibitor
Therapy", Bartley AN et al., Arch Pathol Lab Med 2022; ASCO endorsement 2023). A sentence about the patient's own
result names what was found; a sentence about an indication that covers both keeps "MSI-high/dMMR".
"""

from ..i18n import gettext_noop
from .alterations import ALTERATIONS
from .record import BiomarkerResult

MSI_HIGH = gettext_noop("MSI-high")
DMMR = gettext_noop("dMMR (mismatch-repair deficient)")
MSI_HIGH_DMMR = gettext_noop("MSI-high/dMMR")
# The same result as a heading or a list item ("Actionable now: dMMR"), where the long form would be a sentence.
DMMR_SHORT = gettext_noop("dMMR")


def _evidence(record: BiomarkerResult) -> set[str]:
    """ "msi" (the microsatellites were read), "protein" (the MMR proteins were stained), both or neither."""
    seen = {"msi", "protein"} & set(record.effective_scope())
    if seen:
        return seen
    # No assay recorded: the alteration classes say which test reported them (msi_h, or a staining pattern).
    classes = ALTERATIONS.get("MSI", {})
    return {classes[c][1] for c in record.alterations if c in classes} & {"msi", "protein"}


def _found_by(records: list[BiomarkerResult]) -> set[str]:
    evidence: set[str] = set()
    for record in records:
        if record.detected:
            evidence |= _evidence(record)
    return evidence


def msi_found(records: list[BiomarkerResult]) -> str:
    """The words for the positive MSI results on record (a gettext_noop msgid): "dMMR (mismatch-repair deficient)"
    when only IHC found it, "MSI-high" when only an MSI assay did, "MSI-high/dMMR" when both did or the test is not
    known."""
    evidence = _found_by(records)
    if evidence == {"protein"}:
        return DMMR
    if evidence == {"msi"}:
        return MSI_HIGH
    return MSI_HIGH_DMMR


def msi_found_short(records: list[BiomarkerResult]) -> str:
    """msi_found as a name ("dMMR", "MSI-high", "MSI-high/dMMR"): the heading of a statement about the patient's own
    MSI result, and its entry on the "Actionable now" line; "" when no MSI record is positive."""
    if not any(r.detected for r in records):
        return ""
    found = msi_found(records)
    return DMMR_SHORT if found == DMMR else found


# Which mismatch-repair proteins a positive record lost. MLH1 promoter methylation (and, in colorectal cancer, BRAF
# V600E) explains only a loss of MLH1 (with PMS2); a loss of MSH2, MSH6 or isolated PMS2 goes straight to germline
# testing whatever BRAF shows (NICE DG27 2017, colorectal; NICE DG42 2020, endometrial). An MSI assay (PCR, NGS) or a
# dMMR result without the proteins named leaves the pattern unknown.
LOSS_MLH1 = "mlh1_pms2"
LOSS_NOT_MLH1 = "not_mlh1"
LOSS_UNKNOWN = ""
_NOT_MLH1_CLASSES = ("dmmr_msh2_msh6", "dmmr_other")


def protein_loss(records: list[BiomarkerResult]) -> str:
    """LOSS_NOT_MLH1 when any positive record lost MSH2/MSH6 or another protein than MLH1/PMS2 (even beside MLH1),
    LOSS_MLH1 when the only loss recorded is MLH1/PMS2, LOSS_UNKNOWN when no staining pattern is recorded."""
    positive = [r for r in records if r.detected]
    if any(r.has(*_NOT_MLH1_CLASSES) for r in positive):
        return LOSS_NOT_MLH1
    if any(r.has("dmmr_mlh1_pms2") for r in positive):
        return LOSS_MLH1
    return LOSS_UNKNOWN
