"""Who saved an intake step since a page was opened: named in the conflict box instead of "another device".

Each save of a step (the patient's or caregiver's step page, the coordinator's biomarker page) bumps the step's
version in `Case.intake_versions` and notes who saved it. A page carries the version it was opened at
(`_version`); the people who saved the step after that version are the ones whose answers it may now differ
from. When only the same person saved since, it was their other device (or tab); when the version is not known
(an older page, or a save from before authors were noted), nobody is named.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cases.access import acts_for_patient
from cases.models import Case, User
from intake.stepsave import ChangedBy

# Enough to cover every save made while one page stays open; older entries are dropped.
KEEP_EDITS = 20


def step_edited(*, case: Case, step: str, by) -> None:
    """Count one save of `step` and note who made it (the caller holds the case's row lock)."""
    versions = dict(case.intake_versions or {})
    entry = dict(versions.get(step, {}))
    version = entry.get("version", 0) + 1
    edits = [*entry.get("edits", []), {"v": version, "by": getattr(by, "pk", None)}][-KEEP_EDITS:]
    versions[step] = {**entry, "version": version, "saved_at": timezone.now().isoformat(), "edits": edits}
    case.intake_versions = versions
    case.save(update_fields=["intake_versions", "updated_at"])


def _page_version(data) -> int | None:
    try:
        return int(data.get("_version", ""))
    except (TypeError, ValueError):
        return None


def changed_by(*, case: Case, step: str, data, by) -> ChangedBy:
    """Who saved `step` after the page that sent `data` was opened, as the conflict box names them."""
    opened_at = _page_version(data)
    if opened_at is None or by is None:
        return ChangedBy()
    edits = (case.intake_versions or {}).get(step, {}).get("edits", [])
    since = [e.get("by") for e in edits if e.get("v", 0) > opened_at]
    if any(pk is None for pk in since):
        return ChangedBy()  # someone we cannot name saved it: say nothing more than "another device"
    others = list(dict.fromkeys(pk for pk in since if pk != by.pk))
    if not others:
        return ChangedBy()
    people = {u.pk: u for u in User.objects.filter(pk__in=others)}
    names = tuple(person_on_case(people[pk], case) for pk in others if pk in people)
    return ChangedBy(others=names, mine_too=by.pk in since)


def person_on_case(user, case: Case) -> str:
    """A name with the part the person plays on this case: "Dana Coordinator (coordinator)"."""
    if user.pk == case.owner_id:
        role = pgettext("role on a case", "patient")
    elif acts_for_patient(user, case):
        role = pgettext("role on a case", "caregiver")
    elif user.is_coordinator:
        role = pgettext("role on a case", "coordinator")
    else:
        role = str(user.get_role_display()).lower()
    return _("%(name)s (%(role)s)") % {"name": str(user), "role": role}
