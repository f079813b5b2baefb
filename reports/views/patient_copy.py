"""The patient's copy of what they submitted, as a PDF."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET

from cases import access, audit
from cases.access import get_case_for
from cases.models import ReadKind
from reports.models import PatientCopy
from reports.patient_copy import patient_copy_pdf
from reports.views.packets import private


@login_required
@require_GET
def patient_copy(request, reference):
    """The patient's copy of what they submitted: the stored one, or rendered now until it exists."""
    case = get_case_for(request.user, reference, access.PATIENT_COPY)
    filename = f"{case.reference}-copy.pdf"
    audit.record_read(user=request.user, case=case, what=ReadKind.PATIENT_COPY)
    stored = PatientCopy.objects.filter(case=case).first()
    response: HttpResponseBase
    if stored and stored.file:
        response = FileResponse(stored.file.open("rb"), filename=filename, content_type="application/pdf")
    else:
        response = HttpResponse(patient_copy_pdf(case), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    return private(response)
