import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import queue_actions
from cases.access import USE_QUEUE, can
from cases.errors import ActionRefused
from cases.forms import BulkAssignForm, SavedViewForm
from cases.models import SavedQueueView
from cases.queue import bulk_fields_html, filters_html, headers_html, queue_for, queue_lists, queue_page, with_params

# Filters a coordinator sets in the form (sort and page are not filters).
_FILTERS = ("q", "state", "priority", "cancer_type", "country", "assignee", "needs_me")
# What a coordinator typed in a form the queue could not act on (a view's name, the ticked cases and whom to
# assign): kept in the session across the redirect back to the queue, which shows it again, once.
_TYPED = "queue_typed"
_TYPED_MAX = 500  # characters of a name, ids of specialists: what the session keeps of a form no browser would send


_REFERENCE = re.compile(r"[A-Z0-9-]{1,20}")
_ID = re.compile(r"[0-9]{1,12}")


def _kept_values(values: list[str], shape: re.Pattern, most: int) -> list[str]:
    return [value for value in values if shape.fullmatch(value)][:most]


def _require_queue(request):
    if not can(request.user, USE_QUEUE):
        raise PermissionDenied


@login_required
def queue(request):
    _require_queue(request)
    typed = request.session.pop(_TYPED, None) or {}
    lists = queue_lists(request.user)  # staff, countries and saved views in one query
    filterset = queue_for(user=request.user, params=request.GET, lists=lists)
    ticked = frozenset(typed.get("cases", ()))
    page = queue_page(filterset=filterset, page_number=request.GET.get("page"), ticked=ticked)
    cleaned = filterset.cleaned_data
    current_view = queue_actions.view_query(request.GET)
    saved = lists.saved_views
    # A filter changed in the page (htmx): only the results, which replace the old ones.
    partial = request.htmx and not request.htmx.boosted and not request.htmx.history_restore_request
    template = "cases/_queue_results.html" if partial else "cases/queue.html"
    return render(
        request,
        template,
        {
            "filters_html": "" if partial else filters_html(filterset, lists),
            "filter_errors": filterset.errors,
            "page": page,
            "headers_html": headers_html(request.GET, cleaned.get("sort") or ""),
            "page_query": with_params(request.GET),
            "needs_me_count": page.needs_me_count,
            "needs_me_active": bool(cleaned.get("needs_me")),
            "active_filters": sum(1 for name in _FILTERS if cleaned.get(name)),
            "saved_views": saved,
            "current_view": current_view,
            "current_saved": next((v for v in saved if v.query == current_view), None),
            "bulk_fields_html": bulk_fields_html(lists, chosen=typed.get("bulk")),
            "bulk_open": bool(ticked or typed.get("bulk")),
            "typed_view_name": typed.get("name", ""),
            "back_query": request.GET.urlencode(),
        },
    )


def _back(query: str):
    return redirect(reverse("cases:queue") + (f"?{query}" if query else ""))


def _back_with_ticks(request, query: str):
    """Back to the queue with the cases still ticked and whom to assign still chosen, to correct and send again."""
    post = request.POST
    # Only what could be real is kept (a reference, an id): a forged form must not fill the session row that
    # every later request of this coordinator loads.
    request.session[_TYPED] = {
        "cases": _kept_values(post.getlist("cases"), _REFERENCE, queue_actions.MAX_BULK),
        "bulk": {
            "coordinator": next(iter(_kept_values([post.get("coordinator", "")], _ID, 1)), ""),
            "specialists": _kept_values(post.getlist("specialists"), _ID, _TYPED_MAX),
        },
    }
    return _back(query)


@login_required
@require_POST
def view_save(request):
    """Save the queue's current filters and sort under a name (the same name replaces the older view)."""
    _require_queue(request)
    query = request.POST.get("query", "")
    form = SavedViewForm(request.POST)
    if not form.is_valid():
        name = request.POST.get("name", "")
        errors = [str(error) for error in form.errors.get("name", ())]
        messages.error(request, " ".join(errors) if name.strip() else _("Give the view a name."))
        request.session[_TYPED] = {"name": name[:_TYPED_MAX]}
        return _back(query)
    view = queue_actions.view_save(user=request.user, name=form.cleaned_data["name"], params=QueryDict(query))
    messages.success(request, _("View saved: %(name)s.") % {"name": view.name})
    return _back(view.query)


@login_required
@require_POST
def view_delete(request, view_id: int):
    _require_queue(request)
    view = get_object_or_404(SavedQueueView, pk=view_id, user=request.user)  # nobody else's views
    view.delete()
    messages.success(request, _("View removed: %(name)s.") % {"name": view.name})
    return _back(request.POST.get("query", ""))


@login_required
@require_POST
def bulk_assign(request):
    """Assign a coordinator and/or specialists to the ticked cases; each case's own rules hold."""
    _require_queue(request)
    back = request.POST.get("back", "")
    form = BulkAssignForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, str(text))
        return _back_with_ticks(request, back)
    try:
        outcome = queue_actions.bulk_assign(
            by=request.user,
            references=request.POST.getlist("cases"),
            coordinator=form.cleaned_data["coordinator"],
            specialists=list(form.cleaned_data["specialists"]),
        )
    except ActionRefused as error:
        messages.error(request, error.message)
        return _back_with_ticks(request, back)
    if outcome.done:
        messages.success(
            request, _("Assigned on %(n)s cases: %(refs)s.") % {"n": len(outcome.done), "refs": ", ".join(outcome.done)}
        )
    for reference, reason in outcome.refused:
        messages.error(request, _("Not assigned on %(ref)s: %(reason)s") % {"ref": reference, "reason": reason})
    return _back(back)
