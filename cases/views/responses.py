"""The coordinator's page for response assessments under any criteria, and the ECOG history of a case.

Reading it needs the triage workspace (access.TRIAGE); changing it, the
right to coordinate the case (access.COORDINATE). Each save is assessed at
once and an INVALID input shows every reason, with the JSON kept in the form.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import access, audit
from cases.access import get_case_for
from cases.assessment import render as render_message
from cases.assessment import render_stored
from cases.clinical.lines import measured_to_relapse
from cases.clinical.response.choice import entry_criteria
from cases.clinical.response.examples import EXAMPLES
from cases.errors import ActionRefused
from cases.labels import criteria_name, response_label
from cases.models import EcogRecord
from cases.models.audit import ReadKind
from cases.response_entry import ENTRY_FORMS
from cases.response_forms import EcogForm, ResponseAssessmentForm
from cases.responses import criteria_input, line_outcomes, response_save, series_for
from cases.responses import response_delete as response_delete_service


def _initial(row) -> dict:
    if row is None:
        return {"criteria": "recist1.1", "measurements": json.dumps(EXAMPLES["recist1.1"], indent=2)}
    return {
        "criteria": row.criteria,
        "assessed_on": row.assessed_on,
        "measurements": json.dumps(row.data, indent=2, ensure_ascii=False),
        "reported_category": row.reported_category,
    }


def _rows(case) -> list[dict]:
    out = []
    for row in case.response_assessments.all():
        series = series_for(row) if row.derived_category not in ("", "INVALID") else []
        out.append(
            {
                "row": row,
                "criteria": criteria_name(row.criteria),
                "explanation": render_stored(row.derived_explanation),
                "label": response_label(row.criteria, row.derived_category),
                "points": [
                    {
                        "category": r.category,
                        "label": response_label(row.criteria, r.category),
                        "text": render_message(r.template, r.params),
                    }
                    for r in series
                ]
                if len(series) > 1
                else [],
            }
        )
    return out


def _default_entry(case) -> str:
    """The form for the criteria a new assessment of the case is entered under; JSON where they have no form."""
    ongoing = [line.regimen for line in case.treatment_lines.all() if line.ongoing]
    code = entry_criteria(case.cancer_type, case.histology, ongoing)
    return code if code in ENTRY_FORMS else "json"


def _entry_kind(request, case, editing) -> str:
    """Which form to show: a criteria's own form (?entry=irecist), or "json" for any criteria."""
    kind = request.POST.get("entry") or request.GET.get("entry") or ""
    if kind in ENTRY_FORMS or kind == "json":
        return kind
    if editing is not None:
        form = ENTRY_FORMS.get(editing.criteria)
        # Only where the form can show the whole input and give it back (EntryForm.holds); else as JSON.
        return editing.criteria if form is not None and form.holds(criteria_input(editing.data)) else "json"
    return _default_entry(case)


def _entry_form(request, kind, editing, case=None):
    """The structured form for `kind`, bound on POST, else filled from the assessment being edited."""
    cls = ENTRY_FORMS[kind]
    if request.method == "POST":
        return cls(request.POST, prefix="e", case=case)
    initial = {}
    if editing is not None and editing.criteria == kind:
        initial = cls.initial_from(criteria_input(editing.data))
        initial["reported_category"] = editing.reported_category
        if kind == "lugano2014":
            initial["assessed"] = editing.assessed_on
    return cls(initial=initial, prefix="e", case=case)


def _save(request, case, editing, entry="", **fields):
    """Assess and keep one input; a redirect (back to the same form) on success, None when it was refused."""
    try:
        row = response_save(case=case, by=request.user, assessment=editing, **fields)
    except ActionRefused as error:
        messages.error(request, error.message)
        return None
    if row.derived_category == "INVALID":
        messages.warning(
            request,
            _("Saved, but the criteria cannot assess it: %(why)s") % {"why": render_stored(row.derived_explanation)},
        )
    else:
        label = response_label(row.criteria, row.derived_category)
        messages.success(request, _("Saved: %(category)s") % {"category": label})
    target = reverse("cases:responses", kwargs={"reference": case.reference})
    return redirect(f"{target}?entry={entry}#assessments" if entry else target)


