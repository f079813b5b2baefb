"""Biomarker result records and their interpretation in the context of the case.

Public interface (see BIOMARKER_INTERFACE.md at the repository root):
- record.BiomarkerResult: one result on record (several per marker over time);
- codes / alterations: the coded values a record holds;
- context.DRUG_CLASSES: drug classes of a treatment line;
- interpretation.Interpretation / Statement / Gap: what the rules say;
- interpret(snapshot): the interpretation of a case snapshot.
"""

from .interpretation import (
    GAP_REASONS,
    PATIENT_ALL_RESULTS,
    PATIENT_MEANINGS,
    SPECIMEN_HINTS,
    STATEMENT_KINDS,
    Gap,
    Interpretation,
    Statement,
)
from .record import BiomarkerResult

__all__ = [
    "GAP_REASONS",
    "PATIENT_ALL_RESULTS",
    "PATIENT_MEANINGS",
    "SPECIMEN_HINTS",
    "STATEMENT_KINDS",
    "BiomarkerResult",
    "Gap",
    "Interpretation",
    "Statement",
    "interpret",
]


def interpret(snapshot, *, today=None) -> Interpretation:  # noqa: ANN001 - typed in engine.interpret
    """The interpretation of the biomarkers of `snapshot` (a snapshot.CaseSnapshot)."""
    from .engine import interpret as _interpret

    return _interpret(snapshot, today=today)
