"""Sessions end after a spell of inactivity (shorter for staff than for patients) and after an absolute lifetime.

Enforced here, on the server: the page's warning (static/js/session.js) only tells the person in time. Requests
marked with the X-MDT-Background header (htmx polling, the page asking how long is left) are not activity.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

BACKGROUND_HEADER = "X-MDT-Background"
LAST_ACTIVITY = "mdt_last_activity"
STARTED = "mdt_session_started"
# Activity is written at most this often, so a busy page does not write its session row on every request.
ACTIVITY_RESOLUTION_SECONDS = 15
MSG_IDLE = _("You were signed out because nothing happened for a while. Please sign in again.")
MSG_TOO_OLD = _("You were signed out because your session reached its time limit. Please sign in again.")


def idle_seconds(user) -> int:
    minutes = settings.SESSION_IDLE_MINUTES_PATIENT if user.is_patient else settings.SESSION_IDLE_MINUTES_STAFF
    return minutes * 60


def seconds_left(request: HttpRequest, now: float | None = None) -> int:
    """How long the session of request.user has before it ends, if nothing more happens."""
    if not request.user.is_authenticated:
        return 0
    now = time.time() if now is None else now
    session = request.session
    idle_end = session.get(LAST_ACTIVITY, now) + idle_seconds(request.user)
    absolute_end = session.get(STARTED, now) + settings.SESSION_MAX_HOURS * 3600
    return max(0, int(min(idle_end, absolute_end) - now))


def record_activity(request: HttpRequest, now: float | None = None) -> None:
    request.session[LAST_ACTIVITY] = time.time() if now is None else now


def is_background(request: HttpRequest) -> bool:
    return request.headers.get(BACKGROUND_HEADER) == "true"


class SessionLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            session.setdefault(STARTED, now)  # sessions from before this middleware, or a test's force_login
            session.setdefault(LAST_ACTIVITY, now)
            if seconds_left(request, now) <= 0:
                too_old = now - session[STARTED] >= settings.SESSION_MAX_HOURS * 3600
                logout(request)
                messages.info(request, MSG_TOO_OLD if too_old else MSG_IDLE)
                if is_background(request) or request.headers.get("HX-Request"):
                    # Nothing for htmx to swap in: the page's own warning says what happened.
                    return HttpResponse(status=401)
            elif not is_background(request) and now - session[LAST_ACTIVITY] >= ACTIVITY_RESOLUTION_SECONDS:
                record_activity(request, now)
        return self.get_response(request)


def start_session_clock(sender, request: HttpRequest, user, **kwargs) -> None:
    """Signing in (again) starts the lifetime afresh: Django keeps a same-user session's data across a login."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[STARTED] = now
        request.session[LAST_ACTIVITY] = now


def session_limits(request: HttpRequest) -> dict[str, object]:
    """Template context: what the page's warning needs (base.html)."""
    if not request.user.is_authenticated:
        return {}
    return {
        "session_seconds_left": seconds_left(request),
        "session_idle_seconds": idle_seconds(request.user),
        "session_warn_seconds": settings.SESSION_WARNING_SECONDS,
    }
