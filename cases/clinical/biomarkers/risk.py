"""Risk groups read from several markers together: ELN 2022 for AML, IMWG 2025 for myeloma.

ELN 2022: Döhner H et al., Diagnosis and management of AML in adults: 2022
recommendations from an international expert panel on behalf of the ELN.
Blood 2022;140:1345-77 (Table 6). IMWG 2025: Avet-Loiseau H et al.,
IMS/IMWG consensus recommendations on the definition of high-risk multiple
myeloma. J Clin Oncol 2025;43:2739-51.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..data.markers import MARKERS
from ..i18n import gettext_noop
from .interpretation import Statement

if TYPE_CHECKING:
    from .engine import Context

S_ELN = "ELN 2022 (Döhner H et al., Blood 2022)"
S_IMWG = "IMWG 2025 (Avet-Loiseau H et al., J Clin Oncol 2025)"

ELN_FAVOURABLE = gettext_noop(
    "ELN 2022 risk: favourable. Allogeneic transplant in first remission is not routinely advised; MRD "
    "monitoring decides."
)
ELN_FAVOURABLE_PROVISIONAL = gettext_noop(
    "ELN 2022 risk: favourable, provided the karyotype is not adverse (the karyotype result is missing). "
    "Transplant in first remission is not routine if MRD becomes negative."
)
ELN_FAVOURABLE_FLT3_NGS = gettext_noop(
    "ELN 2022 risk: favourable only if FLT3-ITD is truly absent. FLT3 was tested by NGS alone, which can miss an "
    "ITD; with NPM1 and FLT3-ITD the risk is intermediate. Confirm FLT3-ITD by PCR fragment analysis before the "
    "transplant decision."
)
S_FLT3_PCR = "ELN 2022 (Döhner H et al., Blood 2022); FLT3-ITD by PCR fragment analysis (Diagn Pathol 2022)"
ELN_INTERMEDIATE = gettext_noop(
    "ELN 2022 risk: intermediate. Allogeneic transplant in first remission is usually advised for fit patients "
    "with a donor."
)
ELN_ADVERSE = gettext_noop(
    "ELN 2022 risk: adverse. Allogeneic transplant in first remission is advised for fit patients; start the donor "
    "search now."
)
ELN_UNKNOWN = gettext_noop(
    "ELN 2022 risk cannot be assigned yet: the karyotype and the NPM1, FLT3-ITD, CEBPA, TP53 and "
    "myelodysplasia-related gene results are needed."
)

ADVERSE_KARYOTYPE = ("complex", "monosomal", "del5q", "monosomy7", "abn17p", "mecom", "t6_9", "t9_22", "t8_16", "t3_5")


# NGS assays: whether a panel detects FLT3-ITD depends on the panel and its analysis (long duplications are hard to
# align); PCR fragment analysis is the standard test (Diagn Pathol 2022, doi 10.1186/s13000-022-01202-x). The
# reviewing oncologist asked that a negative by NGS alone be confirmed by PCR before it settles the ELN 2022 risk.
NGS_ASSAYS = frozenset({"dna_ngs", "dna_rna_ngs", "rna_ngs", "ngs_unspecified", "ctdna_ngs"})


def flt3_negative_by_ngs_only(ctx: Context) -> bool:
    """FLT3 reported negative, and every negative FLT3 result came from an NGS panel (no PCR)."""
    records = ctx.records("FLT3")
    negatives = [r for r in records if r.result == "not_detected"]
    return bool(negatives) and not any(r.detected for r in records) and all(r.assay in NGS_ASSAYS for r in negatives)


# ELN 2022 Table 6 counts a TP53 mutation as adverse at a variant allele fraction of at least 10 per cent (Döhner
# 2022, footnote to Table 6); a result without a VAF is read as adverse (the safe side, and the usual report).
TP53_ADVERSE_VAF = 10.0


def tp53_adverse(ctx: Context) -> bool:
    """A detected TP53 mutation at a VAF of 10 per cent or more, or with no VAF given."""
    return any(r.detected and (r.vaf is None or r.vaf >= TP53_ADVERSE_VAF) for r in ctx.records("TP53"))


def aml_risk_statement(ctx: Context) -> Statement | None:
    """ELN 2022 genetic risk (Table 6); None for APL, which is outside the ELN risk groups."""
    if ctx.detected("PML_RARA"):
        return None
    adverse_karyotype = ctx.detected("KARYOTYPE", ADVERSE_KARYOTYPE)
    karyotype_known = any(r.result in ("detected", "not_detected") for r in ctx.records("KARYOTYPE"))
    itd = ctx.detected("FLT3", ("ITD",))
    if ctx.detected("CBF") or ctx.detected("CEBPA"):
        return _eln(ELN_FAVOURABLE)
    adverse = (
        adverse_karyotype
        or ctx.detected("KMT2A", ("other_partner",))
        or tp53_adverse(ctx)
        or (ctx.detected("MR_GENES") and not ctx.detected("NPM1"))
    )
    if adverse:
        return _eln(ELN_ADVERSE)
    if ctx.detected("NPM1"):
        if itd:
            return _eln(ELN_INTERMEDIATE)
        flt3_unclassified = ctx.detected("FLT3") and not ctx.detected("FLT3", ("TKD",))
        flt3_known = any(r.result in ("detected", "not_detected") for r in ctx.records("FLT3"))
        if flt3_unclassified or not flt3_known:
            return _eln(ELN_UNKNOWN)
        if flt3_negative_by_ngs_only(ctx):
            return Statement("prognosis", "", ELN_FAVOURABLE_FLT3_NGS, {}, S_FLT3_PCR)
        return _eln(ELN_FAVOURABLE if karyotype_known else ELN_FAVOURABLE_PROVISIONAL)
    if itd or ctx.detected("KMT2A", ("MLLT3",)):
        return _eln(ELN_INTERMEDIATE)
    known = karyotype_known and all(
        any(r.result in ("detected", "not_detected") for r in ctx.records(m)) for m in ("NPM1", "FLT3", "TP53")
    )
    return _eln(ELN_INTERMEDIATE if known else ELN_UNKNOWN)


def _eln(template: str) -> Statement:
    return Statement("prognosis", "", template, {}, S_ELN)


IMWG_HIGH = gettext_noop(
    "High-risk myeloma by the IMWG 2025 definition (%(why)s): intensive treatment where possible and closer "
    "monitoring; it does not open a specific drug."
)
IMWG_STANDARD = gettext_noop(
    "No IMWG 2025 high-risk feature in the FISH results. β2-microglobulin of 5.5 mg/L or more with normal "
    "creatinine would also mean high risk."
)
IMWG_T4_14_ALONE = gettext_noop(
    "A high-risk translocation without 1q gain or del(1p32) is no longer high risk on its own (IMWG 2025)."
)
IMWG_INCOMPLETE = gettext_noop(
    "IMWG 2025 risk cannot be assigned yet: FISH for del(17p), 1q gain, del(1p32) and the IGH translocations, and "
    "TP53 sequencing, are needed."
)

_MYELOMA_FISH = ("DEL17P", "GAIN1Q", "DEL1P", "T4_14", "T14_16")


def myeloma_risk_statement(ctx: Context) -> Statement | None:
    why = []
    if ctx.detected("DEL17P"):
        why.append(MARKERS["DEL17P"][0])
    if ctx.detected("TP53"):
        why.append(MARKERS["TP53"][0])
    translocation = [m for m in ("T4_14", "T14_16", "T14_20") if ctx.detected(m)]
    chr1 = ctx.detected("GAIN1Q") or ctx.detected("DEL1P")
    if translocation and chr1:
        why += [MARKERS[m][0] for m in translocation] + [MARKERS[m][0] for m in ("GAIN1Q", "DEL1P") if ctx.detected(m)]
    if ctx.detected("DEL1P", ("biallelic",)) or (ctx.detected("DEL1P", ("monoallelic",)) and ctx.detected("GAIN1Q")):
        why += [MARKERS[m][0] for m in ("DEL1P", "GAIN1Q") if ctx.detected(m) and MARKERS[m][0] not in why]
    if why:
        return Statement("prognosis", "", IMWG_HIGH, {"why": list(dict.fromkeys(why))}, S_IMWG)
    tested = [m for m in _MYELOMA_FISH if any(r.result in ("detected", "not_detected") for r in ctx.records(m))]
    if not tested:
        return None
    if len(tested) < len(_MYELOMA_FISH):
        return Statement("prognosis", "", IMWG_INCOMPLETE, {}, S_IMWG)
    if translocation:
        return Statement("prognosis", "", IMWG_T4_14_ALONE, {}, S_IMWG)
    return Statement("prognosis", "", IMWG_STANDARD, {}, S_IMWG)
