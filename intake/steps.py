"""The five intake steps of DESIGN.md, in order."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Step:
    code: str
    number: int
    title: str
    lead: str


STEPS = [
    Step(
        "diagnosis", 1, _("Diagnosis and spread"), _("The exact diagnosis: cancer type, stage and where it has spread.")
    ),
    Step(
        "biomarkers",
        2,
        _("Pathology and biomarkers"),
        _("Results of tests on the tumour. “Not tested” is a useful answer."),
    ),
    Step(
        "treatment",
        3,
        _("Treatment and condition now"),
        _("Treatments so far, how the cancer responded, and how the patient is now."),
    ),
    Step("goals", 4, _("Goals and questions"), _("What you hope for and what you want the MDT to answer.")),
    Step("records", 5, _("Records and consent"), _("Upload reports and scans, and give consent for the review.")),
]
BY_CODE = {s.code: s for s in STEPS}


def next_step(code: str) -> Step | None:
    index = [s.code for s in STEPS].index(code)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None


def previous_step(code: str) -> Step | None:
    index = [s.code for s in STEPS].index(code)
    return STEPS[index - 1] if index > 0 else None


def step_states(case, completeness) -> list[dict]:
    """Each step with whether it is done: saved once and nothing required missing."""
    missing_steps = {item.step for item in completeness.required}
    return [
        {
            "step": s,
            "saved": s.code in case.intake_steps_saved,
            "done": s.code in case.intake_steps_saved and s.code not in missing_steps,
        }
        for s in STEPS
    ]


def first_unfinished(states: list[dict]) -> Step | None:
    """Where "Continue" takes the patient: the first step not done (None: all done, go to the review)."""
    return next((s["step"] for s in states if not s["done"]), None)


def first_unsaved(case) -> Step | None:
    """The first step never saved: cheap enough for a list of cases."""
    return next((s for s in STEPS if s.code not in case.intake_steps_saved), None)
