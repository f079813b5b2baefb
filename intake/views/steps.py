"""The guided intake: one page per step, each saving to the database."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cases.access import get_case_for
from cases.assessment import case_with_clinical, completeness_for
from cases.clinical import codes
from cases.clinical.panels import panel_for
from cases.labels import code_label
from cases.models.documents import DocumentKind
from intake import forms as f
from intake.choices import subtype_choices
from intake.measurements import RecistForm, initial_from, measurements_save, series_for
from intake.services import step_save
from intake.steps import BY_CODE, next_step, previous_step, step_states

EXTRA_MARKER_ROWS = 2


def _biomarker_initial(case):
    existing = {b.marker: b for b in case.biomarkers.all()}
    panel = panel_for(case.cancer_type, case.cancer_subtype)
    rows, seen = [], set()
    for marker in panel:
        rows.append(_row(marker.code, existing.get(marker.code), marker))
        seen.add(marker.code)
    for code, result in existing.items():
        if code not in seen:
            rows.append(_row(code, result, None))
    rows += [{"marker": "", "extra": True} for _ in range(EXTRA_MARKER_ROWS)]
    return rows


def _row(code, result, marker):
    row = {"marker": code, "panel_marker": marker}
    if result:
        row.update(
            status=result.status,
            value=result.value,
            method=result.method,
            tested_on=result.tested_on,
            source_report=result.source_report,
            covers_gene={True: "true", False: "false"}.get(result.covers_gene, ""),
        )
    return row


def _forms(step, case, data=None):
    if step == "diagnosis":
        return {"form": f.DiagnosisForm(data, instance=case)}
    if step == "biomarkers":
        initial = _biomarker_initial(case)
        formset = f.BiomarkerFormSet(
            data,
            initial=[{k: v for k, v in r.items() if k in f.BiomarkerForm.base_fields} for r in initial],
            prefix="bm",
        )
        for form, row in zip(formset.forms, initial, strict=False):
            form.panel_marker = row.get("panel_marker")
            form.is_extra = row.get("extra", False)
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
            step_save(case=case, step=step, forms=bound, by=request.user)
            return _after_save(request, case, step)
        messages.error(request, _("Some answers need correcting before this step can be saved. See the marked fields."))
        context_forms = bound
    else:
        context_forms = _forms(step, case)
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
