"""Reading the biomarkers of a case in context (first version: the panel gaps; the rules follow)."""

from datetime import date

from ..snapshot import CaseSnapshot
from .interpretation import Gap, Interpretation


def interpret(snapshot: CaseSnapshot, *, today: date | None = None) -> Interpretation:
    from ..panels import biomarker_gaps

    rows = biomarker_gaps(snapshot.cancer_type, snapshot.cancer_subtype, list(snapshot.biomarkers))
    gaps = tuple(
        Gap(
            r.marker.code,
            r.state if r.state in ("pending", "equivocal", "not_tested") else "unknown",
            r.reason,
            r.params,
            r.marker.guideline,
            r.state,
        )
        for r in rows
        if r.is_gap
    )
    return Interpretation(snapshot.cancer_type, snapshot.cancer_subtype, (), gaps)
