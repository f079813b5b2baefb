"""The guided intake: one page per step, each saving to the database."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import access, page_memo
from cases.access import can, get_case_for
from cases.assessment import case_with_clinical, completeness_for, gaps_for, with_clinical
from cases.clinical import codes
from cases.clinical.emergencies import SEEK_CARE_NOW
from cases.labels import code_label
from cases.models import Case
from cases.models.documents import DocumentKind
from intake import biomarker_rows, stepsave
from intake import forms as f
from intake.choices import subtype_choices
from intake.measurements import RecistForm, initial_from, measurements_save, series_for
from intake.services import step_answers_save, step_saved_at, step_version
from intake.steps import BY_CODE, next_step, previous_step, step_states

MSG_LOCKED = gettext_lazy(
    "This case has been submitted, so its answers can no longer be changed here. What you typed was not saved "
    "but is still on this page: press “Save draft” to see it listed, with a way to send it to the coordinator."
)
log = logging.getLogger(__name__)


def _forms(step, case, data=None, *, add: str = ""):
    if step == "diagnosis":
        return {"form": f.DiagnosisForm(data, instance=case)}
    if step == "biomarkers":
        formset = biomarker_rows.result_formset(case, data=data, add=add)
        return {
            "formset": formset,
            "form": f.BiomarkerNotesForm(data, instance=case),
            "extras": f.PathologyExtrasForm(data, instance=case),
        }
    if step == "treatment":
        return {
            "form": f.ConditionForm(data, instance=case),
            "lines": f.TreatmentLineFormSet(data, instance=case, prefix="lines"),
            "local": f.LocalTreatmentFormSet(data, instance=case, prefix="local"),
            # In the order the patient entered them, not sorted by test code.
            "labs": f.LabResultFormSet(data, instance=case, prefix="labs", queryset=case.labs.order_by("id")),
        }
    if step == "goals":
        return {"form": f.GoalsForm(data, instance=case)}
    if step == "records":
        return {"form": f.ConsentForm(data, instance=case)}
    raise Http404


def _build(step):
    return lambda case, data: _forms(step, case, data)


@login_required
def step_view(request, reference, step):
    if step not in BY_CODE:
        raise Http404
    case = get_case_for(request.user, reference, access.SEE_INTAKE, stamped=request.method == "GET")
    autosave = request.headers.get("X-Autosave") == "1"
    if not can(request.user, access.EDIT_INTAKE, case):
        return _locked(request, case, step, autosave=autosave)
    if request.method != "POST":
        memo = page_memo.Memo(request, case, "step")
        if (response := memo.kept()) is not None:  # nothing on the step changed since this reader's last look
            return response
        add = request.GET.get("add", "")
        # Loaded once for the rules (completeness, the stepper) and the forms: the biomarker rows and the
        # document choices read the same rows rather than asking again (issue 16).
        case = with_clinical(case)
        shown = _forms(step, case, add=add)
        # Unbound and without an added row, the forms shown are the saved answers: the page's base as they are.
        return memo.keep(_render_step(request, case, step, shown, base_forms=None if add else shown, memo=memo))
    outcome, case = step_answers_save(case=case, step=step, data=request.POST, build=_build(step), by=request.user)
    if autosave:
        return JsonResponse(_autosave_answer(request, case, step, outcome))
    if outcome.saved and not (
        outcome.conflicts or outcome.invalid or outcome.removed_elsewhere or outcome.row_conflicts
    ):
        if step == "biomarkers" and request.POST.get("add_result"):
            return biomarker_rows.redirect_to_add(request, "intake:step", case, request.POST["add_result"], step)
        return _after_save(request, case, step)
    return _render_step(request, case, step, outcome.forms, outcome=outcome)


def _problems(outcome) -> dict:
    return {
        "outcome": outcome,
        "problem_count": len(outcome.conflicts) + len(outcome.invalid) + len(outcome.row_conflicts) if outcome else 0,
    }


def _render_step(request, case, step, context_forms, outcome=None, *, base_forms=None, memo=None):
    context = _context(request, case, step, context_forms)
    leave_out = [c.field.key for c in outcome.conflicts] if outcome else []
    context.update(
        _problems(outcome),
        step_version=step_version(case, step),
        step_base=stepsave.snapshot_json(base_forms or _forms(step, case), leave_out=leave_out),
        saved_at=step_saved_at(case, step),
    )
    return render(request, f"intake/step_{step}.html", memo.holes(context) if memo else context)


def _autosave_answer(request, case, step, outcome) -> dict:
    """What the page's script needs to carry on: the new version and snapshot, ids, and what was not applied."""
    leave_out = [c.field.key for c in outcome.conflicts]
    saved_at = step_saved_at(case, step)
    return {
        "saved": outcome.saved,
        "version": step_version(case, step),
        "base": stepsave.snapshot_json(_forms(step, case), leave_out=leave_out),
        "saved_at_iso": saved_at.isoformat() if saved_at else "",
        "new_ids": outcome.new_ids,
        "taken": outcome.taken,
        "errors": {f.html_name: f.display for f in outcome.invalid},
        "conflicts": [c.field.html_name for c in outcome.conflicts],
        "row_conflicts": [c.row for c in outcome.row_conflicts],
        "problems_html": render_to_string(
            "intake/_save_problems.html", {**_problems(outcome), "case": case}, request=request
        ),
    }


