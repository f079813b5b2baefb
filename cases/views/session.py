from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cases.session_limits import seconds_left


@never_cache
@require_http_methods(["GET", "POST"])
def session_status(request: HttpRequest) -> JsonResponse:
    """GET: how long is left (the page asks in the background). POST: the person chose to stay (activity)."""
    return JsonResponse({"seconds_left": seconds_left(request)})
