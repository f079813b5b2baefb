"""The guided intake: one page per step, each saving to the database."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cases.access import get_case_for
from cases.assessment import case_with_clinical, completeness_for
from cases.clinical import codes
from cases.labels import code_label
from cases.models.documents import DocumentKind
from intake import biomarker_rows
from intake import forms as f
from intake.choices import subtype_choices
from intake.measurements import RecistForm, initial_from, measurements_save, series_for
from intake.services import step_save
from intake.steps import BY_CODE, next_step, previous_step, step_states


def _forms(step, case, data=None, *, add: str = ""):
    if step == "diagnosis":
        return {"form": f.DiagnosisForm(data, instance=case)}
    if step == "biomarkers":
        formset = biomarker_rows.result_formset(case, data=data, add=add)
        return {"formset": formset, "form": f.BiomarkerNotesForm(data, instance=case)}
    if step == "treatment":
        return {
            "form": f.ConditionForm(data, instance=case),
            "lines": f.TreatmentLineFormSet(data, instance=case, prefix="lines"),
            "local": f.LocalTreatmentFormSet(data, instance=case, prefix="local"),
            "labs": f.LabResultFormSet(data, instance=case, prefix="labs"),
        }
    if step == "goals":
        return {"form": f.GoalsForm(data, instance=case)}
    if step == "records":
        return {"form": f.ConsentForm(data, instance=case)}
    raise Http404


@login_required
def step_view(request, reference, step):
    if step not in BY_CODE:
        raise Http404
    case = get_case_for(request.user, reference, "edit_intake")
    if request.method == "POST":
        bound = _forms(step, case, request.POST)
        if all(item.is_valid() for item in bound.values()):
            step_save(case=case, step=step, forms=bound)
            if step == "biomarkers" and request.POST.get("add_result"):
                return biomarker_rows.redirect_to_add(request, "intake:step", case, request.POST["add_result"], step)
            return _after_save(request, case, step)
        messages.error(request, _("Some answers need correcting before this step can be saved. See the marked fields."))
        context_forms = bound
    else:
        context_forms = _forms(step, case, add=request.GET.get("add", ""))
    return render(request, f"intake/step_{step}.html", _context(request, case, step, context_forms))


def _after_save(request, case, step):
    if "next" in request.POST:
        following = next_step(step)
        if following:
            return redirect("intake:step", reference=case.reference, step=following.code)
        return redirect("intake:review", reference=case.reference)
    messages.success(request, _("Saved. You can leave now and come back later; nothing will be lost."))
    return redirect("intake:step", reference=case.reference, step=step)


def _context(request, case, step, context_forms):
    fresh = case_with_clinical(case)
    completeness = completeness_for(fresh)
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
        context["documents"] = case.documents.all()
        context["kinds"] = DocumentKind.choices
    return context


def subtype_options(request):
    """The subtype <option>s for a cancer type (htmx swaps them in)."""
    return render(
        request, "intake/_subtype_options.html", {"choices": subtype_choices(request.GET.get("cancer_type", ""))}
    )


@login_required
def measurements_view(request, reference):
    """RECIST lesion table: the derived category shown beside the one the patient was told."""
    case = get_case_for(request.user, reference, "edit_intake")
    existing = case.response_assessments.filter(criteria="recist1.1").first()
    form = RecistForm(request.POST or None, initial=initial_from(existing))
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
