"""What the patient's local oncologist or laboratory must do to close a biomarker gap.

For each missing test: the method and the specimen (tissue block, slides,
marrow, blood, plasma, a scan) it needs, from data/lab_requests.py. The
first request is the one we ask for; the others are accepted alternatives.
"""

from dataclasses import dataclass

from .data.lab_requests import (
    AFTER_FIRST_DOSE,
    CANCER_OVERRIDES,
    CONFIRMATORY,
    MARKER_METHODS,
    METHOD_SPECIMEN,
    METHODS,
    REASON_OVERRIDES,
    REPORT_WHEN_READY,
    SPECIMENS,
)


@dataclass(frozen=True)
class LabRequest:
    method_code: str
    method: str  # gettext_noop label
    specimen_code: str
    specimen: str  # gettext_noop label


def _request(entry: str | tuple[str, str]) -> LabRequest:
    method, specimen = entry if isinstance(entry, tuple) else (entry, METHOD_SPECIMEN[entry])
    return LabRequest(method, METHODS[method], specimen, SPECIMENS[specimen])


def _entries(marker_code: str, cancer_type: str, state: str, reason: str = "") -> tuple:
    if state == "equivocal" and marker_code in CONFIRMATORY:
        return CONFIRMATORY[marker_code]
    if (cancer_type, marker_code, reason) in REASON_OVERRIDES:
        return REASON_OVERRIDES[(cancer_type, marker_code, reason)]
    return CANCER_OVERRIDES.get((cancer_type, marker_code)) or MARKER_METHODS.get(marker_code, ())


def requests_for(
    marker_code: str,
    cancer_type: str = "",
    state: str = "not_tested",
    reason: str = "",
    *,
    given: frozenset[str] = frozenset(),
) -> list[LabRequest]:
    """The tests that would close this gap, preferred first; [] for a marker we have no data for.

    An equivocal result asks for the confirmatory test where one is defined
    (ASCO/CAP HER2 2023: IHC 2+ is settled by ISH). A pending result needs no
    new specimen, only the report. A gap's reason can change the test (REASON_OVERRIDES): resistance testing on
    the new biopsy, a FLT3 negative by NGS only confirmed by PCR. `given` holds the drug classes already given:
    a pharmacogenetic test asked "before the first dose" of one of them is asked before the next (AFTER_FIRST_DOSE:
    EMA 2020; CPIC DPYD 2017).
    """
    requests = [_request(e) for e in _entries(marker_code, cancer_type, state, reason)]
    drug_class, after = AFTER_FIRST_DOSE.get(marker_code, ("", ""))
    if drug_class and drug_class in given:
        requests = [_request(after)]
    if state == "pending" and requests:
        first = requests[0]
        return [LabRequest(first.method_code, first.method, "report", REPORT_WHEN_READY)]
    return requests


def given_drug_classes(treatment_lines) -> frozenset[str]:
    """Every drug class of the treatment lines on record (as given, else read from the regimen text)."""
    from .biomarkers.engine import line_classes

    return frozenset(c for line in treatment_lines for c in line_classes(line))
