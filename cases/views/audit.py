"""The staff's audit view: every read of health data and every refused attempt, filtered, paged, exported."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cases import access, audit
from cases.forms import AuditFilterForm
from cases.queue import with_params

PAGE_SIZE = 50


@never_cache
@login_required
@require_GET
def audit_trail(request):
    access.require(request.user, access.AUDIT)
    form = AuditFilterForm(request.GET or None)
    form.is_valid()  # cleaned_data then holds the valid filters only
    rows = audit.trail_filtered(filters=getattr(form, "cleaned_data", {}))
    if request.GET.get("format") == "csv":
        return _csv(rows)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/audit.html",
        {
            "form": form,
            "page": page,
            "page_query": with_params(request.GET),
            "csv_query": with_params(request.GET, format="csv"),
        },
    )


def _csv(rows):
    response = StreamingHttpResponse(audit.trail_csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-{timezone.now():%Y%m%d-%H%M}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
