"""The five intake steps of DESIGN.md, in order."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from cases.clinical.panels import panel_for


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


def unanswered_markers(case) -> list[str]:
    """Panel markers with no answer at all ("not tested" and "I don't know" are answers)."""
    if not case.cancer_type:
        return ["?"]  # no panel before the cancer type is known: the step cannot be finished yet
    answered = {b.marker for b in case.biomarkers.all() if b.result}
    return [m.code for m in panel_for(case.cancer_type, case.cancer_subtype) if m.code not in answered]


def steps_missing_answers(case, completeness) -> set[str]:
    """The steps whose own required answers are not all there.

    Beyond what submission requires (completeness.required: diagnosis, treatment, records), a step is not
    finished until its question is answered: every marker of the panel has an answer, and the patient has
    said what they want the MDT to answer.
    """
    missing = {item.step for item in completeness.required}
    if unanswered_markers(case):
        missing.add("biomarkers")
    if any(item.code == "goals" for item in completeness.recommended):
        missing.add("goals")
    return missing


def step_states(case, completeness) -> list[dict]:
    """Each step with whether it is done: saved, and its required answers there (visiting is not enough)."""
    missing_steps = steps_missing_answers(case, completeness)
    return [
        {
            "step": s,
            "saved": s.code in case.intake_steps_saved,
            "done": s.code in case.intake_steps_saved and s.code not in missing_steps,
        }
        for s in STEPS
    ]


def steps_done(states: list[dict]) -> int:
    return sum(1 for s in states if s["done"])


def first_unfinished(states: list[dict]) -> Step | None:
    """Where "Continue" takes the patient: the first step not done (None: all done, go to the review)."""
    return next((s["step"] for s in states if not s["done"]), None)
