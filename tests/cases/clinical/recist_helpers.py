"""Builders for RECIST 1.1 inputs, so tests read like the paper's tables."""


def lesion(site: str, mm: float, nodal: bool = False) -> dict:
    return {"site": site, "nodal": nodal, "mm": mm}


def recist(baseline: list[dict], *points: list, nontarget="present", new_lesions=False) -> dict:
    return {
        "baseline": baseline,
        "assessments": [list(p) for p in points],
        "nontarget": nontarget,
        "new_lesions": new_lesions,
    }


# Baseline sum 100 mm in two organs, used by most threshold tests.
LIVER_LUNG = [lesion("liver", 60), lesion("lung", 40)]
