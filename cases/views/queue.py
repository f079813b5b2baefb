from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from cases.access import USE_QUEUE, can
from cases.queue import needs_me_count, queue_for, queue_page, sort_headers, with_params

# Filters a coordinator sets in the form (sort and page are not filters).
_FILTERS = ("q", "state", "priority", "cancer_type", "country", "assignee", "needs_me")


@login_required
def queue(request):
    if not can(request.user, USE_QUEUE):
        raise PermissionDenied
    filterset = queue_for(user=request.user, params=request.GET)
    page = queue_page(filterset=filterset, page_number=request.GET.get("page"))
    cleaned = filterset.form.cleaned_data
    return render(
        request,
        "cases/queue.html",
        {
            "filter": filterset,
            "page": page,
            "headers": sort_headers(request.GET, cleaned.get("sort") or ""),
            "page_query": with_params(request.GET),
            "needs_me_count": needs_me_count(request.user),
            "needs_me_active": bool(cleaned.get("needs_me")),
            "active_filters": sum(1 for name in _FILTERS if cleaned.get(name)),
        },
    )
