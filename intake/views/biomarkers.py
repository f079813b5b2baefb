"""The coordinator's page for the biomarker records: every field, several results per marker, re-tests.

A save is merged with what was saved since the page was opened (intake.stepsave, as the patient's steps are):
an older tab never silently overwrites a newer save; a field both changed is shown with both values to choose.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cases import access, audit
from cases.access import get_case_for
from cases.models import Case
from cases.models.audit import ReadKind
from intake import biomarker_rows, stepsave
from intake.biomarker_forms import CoordinatorBiomarkerResultForm
from intake.services import biomarker_records_save, step_version


def _build(case, data=None, add=""):
    return {"formset": biomarker_rows.result_formset(case, CoordinatorBiomarkerResultForm, data, add=add)}


@login_required
def biomarker_records(request, reference):
    case = get_case_for(request.user, reference, access.EDIT_BIOMARKERS)
    if request.method != "POST":  # biomarker results are health data: each read is in the trail
        audit.record_read(user=request.user, case=case, what=ReadKind.CASE_PAGE, detail="biomarkers")
        return _render(request, case, _build(case, add=request.GET.get("add", ""))["formset"])
    outcome = biomarker_records_save(case=case, data=request.POST, build=_build, by=request.user)
    if outcome.saved and not (outcome.conflicts or outcome.invalid or outcome.removed_elsewhere):
        if request.POST.get("add_result"):
            return biomarker_rows.redirect_to_add(request, "intake:biomarker_records", case, request.POST["add_result"])
        messages.success(request, _("Biomarker results saved."))
        return redirect("intake:biomarker_records", reference=case.reference)
    if not outcome.saved:
        messages.error(request, _("Some answers need correcting before this step can be saved. See the marked fields."))
    return _render(request, case, outcome.forms["formset"], outcome)


def _render(request, case, formset, outcome=None):
    leave_out = [c.field.key for c in outcome.conflicts] if outcome else []
    context = {
        "case": case,
        "formset": formset,
        "groups": biomarker_rows.groups(formset, case),
        "full": True,
        "outcome": outcome,
        "problem_count": len(outcome.conflicts) + len(outcome.invalid) if outcome else 0,
        # What the page shows as saved now: the next save is merged against it (conflicts still open left out).
        "step_base": stepsave.snapshot_json(_build(case), leave_out=leave_out),
        "step_version": step_version(Case.objects.get(pk=case.pk), "biomarkers"),  # as saved now, not as loaded
    }
    return render(request, "intake/biomarker_records.html", context)
