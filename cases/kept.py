"""What a user typed into a form whose action was refused, kept for the next page view (once).

An action view that refuses (a stale page, a case that moved on) redirects to
the case page; the text comes back in the form there instead of being lost.
"""

_KEPT = "unsent:{reference}:{form}"


def kept(request, case, form: str) -> dict | None:
    """What was typed into `form` on this case before it was refused (once), for the form's `data`."""
    return request.session.pop(_KEPT.format(reference=case.reference, form=form), None)


def keep(request, case, form: str) -> None:
    # The page's version is left out: the form comes back with the case's current one.
    skip = ("csrfmiddlewaretoken", "version")
    data = {k: request.POST.getlist(k) if k == "items" else request.POST[k] for k in request.POST if k not in skip}
    request.session[_KEPT.format(reference=case.reference, form=form)] = data
