from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cases import audit
from cases.access import get_case_for
from cases.assessment import case_with_clinical
from cases.models import ReadKind
from reports.documents.letter import NoBiomarkerGaps, gap_letter_pdf, letter_filename


@never_cache
@login_required
@require_GET
def gap_letter(request, reference):
    """The biomarker-gap letter as a PDF, for anyone who may see the case; 404 when nothing is missing."""
    case = get_case_for(request.user, reference)
    case = case_with_clinical(case)
    try:
        pdf = gap_letter_pdf(case)
    except NoBiomarkerGaps:
        raise Http404 from None
    audit.record_read(user=request.user, case=case, what=ReadKind.LETTER)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=False, filename=letter_filename(case))
    return response
