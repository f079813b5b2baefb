"""One timeline line in the reader's language, from an event's kind, message and params."""

from django import template
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.changes import EDIT_KINDS
from cases.models import Discipline, Priority, State
from cases.partial_dates import local_iso

register = template.Library()

_CAREGIVER_EVENTS = {
    "caregiver_invited": gettext_lazy("Invited %(email)s to act on the case"),
    "caregiver_joined": gettext_lazy("%(email)s accepted and can act on the case"),
    "caregiver_revoked": gettext_lazy("%(email)s can no longer act on the case"),
    "handover_offered": gettext_lazy("Offered the case to %(email)s"),
    "handed_over": gettext_lazy("The case now belongs to %(email)s"),
}


# Warnings a coordinator knowingly went past when moving the case (cases.lifecycle.WARNINGS).
_ACKNOWLEDGED = {
    "unreleased_report": gettext_lazy("Closed although a prepared version of the report was never released"),
}


def _value(text: str) -> str:
    """A changed answer as the reader reads it: a date ("2024-03", kept so) in their format, else `_words`."""
    return (local_iso(text) if text[:4].isdigit() else _words(text)) or "—"


def _words(text: str) -> str:
    """A stored English label or value in the reader's language ("Negative" → "阴性"); free text as written."""
    if ": " in text:  # "BRCA: Result" — a row and its field
        row, _sep, rest = text.partition(": ")
        return f"{row}: {_(rest)}" if rest else row
    return _(text) if text else ""


def _label(choices, code) -> str:
    if not code:
        return ""
    try:
        return str(choices(code).label)
    except ValueError:
        return code or ""


def _joined(*parts) -> str:
    return " · ".join(str(part) for part in parts if part)


def _text(event) -> str:
    p, message = event.params or {}, event.message
    kind = event.kind
    if kind == "transition":
        return _("Status changed to %(state)s") % {"state": _label(State, event.to_state)}
    if kind == "created":
        return _("Case started")
    if kind == "document_added":
        return _("Record added: %(name)s") % {"name": message}
    if kind == "document_removed":
        return _("Record removed: %(name)s") % {"name": message}
    if kind == "priority":
        if not p.get("priority"):
            return _("Priority back to the suggestion")
        return _("Priority set: %(text)s") % {"text": _joined(_label(Priority, p["priority"]), message)}
    if kind == "assigned":
        text = _joined(message, _label(Discipline, p.get("discipline")), _("chair") if p.get("chair") else "")
        return _("Assigned: %(text)s") % {"text": text}
    if kind == "unassigned":
        return _("Removed from the team: %(text)s") % {"text": message}
    if kind == "coordinator":
        return _("Coordinator looking after the case: %(name)s") % {"name": message}
    if kind == "chair":
        return _("MDT chair: %(text)s") % {"text": message}
    if kind == "meeting":
        when = parse_datetime(p.get("at") or "")
        if when is None:
            return _("MDT meeting date set")
        return _("MDT meeting set for %(when)s") % {"when": date_format(localtime(when), "DATETIME_FORMAT")}
    if kind == "question_moved":
        return _("Moved from the hopes to the patient's questions: “%(text)s”") % {"text": message}
    if kind == "intake_edited":
        n = len(p.get("changes") or [])
        return _("Changed the case's answers (%(n)s)") % {"n": n}
    if kind == "report_prepared":
        return _("Second-opinion report prepared (version %(n)s)") % {"n": message}
    if kind == "translation_checked":
        return _("Translation checked: %(text)s") % {"text": message}
    if kind == "report_released":
        return _("Second-opinion report released (version %(n)s)") % {"n": message}
    if kind == "opinion_submitted":
        return _("Opinion submitted: %(text)s") % {"text": _joined(message, _label(Discipline, p.get("discipline")))}
    if kind == "consensus_agreed":
        return _("MDT consensus agreed")
    if kind == "consensus_amended":
        return _("MDT consensus amended by the chair. Reason: %(reason)s") % {"reason": message}
    if kind == "biomarkers_completed":
        return _("Biomarker results completed from the reports")
    if kind == "erased":
        return _("The patient's data was erased at their request")
    if kind == "retention_deleted":
        return _(
            "Records and packets deleted at the end of the retention period (%(records)s records, %(packets)s packets)"
        ) % {
            "records": p.get("records", 0),
            "packets": p.get("packets", 0),
        }
    if kind in _CAREGIVER_EVENTS:
        return str(_CAREGIVER_EVENTS[kind]) % {"email": message}
    return kind


def _detail(event) -> str:
    p = event.params or {}
    if event.kind == "transition":
        gone_past = [str(_ACKNOWLEDGED.get(code, code)) for code in p.get("acknowledged") or []]
        return " · ".join(part for part in [event.message, *gone_past] if part)
    if event.kind in EDIT_KINDS:
        return format_html_join(
            "",
            '<div class="small intake-change">{}: <del>{}</del> → <ins>{}</ins></div>',
            (
                (_words(c.get("field", "")), _value(c.get("old", "")), _value(c.get("new", "")))
                for c in p.get("changes") or []
            ),
        )
    if event.kind == "consensus_agreed" and p.get("names"):
        return _("Agreed without opinions from %(names)s. Reason: %(reason)s") % p
    return ""


@register.simple_tag
def event_line(event):
    """The event's line and, under it, its reason or detail (escaped)."""
    detail = _detail(event)
    if detail and event.kind in EDIT_KINDS:
        return format_html("{}{}", _text(event), detail)  # already escaped, one line per change
    if detail:
        return format_html('{}<div class="small">{}</div>', _text(event), detail)
    return format_html("{}", _text(event))