@login_required
def responses(request, reference):
    """GET: every assessment with its derived category, and the form; POST: save one (new, or ?edit=<id>).

    iRECIST, Lugano 2014 PET and PCWG3 have their own forms (cases.response_entry, ?entry=<criteria>); every
    criteria can also be entered as JSON (?entry=json).
    """
    action = access.COORDINATE if request.method == "POST" else access.TRIAGE
    case = get_case_for(request.user, reference, action)
    editing = None
    if request.GET.get("edit", "").isdigit():
        editing = get_object_or_404(case.response_assessments, pk=int(request.GET["edit"]))
    kind = _entry_kind(request, case, editing)
    entry_form = _entry_form(request, kind, editing, case) if kind in ENTRY_FORMS else None
    json_post = request.method == "POST" and entry_form is None
    form = ResponseAssessmentForm(request.POST if json_post else None, initial=_initial(editing), case=case)
    if entry_form is not None and entry_form.is_bound and entry_form.is_valid():
        saved = _save(
            request,
            case,
            editing,
            entry=kind,
            criteria=entry_form.criteria,
            data=entry_form.to_data(),
            assessed_on=entry_form.assessed_on(),
            reported_category=entry_form.cleaned_data["reported_category"],
        )
        if saved:
            return saved
    if json_post and form.is_valid():
        d = form.cleaned_data
        saved = _save(
            request,
            case,
            editing,
            criteria=d["criteria"],
            data=d["measurements"],
            assessed_on=d["assessed_on"],
            reported_category=d["reported_category"],
        )
        if saved:
            return saved
    context = {
        "case": case,
        "form": form,
        "entry": kind,
        "entry_form": entry_form,
        "entry_kinds": [(k, criteria_name(k)) for k in ENTRY_FORMS],
        "editing": editing,
        "rows": _rows(case),
        "examples": [(criteria_name(k), k, json.dumps(v, indent=2)) for k, v in EXAMPLES.items()],
        "ecog_form": EcogForm(),
        "ecog_records": case.ecog_records.all(),
        "lines": [
            (
                line,
                {
                    "outcome": o,
                    "criteria_name": criteria_name(o.best.criteria) if o.best else "",
                    "best_label": response_label(o.best.criteria, o.best.category) if o.best else "",
                },
            )
            for line, o in zip(case.treatment_lines.all(), line_outcomes(case, timezone.localdate()), strict=True)
        ],
        "can_edit": access.can(request.user, access.COORDINATE, case),
        "to_relapse": measured_to_relapse(case.cancer_type, f"{case.histology} {case.cancer_subtype}"),
    }
    # The measurements and responses are health data: every showing of the page is in the trail (a form sent back
    # with a mistake shows them again).
    audit.record_read(user=request.user, case=case, what=ReadKind.CASE_PAGE, detail="responses")
    return render(request, "cases/responses.html", context)


@login_required
@require_POST
def response_delete(request, reference, assessment_id):
    case = get_case_for(request.user, reference, access.COORDINATE)
    response_delete_service(case=case, assessment=get_object_or_404(case.response_assessments, pk=assessment_id))
    messages.success(request, _("Assessment removed."))
    return redirect("cases:responses", reference=case.reference)


@login_required
@require_POST
def ecog_add(request, reference):
    case = get_case_for(request.user, reference, access.COORDINATE)
    form = EcogForm(request.POST)
    if form.is_valid():
        EcogRecord.objects.create(case=case, **form.cleaned_data)
        messages.success(request, _("Performance status saved."))
    else:
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, str(text))
    return redirect("cases:responses", reference=case.reference)
