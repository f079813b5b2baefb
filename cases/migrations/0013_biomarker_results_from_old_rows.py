"""Map the biomarker rows stored before 0012 onto the record's fields, losing nothing.

The old six-state status becomes the result (positive -> detected, negative ->
not detected); the method becomes the assay ("PCR" is read as a hotspot kit,
"tissue NGS" as a panel whose DNA/RNA scope is not stated, "liquid NGS" as
ctDNA with a plasma specimen), as cases.clinical.biomarkers.codes maps them.
The free-text value stays exactly as written; where it plainly states a coded
fact (PD-L1 "TPS 30%", HER2 "IHC 3+", EGFR "exon 19 deletion", KRAS "G12C", …)
that fact is filled in beside it. The codes are copied here rather than
imported, so this migration keeps meaning what it meant when it was written.
"""

import re
from decimal import Decimal, InvalidOperation

from django.db import migrations

RESULT = {"positive": "detected", "negative": "not_detected"}  # the other four keep their codes
ASSAY = {
    "ihc": "ihc",
    "fish": "fish",
    "pcr": "pcr_hotspot",
    "tissue_ngs": "ngs_unspecified",
    "liquid_ngs": "ctdna_ngs",
    "other": "other",
}
SPECIMEN = {"tissue_ngs": "tissue_unspecified", "liquid_ngs": "plasma"}

PDL1 = re.compile(r"\b(TPS|CPS|IC|TC)\b\s*[:=]?\s*(\d{1,3}(?:[.,]\d)?)\s*%?", re.IGNORECASE)
HER2_IHC = re.compile(r"IHC\s*(0|1\+|2\+|3\+)", re.IGNORECASE)
HER2_IHC_CODE = {"0": "ihc_0", "1+": "ihc_1plus", "2+": "ihc_2plus", "3+": "ihc_3plus"}
# (marker, pattern, alteration code): only what the text states unambiguously.
ALTERATIONS = [
    ("EGFR", r"exon\s*19|ex19|19\s*del", "ex19del"),
    ("EGFR", r"L858R", "L858R"),
    ("EGFR", r"exon\s*20\s*ins|ex20ins", "ex20ins"),
    ("EGFR", r"T790M", "T790M"),
    ("EGFR", r"C797S", "C797S"),
    ("KRAS", r"G12C", "G12C"),
    ("KRAS", r"G12D", "G12D"),
    ("KRAS", r"G12V", "G12V"),
    ("KRAS", r"G13D", "G13D"),
    ("NRAS", r"Q61", "Q61"),
    ("BRAF", r"V600E", "V600E"),
    ("BRAF", r"V600K|V600R|V600D", "V600_other"),
    ("MSI", r"MSI[- ]?H", "msi_h"),
]


def _alteration(marker, value):
    if not value:
        return ""
    found = [code for name, pattern, code in ALTERATIONS if name == marker and re.search(pattern, value, re.I)]
    return found[0] if len(found) == 1 else ""


def forwards(apps, schema_editor):
    Biomarker = apps.get_model("cases", "Biomarker")
    for row in Biomarker.objects.all().iterator():
        old_method = row.assay
        row.result = RESULT.get(row.result, row.result)
        row.assay = ASSAY.get(old_method, old_method)
        row.specimen = row.specimen or SPECIMEN.get(old_method, "")
        value = row.value or ""
        if row.marker == "PDL1" and (m := PDL1.search(value)):
            try:
                row.pdl1_score = Decimal(m.group(2).replace(",", "."))
                row.pdl1_system = m.group(1).upper()
            except InvalidOperation:
                pass
        if row.marker == "HER2" and (m := HER2_IHC.search(value)):
            row.her2_ihc = HER2_IHC_CODE[m.group(1)]
        found = _alteration(row.marker, value)
        row.alterations = row.alterations or ([found] if found else [])
        row.save()


def backwards(apps, schema_editor):
    Biomarker = apps.get_model("cases", "Biomarker")
    back_result = {v: k for k, v in RESULT.items()} | {"failed": "not_tested", "insufficient": "not_tested"}
    back_assay = {v: k for k, v in ASSAY.items()} | {"dna_ngs": "tissue_ngs", "dna_rna_ngs": "tissue_ngs"}
    # Going back to one result per marker: keep the latest row of each marker.
    seen = set()
    for row in Biomarker.objects.order_by("case_id", "marker", "-collected_on", "-tested_on", "-id"):
        key = (row.case_id, row.marker)
        if key in seen:
            row.delete()
            continue
        seen.add(key)
        row.result = back_result.get(row.result, row.result)
        row.assay = back_assay.get(row.assay, "other" if row.assay else "")
        row.marker = row.marker[:30]
        row.save()


class Migration(migrations.Migration):
    dependencies = [("cases", "0012_biomarker_results_on_record")]

    operations = [migrations.RunPython(forwards, backwards)]