def _locked(request, case, step, *, autosave):
    """The step of a case that can no longer be changed: its answers read-only, and a late save's text given back."""
    typed = []
    if request.method == "POST":
        typed = stepsave.typed_back(mine=_forms(step, case, request.POST), current=_forms(step, case))
        log.info("A save of step %s of %s arrived after the case was submitted", step, case.reference)
    if autosave:
        return JsonResponse({"locked": True, "message": str(MSG_LOCKED)}, status=409)
    fresh = case_with_clinical(case)
    context = {
        "case": fresh,
        "step": BY_CODE[step],
        "typed": typed,
        "gaps": gaps_for(fresh),
        "can_upload": can(request.user, access.UPLOAD, case),
        "can_message": can(request.user, access.POST_MESSAGE, case),
        "correction": "\n".join(f"{t['label']}: {t['value']}" for t in typed),
    }
    return render(request, "intake/step_locked.html", context, status=409 if typed else 200)


def _after_save(request, case, step):
    if case.emergencies:
        # Shown on whichever page comes next, so the warning holds without JavaScript too.
        messages.error(request, _(SEEK_CARE_NOW))
    if "next" in request.POST:
        following = next_step(step)
        if following:
            return redirect("intake:step", reference=case.reference, step=following.code)
        return redirect("intake:review", reference=case.reference)
    messages.success(request, _("Saved. You can leave now and come back later; nothing will be lost."))
    return redirect("intake:step", reference=case.reference, step=step)


def _context(request, case, step, context_forms):
    # The case as read for this request (a save reads it again, intake.services.step_answers_save): its clinical
    # rows loaded once, not a second copy of it.
    completeness = completeness_for(with_clinical(case))
    context = {
        "case": case,
        "step": BY_CODE[step],
        "steps": step_states(case, completeness),
        "previous": previous_step(step),
        "next": next_step(step),
        **context_forms,
    }
    if step == "biomarkers":
        context["cancer_type_label"] = code_label(codes.CANCER_TYPES, case.cancer_type)
        context["groups"] = biomarker_rows.groups(context["formset"], case)
    if step == "records":
        context["upload_form"] = f.UploadForm()
        context["upload_chunk_bytes"] = settings.UPLOAD_CHUNK_BYTES
        context["documents"] = case.documents.all()
        context["kinds"] = DocumentKind.choices
    return context


def staging_fields(request):
    """The stage and T/N/M fields for the cancer type and subtype being chosen (htmx swaps them in): a lymphoma is
    offered the Lugano stages and a myeloma ISS at once, not after a save. The values already chosen stay where the
    new staging has them."""
    case = Case(cancer_type=request.GET.get("cancer_type", ""), cancer_subtype=request.GET.get("cancer_subtype", ""))
    form = f.DiagnosisForm(instance=case, initial={name: request.GET.get(name, "") for name in STAGING})
    for name in STAGING:
        if name in form.fields and form.initial[name] not in {str(v) for v, _label in form.fields[name].choices}:
            form.initial[name] = ""  # not a stage of this cancer: shown blank, never silently another value
    return render(request, "intake/_staging_fields.html", {"form": form})


STAGING = ("stage_group", "t_category", "n_category", "m_category")


def subtype_options(request):
    """The subtype <option>s for a cancer type (htmx swaps them in)."""
    return render(
        request, "intake/_subtype_options.html", {"choices": subtype_choices(request.GET.get("cancer_type", ""))}
    )


@login_required
def measurements_view(request, reference):
    """RECIST lesion table: the derived category shown beside the one the patient was told."""
    case = get_case_for(request.user, reference, "edit_intake")
    # The patient's own table; rows a coordinator entered are on the coordinator's page.
    existing = case.response_assessments.filter(criteria="recist1.1", entered_by__isnull=True).first()
    form = RecistForm(request.POST or None, initial=initial_from(existing), case=case)
    if request.method == "POST" and form.is_valid():
        existing = measurements_save(
            case=case, data=form.to_input(), reported_category=form.cleaned_data["reported_category"]
        )
        messages.success(request, _("Measurements saved."))
        return redirect("intake:measurements", reference=case.reference)
    return render(
        request,
        "intake/measurements.html",
        {"case": case, "form": form, "assessment": existing, "series": series_for(existing)},
    )
