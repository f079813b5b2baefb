"""The coordinator's page for response assessments under any criteria, and the ECOG history of a case.

Reading it needs the triage workspace (access.TRIAGE); changing it, the
right to coordinate the case (access.COORDINATE). Each save is assessed at
once and an INVALID input shows every reason, with the JSON kept in the form.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import access
from cases.access import get_case_for
from cases.assessment import render as render_message
from cases.assessment import render_stored
from cases.clinical.response.examples import EXAMPLES
from cases.errors import ActionRefused
from cases.labels import criteria_name, response_label
from cases.models import EcogRecord
from cases.response_forms import EcogForm, ResponseAssessmentForm
from cases.responses import line_outcomes, response_save, series_for


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


@login_required
def responses(request, reference):
    """GET: every assessment with its derived category, and the form; POST: save one (new, or ?edit=<id>)."""
    action = access.COORDINATE if request.method == "POST" else access.TRIAGE
    case = get_case_for(request.user, reference, action)
    editing = None
    if request.GET.get("edit", "").isdigit():
        editing = get_object_or_404(case.response_assessments, pk=int(request.GET["edit"]))
    form = ResponseAssessmentForm(request.POST or None, initial=_initial(editing))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            row = response_save(
                case=case,
                by=request.user,
                criteria=d["criteria"],
                data=d["measurements"],
                assessed_on=d["assessed_on"],
                reported_category=d["reported_category"],
                assessment=editing,
            )
        except ActionRefused as error:
            messages.error(request, error.message)
        else:
            if row.derived_category == "INVALID":
                messages.warning(
                    request,
                    _("Saved, but the criteria cannot assess it: %(why)s")
                    % {"why": render_stored(row.derived_explanation)},
                )
            else:
                messages.success(
                    request, _("Saved: %(category)s") % {"category": response_label(row.criteria, row.derived_category)}
                )
            return redirect("cases:responses", reference=case.reference)
    context = {
        "case": case,
        "form": form,
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
    }
    return render(request, "cases/responses.html", context)


@login_required
@require_POST
def response_delete(request, reference, assessment_id):
    case = get_case_for(request.user, reference, access.COORDINATE)
    get_object_or_404(case.response_assessments, pk=assessment_id).delete()
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
