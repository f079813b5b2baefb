from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases import timezones
from cases.forms import TimeZoneForm


@login_required
@require_http_methods(["GET", "POST"])
def time_zone(request):
    """The reader's time zone: one they choose, or their browser's. Times are stored in UTC either way."""
    browser = timezones.valid(request.COOKIES.get(timezones.COOKIE)) or ""
    form = TimeZoneForm(request.POST or None, initial={"time_zone": request.user.time_zone}, browser_zone=browser)
    if request.method == "POST" and form.is_valid():
        request.user.time_zone = form.cleaned_data["time_zone"]
        request.user.save(update_fields=["time_zone"])
        messages.success(
            request,
            _("Time zone saved: times are now shown in %(zone)s.")
            % {"zone": timezones.zone_name(request.user, request.COOKIES.get(timezones.COOKIE))},
        )
        return redirect("cases:time_zone")
    return render(request, "cases/time_zone.html", {"form": form, "current": request.time_zone})
