"""The ten questions a patient should ask about remission possibilities.

Taken from the seed text "What to Ask Your Doctor About Remission
Possibilities" (the product's source document 003).
"""

from .i18n import gettext_noop

SEED_QUESTIONS = {
    "remission_rate": gettext_noop("Based on my cancer type, how often do patients achieve complete remission?"),
    "realistic_goal": gettext_noop("Is partial remission or stable disease a more realistic goal for my situation?"),
    "cancer_features": gettext_noop("What features of my specific cancer make remission more or less likely?"),
    "biomarkers_complete": gettext_noop("Have all relevant biomarkers and molecular tests been completed?"),
    "treatment_options": gettext_noop(
        "Would immunotherapy, targeted therapy, local treatment, or clinical trials apply?"
    ),
    "treatment_duration": gettext_noop("If I respond well, how long might treatment continue?"),
    "signs_working": gettext_noop("What signs would confirm that treatment is working?"),
    "progression_plan": gettext_noop("What is the plan if the cancer progresses or stops responding?"),
    "mdt_review": gettext_noop("Should this case be reviewed by a full MDT team?"),
    "options_china": gettext_noop("Are there treatment options in China that may be relevant to my case?"),
}
