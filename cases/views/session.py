from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cases.session_limits import record_activity, seconds_left


@never_cache
@require_http_methods(["GET", "POST"])
def session_status(request: HttpRequest) -> JsonResponse:
    """GET: how long is left (the page asks in the background). POST: the person chose to stay."""
    if request.method == "POST" and request.user.is_authenticated:
        record_activity(request)  # always, even within the middleware's 15 s resolution
    return JsonResponse({"seconds_left": seconds_left(request)})
