from django.contrib import admin
from django.urls import include, path

from cases.mfa import admin_login
from cases.views.session import session_status
from intake.views.cases import home

# Everyone signs in through allauth, which asks for the second factor; the admin's own form would not.
admin.site.login = admin_login  # type: ignore[method-assign]

urlpatterns = [
    path("", home, name="home"),
    path("accounts/session/", session_status, name="session_status"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("cases.urls")),
    path("", include("intake.urls")),
    path("", include("reports.urls")),
    path("", include("privacy.urls")),
]
