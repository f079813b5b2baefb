"""One biomarker result on record, as plain data the rules read.

A marker can have several records over time (tested again at progression):
each carries what was found, the alteration class, germline or somatic, the
specimen and when it was taken, the assay and what that assay could see, the
variant allele fraction and the uploaded report it came from. Only `marker`
and `result` are required: a patient may answer just "tested, negative",
"not tested" or "I don't know", and a coordinator completes the rest.
"""

from dataclasses import dataclass, field
from datetime import date

from .codes import ASSAY_SCOPE, LEGACY_METHOD_TO_ASSAY, LEGACY_STATUS_TO_RESULT, RESULT_TO_LEGACY_STATUS, RESULTS


@dataclass(frozen=True)
class BiomarkerResult:
    """A result record. Positional order (marker, result, method, covers_gene) is the one callers used before."""

    marker: str  # marker code (data/markers.py), e.g. "EGFR"
    result: str  # biomarkers.codes.RESULTS; the older status codes ("positive", ...) are accepted and mapped
    method: str = ""  # older coarse method code (codes.BIOMARKER_METHODS); `assay` is derived from it when empty
    covers_gene: bool | None = None  # older yes/no "did the test cover this gene?"; False keeps a negative a gap
    alterations: tuple[str, ...] = ()  # class codes from biomarkers.alterations.ALTERATIONS[marker]
    variant: str = ""  # free text as reported, e.g. "p.E746_A750del", "EML4::ALK"
    fusion_partner: str = ""  # e.g. "EML4", "CCDC6", "KIF5B"
    origin: str = ""  # biomarkers.codes.ORIGINS: somatic, germline, unknown ("" = not said)
    specimen: str = ""  # biomarkers.codes.SPECIMENS
    specimen_site: str = ""  # free text, e.g. "liver segment VII"
    collected_on: date | None = None  # when the specimen was taken (falls back to reported_on)
    reported_on: date | None = None  # date of the report
    assay: str = ""  # biomarkers.codes.ASSAYS; derived from `method` when empty
    scope: tuple[str, ...] = ()  # biomarkers.codes.SCOPES the assay could see; () = the assay's default
    genes_covered: tuple[str, ...] = ()  # marker codes the assay covered; () = not stated
    exons_tested: tuple[int, ...] = ()  # only these exons were tested (e.g. KRAS exon 2 only); () = not limited
    score: float | None = None  # PD-L1 TPS/CPS, CLDN18.2 % of cells, Ki-67 %, ...
    scoring: str = ""  # biomarkers.codes.PDL1_SCORING for PD-L1 (TPS, CPS, IC, TC)
    clone: str = ""  # biomarkers.codes.PDL1_CLONES for PD-L1 (22C3, SP263, ...)
    vaf: float | None = None  # variant allele fraction, percent
    report_id: int | None = None  # id of the uploaded document the result was read from
    record_id: int | None = None  # id of the stored record, so a statement can point back to it
    extra: dict = field(default_factory=dict, compare=False)  # anything else the Django layer wants to pass

    def __post_init__(self) -> None:
        result = LEGACY_STATUS_TO_RESULT.get(self.result, self.result)
        if result not in RESULTS:
            result = "unknown"
        object.__setattr__(self, "result", result)
        if not self.assay and self.method:
            object.__setattr__(self, "assay", LEGACY_METHOD_TO_ASSAY.get(self.method, "other"))

    @property
    def status(self) -> str:
        """The older six-state status code (codes.BIOMARKER_STATUSES) for screens that still show it."""
        return RESULT_TO_LEGACY_STATUS[self.result]

    @property
    def detected(self) -> bool:
        return self.result == "detected"

    @property
    def when(self) -> date | None:
        return self.collected_on or self.reported_on

    def effective_scope(self) -> tuple[str, ...]:
        """What the assay could see: the record's own scope, else the default of its assay type."""
        return self.scope or ASSAY_SCOPE.get(self.assay, ())

    def has(self, *classes: str) -> bool:
        """Whether any of these alteration classes was found."""
        return self.detected and any(c in self.alterations for c in classes)
