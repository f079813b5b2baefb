"""Each reader's time zone: times are stored in UTC and shown in the reader's zone, which the date formats name.

A user may choose a zone (`User.time_zone`); otherwise the browser's, which static/js/app.js keeps in a cookie;
otherwise UTC. Emails and PDFs are made for one reader and use that reader's chosen zone (or UTC), and say which.
"""

import zoneinfo
from contextlib import contextmanager
from functools import cache

from django.conf import settings
from django.utils import timezone

COOKIE = "mdt_tz"


@cache
def zones() -> tuple[str, ...]:
    """The IANA zone names a user may choose (Area/City, plus UTC)."""
    return tuple(sorted(z for z in zoneinfo.available_timezones() if "/" in z and not z.startswith("Etc/")) + ["UTC"])


def valid(name: str | None) -> str | None:
    return name if name and name in zones() else None


def zone_name(user, cookie: str | None = None) -> str:
    """The zone `user` reads times in: their choice, else their browser's (the cookie), else the site's (UTC)."""
    chosen = valid(getattr(user, "time_zone", "") or "") if user is not None else None
    return chosen or valid(cookie) or settings.TIME_ZONE


@contextmanager
def reading_as(user):
    """Times rendered inside are in `user`'s chosen zone (emails and PDFs: no browser to ask)."""
    with timezone.override(zoneinfo.ZoneInfo(zone_name(user))):
        yield


class TimezoneMiddleware:
    """Activates the reader's time zone for the request (after authentication)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user if request.user.is_authenticated else None
        name = zone_name(user, request.COOKIES.get(COOKIE))
        request.time_zone = name
        timezone.activate(zoneinfo.ZoneInfo(name))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
