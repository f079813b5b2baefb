"""The app's URLs plus the floors the benchmarks measure against (never part of the product)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns

_FLOOR = engines["django"].from_string(
    "<!doctype html><html lang='en'><head><title>floor</title></head><body><table>"
    "{% for case in cases %}<tr><td>{{ case.reference }}</td><td>{{ case.patient_name }}</td>"
    "<td>{{ case.patient_country }}</td><td>{{ case.state }}</td><td>{{ case.priority }}</td>"
    "<td>{{ case.completeness_score }}</td><td>{{ case.state_changed_at|date:'Y-m-d' }}</td></tr>{% endfor %}"
    "</table></body></html>"
)


@login_required
def floor(request):
    """A bare DB-backed view: behind the same middleware and login, 25 cases in one query, a small template."""
    from cases.models import Case

    cases = list(
        Case.objects.exclude(state="draft")
        .only(
            "reference",
            "patient_name",
            "patient_country",
            "state",
            "priority",
            "completeness_score",
            "state_changed_at",
        )
        .order_by("-pk")[:25]
    )
    return HttpResponse(_FLOOR.render({"cases": cases}, request))


urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *app_urlpatterns]
