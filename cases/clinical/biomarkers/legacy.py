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
    # The lost mismatch-repair proteins and MLH1 promoter methylation are read by _mmr_classes (below): a protein
    # named is not a protein lost ("MLH1 intact, PMS2 lost"), and "unmethylated" is not methylated.
    "MSI": ((r"MSI-?H|high", "msi_h"),),
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


_MMR_PROTEIN = re.compile(r"MLH1|PMS2|MSH2|MSH6", re.IGNORECASE)
# What a report says of a protein's staining. Loss first: "not expressed" and "no staining" hold "expressed" and
# "staining". IHC "negative" is no staining (loss), "positive" is staining kept.
_MMR_LOST = re.compile(
    r"\bnot\s+(?:expressed|retained|intact|present|preserved)|\bno\s+(?:nuclear\s+)?(?:expression|staining)|"
    r"\bloss|\blost\b|\babsent|\bdeficien|\babnormal|\bnegative|\bneg\b|\(\s*[-−]\s*\)|缺失|阴性|不表达|丢失",
    re.IGNORECASE,
)
_MMR_KEPT = re.compile(
    r"\bintact|\bretained|\bpreserved|\bnormal|\bpresent|\bexpressed|\bproficien|\bpositive|\bpos\b|"
    r"\(\s*\+\s*\)|完整|保留|阳性|表达",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[;.\n；。]")
# A statement about MLH1 promoter methylation, to the end of its clause: its "MLH1" and its "negative" are not about
# staining ("MLH1 methylation: negative" says nothing of MLH1 loss).
_METHYLATION_PHRASE = re.compile(
    r"(?:MLH1\W*(?:gene\W*)?(?:promoter\W*)?)?(?:hyper|un|non-?)?methylat\w*[^;.,\n；。，]*|"
    r"(?:MLH1\W*(?:启动子)?)?(?:未|无|非)?甲基化[^;.,\n；。，]*",
    re.IGNORECASE,
)
_UNMETHYLATED = re.compile(
    r"\b(?:un|non-?)methylat|\bnot\s+methylat|\bno\s+(?:\w+\s+){0,2}methylat|"
    r"methylat\w*[^;.,\n；。，]*?(?:\bnot\s+(?:detected|found|seen)|\bnegative|\babsent|\bneg\b)|"
    r"未甲基化|无甲基化|非甲基化|甲基化[^;.,\n；。，]*?(?:阴性|未检出)",
    re.IGNORECASE,
)


def _statuses(sentence: str) -> list[tuple[int, int, bool]]:
    """(start, end, lost) of each status word in a sentence; a loss phrase hides the "kept" word inside it."""
    found = [(m.start(), m.end(), True) for m in _MMR_LOST.finditer(sentence)]
    taken = [(a, b) for a, b, _lost in found]
    for m in _MMR_KEPT.finditer(sentence):
        if not any(a <= m.start() < b for a, b in taken):
            found.append((m.start(), m.end(), False))
    return sorted(found)


def _lost_proteins(text: str) -> set[str]:
    """The mismatch-repair proteins the text says are lost. Proteins named together with no status between them
    ("loss of MLH1 and PMS2", "MSH2, MSH6 retained") share the first status after them in the sentence, or failing
    that the last before them. With no status word anywhere, the proteins named are read as lost (a result recorded
    as "MLH1/PMS2" on a detected MMR record)."""
    sentences = [s for s in _SENTENCE.split(text) if s.strip()]
    if not any(_statuses(s) for s in sentences):
        return {m.group(0).upper() for m in _MMR_PROTEIN.finditer(text)}
    lost: set[str] = set()
    for sentence in sentences:
        statuses = _statuses(sentence)
        proteins = list(_MMR_PROTEIN.finditer(sentence))
        group: list[re.Match[str]] = []
        for i, protein in enumerate(proteins):
            group.append(protein)
            following = proteins[i + 1].start() if i + 1 < len(proteins) else len(sentence)
            between = [st for st in statuses if protein.end() <= st[0] < following]
            if not between and i + 1 < len(proteins):
                continue  # named together with the next: they share a status
            before = [st for st in statuses if st[1] <= group[0].start()]
            status = between[0] if between else (before[-1] if before else None)
            if status is not None and status[2]:
                lost.update(m.group(0).upper() for m in group)
            group = []
    return lost


def _mmr_classes(text: str) -> list[str]:
    """The staining pattern and MLH1 methylation a free-text MMR result states. MLH1 lost (with or without PMS2) is
    the MLH1 pattern; MSH2 or MSH6 lost is its own; PMS2 lost while MLH1 is not is isolated PMS2 loss, which points to
    Lynch syndrome whatever BRAF shows (NICE DG27 2017; DG42 2020): "other", never the MLH1 pattern."""
    lost = _lost_proteins(_METHYLATION_PHRASE.sub(" ", text))
    classes = []
    if "MLH1" in lost:
        classes.append("dmmr_mlh1_pms2")
    if lost & {"MSH2", "MSH6"}:
        classes.append("dmmr_msh2_msh6")
    if "PMS2" in lost and "MLH1" not in lost:
        classes.append("dmmr_other")
    if _UNMETHYLATED.search(text):
        classes.append("mlh1_unmethylated")
    elif re.search(r"methylat|甲基化", text, re.IGNORECASE):
        classes.append("mlh1_methylated")
    return classes


def parse_value(marker: str, text: str) -> Parsed:
    """The coded classes, score and origin that the free text states unambiguously."""
    text = text or ""
    classes = [code for pattern, code in _PATTERNS.get(marker, ()) if re.search(pattern, text, re.IGNORECASE)]
    if marker == "MSI":
        classes += _mmr_classes(text)
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
