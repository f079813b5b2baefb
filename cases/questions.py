"""A question the patient wrote among their hopes, moved to their questions so the team answers it.

The patient's hopes (`goals_text`) are read as sentences; the coordinator or the chair picks one and it leaves the
hopes for the end of `own_questions` (one question a line, as the patient's own questions are kept). The timeline
records the move with both fields' old and new values, as an edit of the answers.
"""

import re

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.errors import ActionRefused
from cases.models import Case, CaseEvent

# A sentence ends at . ! ? (and their full-width forms) or a line break; the end mark stays with it.
_SENTENCE = re.compile(r"[^.!?。！？\n]+[.!?。！？]*")
_QUESTION_MARKS = ("?", "？")
# Stored in the timeline event in English and translated where shown: marked, so the catalogue keeps them.
HOPES_LABEL = gettext_noop("What you hope for from treatment")
QUESTIONS_LABEL = gettext_noop("Your own questions")
MAX_VALUE = 200

ERR_NOT_IN_HOPES = _("That sentence is no longer among the patient's hopes: the page was out of date.")


def hope_sentences(text: str) -> list[dict]:
    """Each sentence of the patient's hopes, and whether it reads as a question."""
    sentences = [m.group(0).strip() for m in _SENTENCE.finditer(text or "")]
    return [{"text": s, "is_question": s.endswith(_QUESTION_MARKS)} for s in sentences if s]


def _shown(text: str) -> str:
    return text[:MAX_VALUE]


@transaction.atomic
def question_move(*, case: Case, by, sentence: str) -> Case:
    """Move `sentence` from the case's hopes to the end of its own questions."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    sentence = sentence.strip()
    if not sentence or sentence not in [s["text"] for s in hope_sentences(case.goals_text)]:
        raise ActionRefused(ERR_NOT_IN_HOPES)
    old_hopes, old_questions = case.goals_text, case.own_questions
    at = old_hopes.index(sentence)
    hopes = (old_hopes[:at].rstrip(" \t") + " " + old_hopes[at + len(sentence) :].lstrip(" \t")).strip()
    case.goals_text = re.sub(r"[ \t]*\n[ \t]*", "\n", re.sub(r"[ \t]{2,}", " ", hopes))
    case.own_questions = "\n".join(line for line in [*old_questions.splitlines(), sentence] if line.strip())
    case.save(update_fields=["goals_text", "own_questions", "updated_at"])
    CaseEvent.objects.create(
        case=case,
        actor=by,
        kind="question_moved",
        message=_shown(sentence),
        params={
            "changes": [
                {"field": HOPES_LABEL, "old": _shown(old_hopes), "new": _shown(case.goals_text)},
                {"field": QUESTIONS_LABEL, "old": _shown(old_questions), "new": _shown(case.own_questions)},
            ]
        },
    )
    return case
