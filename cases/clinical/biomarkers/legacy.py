"""Reading the free-text "value or variant" of results stored before result records had coded classes.

Used for results entered as text ("exon 19 deletion", "TPS 30%", "IHC 3+",
"MSI-H, loss of MLH1/PMS2") so that they are read by variant, and by a data
migration that fills the coded fields. Only unambiguous wording is read; what
is not recognised stays uncoded (the rules then treat the result as unclassified).
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Parsed:
    alterations: tuple[str, ...] = ()
    score: float | None = None
    scoring: str = ""
    origin: str = ""


_PATTERNS: dict[str, tuple[tuple[str, str], ...]] = {
    "EGFR": (
        (r"(exon|ex)\s*19.*del|19\s*del|del.*(exon|ex)\s*19|E746", "ex19del"),
        (r"L858R", "L858R"),
        (r"(exon|ex)\s*20.*ins|20\s*ins|ins.*(exon|ex)\s*20", "ex20ins"),
        (r"T790M", "T790M"),
        (r"C797S", "C797S"),
        (r"G719|L861Q|S768I", "uncommon"),
    ),
    "KRAS": ((r"G12C", "G12C"), (r"G12D", "G12D"), (r"G12V", "G12V"), (r"G13D", "G13D")),
    "NRAS": ((r"Q61", "Q61"), (r"G1[23]", "codon_12_13")),
    "BRAF": ((r"V600E", "V600E"), (r"V600[KDRM]", "V600_other"), (r"fusion", "fusion")),
    "HER2": (
        (r"ultra\s*-?\s*low", "ihc_ultralow"),
        (r"3\s*\+", "ihc_3plus"),
        (r"2\s*\+", "ihc_2plus"),
        (r"1\s*\+", "ihc_1plus"),
        (r"IHC\s*0\b|score\s*0\b", "ihc_0"),
        (r"not\s+amplified|non-?amplified|ISH\s*(neg|-)", "ish_not_amplified"),
        (r"(?<!not )amplifi|ISH\s*(pos|\+)", "ish_amplified"),
        (r"exon\s*20|mutation|Y772|A775", "mutation"),
    ),
    "MET": ((r"(exon|ex)\s*14", "ex14"), (r"amplif", "amplification"), (r"overexpress|3\+", "overexpression")),
    "MSI": (
        (r"MSI-?H|high", "msi_h"),
        # PMS2 lost with MLH1 is the MLH1 pattern; PMS2 named without MLH1 is isolated PMS2 loss, which points to
        # Lynch syndrome whatever BRAF shows (NICE DG27 2017, DG42 2020): "other", never the MLH1 pattern.
        (r"MLH1", "dmmr_mlh1_pms2"),
        (r"(?s)^(?!.*MLH1).*PMS2", "dmmr_other"),
        (r"MSH2|MSH6", "dmmr_msh2_msh6"),
        (r"methylat", "mlh1_methylated"),
    ),
    "FLT3": ((r"ITD", "ITD"), (r"TKD|D835", "TKD")),
    "BRCA": ((r"BRCA\s*1", "BRCA1"), (r"BRCA\s*2", "BRCA2")),
    "PIK3CA": ((r"H1047|E545|E542|mutat", "mutation"),),
    "ESR1": ((r"D538|Y537|mutat", "mutation"),),
    "KIT": ((r"(exon|ex)\s*11", "exon11"), (r"(exon|ex)\s*9\b", "exon9"), (r"(exon|ex)\s*1[37]", "exon13_17")),
    "PDGFRA": ((r"D842V", "D842V"),),
    "IDH1": ((r"R132", "R132"),),
    "KMT2A": ((r"MLLT3|t\(9;11\)", "MLLT3"),),
}
_FUSION_MARKERS = ("ALK", "ROS1", "RET", "NTRK", "NRG1", "FGFR2")
_SCORE = re.compile(r"\b(TPS|CPS|TC|IC)\b\s*[:=]?\s*(<|≥|>=)?\s*(\d+(?:\.\d+)?)\s*%?", re.IGNORECASE)
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")


def parse_value(marker: str, text: str) -> Parsed:
    """The coded classes, score and origin that the free text states unambiguously."""
    text = text or ""
    classes = [code for pattern, code in _PATTERNS.get(marker, ()) if re.search(pattern, text, re.IGNORECASE)]
    if marker in _FUSION_MARKERS and re.search(r"fusion|::|rearrang|EML4|CD74|KIF5B|CCDC6", text, re.IGNORECASE):
        classes.append("fusion")
    score, scoring = None, ""
    if marker == "PDL1":
        found = _SCORE.search(text)
        if found:
            scoring, score = found.group(1).upper(), float(found.group(3))
        elif (percent := _PERCENT.search(text)) is not None:
            scoring, score = "TPS", float(percent.group(1))
    elif marker in ("CLDN18", "FOLR1", "KI67") and (percent := _PERCENT.search(text)) is not None:
        score = float(percent.group(1))
    origin = "germline" if re.search(r"germline|inherited|胚系", text, re.IGNORECASE) else ""
    return Parsed(tuple(dict.fromkeys(classes)), score, scoring, origin)
