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


def _evidence(record: BiomarkerResult) -> set[str]:
    """ "msi" (the microsatellites were read), "protein" (the MMR proteins were stained), both or neither."""
    seen = {"msi", "protein"} & set(record.effective_scope())
    if seen:
        return seen
    # No assay recorded: the alteration classes say which test reported them (msi_h, or a staining pattern).
    classes = ALTERATIONS.get("MSI", {})
    return {classes[c][1] for c in record.alterations if c in classes} & {"msi", "protein"}


def msi_found(records: list[BiomarkerResult]) -> str:
    """The words for the positive MSI results on record (a gettext_noop msgid): "dMMR (mismatch-repair deficient)"
    when only IHC found it, "MSI-high" when only an MSI assay did, "MSI-high/dMMR" when both did or the test is not
    known."""
    evidence: set[str] = set()
    for record in records:
        if record.detected:
            evidence |= _evidence(record)
    if evidence == {"protein"}:
        return DMMR
    if evidence == {"msi"}:
        return MSI_HIGH
    return MSI_HIGH_DMMR
