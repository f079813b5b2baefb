"""The coordinator's page for the biomarker records: every field, several results per marker, re-tests."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cases import access
from cases.access import get_case_for
from intake import biomarker_rows
from intake.biomarker_forms import CoordinatorBiomarkerResultForm
from intake.services import biomarkers_complete


@login_required
def biomarker_records(request, reference):
    case = get_case_for(request.user, reference, access.EDIT_BIOMARKERS)
    data = request.POST if request.method == "POST" else None
    formset = biomarker_rows.result_formset(case, CoordinatorBiomarkerResultForm, data, add=request.GET.get("add", ""))
    if data is not None:
        if formset.is_valid():
            biomarkers_complete(case=case, by=request.user, forms=formset.forms)
            if request.POST.get("add_result"):
                return biomarker_rows.redirect_to_add(
                    request, "intake:biomarker_records", case, request.POST["add_result"]
                )
            messages.success(request, _("Biomarker results saved."))
            return redirect("intake:biomarker_records", reference=case.reference)
        messages.error(request, _("Some answers need correcting before this step can be saved. See the marked fields."))
    context = {"case": case, "formset": formset, "groups": biomarker_rows.groups(formset, case), "full": True}
    return render(request, "intake/biomarker_records.html", context)
