"""Two-factor authentication: required of staff (coordinators, specialists, admins), offered to patients.

allauth.mfa does the factors (TOTP, WebAuthn keys and passkeys, recovery codes) and records each step of a
sign-in in the session; the middleware here refuses a staff session that has no second-factor step.
"""

from urllib.parse import urlsplit

from allauth.account.authentication import get_authentication_records
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django_htmx.http import HttpResponseClientRedirect

SETUP_REQUIRED = _("Your role gives access to patients' health records: set up two-factor authentication to continue.")
# Pages a staff member must reach before the second factor: its setup and challenge, password
# re-authentication (allauth asks for it before adding an authenticator), logging out, the language.
ALLOWED_URL_NAMES = {"account_logout", "account_reauthenticate", "set_language"}
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def is_staff_member(user) -> bool:
    return user.is_authenticated and (not user.is_patient or user.is_staff)


def passed_second_factor(request: HttpRequest) -> bool:
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTORS).exists()


class StaffMFAMiddleware:
    """Sends a signed-in staff member without a second factor in this session to set one up or give one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if not is_staff_member(request.user) or self._allowed(request) or passed_second_factor(request):
            return None
        if has_second_factor(request.user):
            url = f"{reverse('mfa_reauthenticate')}?{urlencode({'next': request.get_full_path()})}"
        else:
            messages.warning(request, SETUP_REQUIRED)
            url = reverse("mfa_index")
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(url)
        return redirect(url)

    @staticmethod
    def _allowed(request: HttpRequest) -> bool:
        if request.path_info.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return True
        url_name = (request.resolver_match.url_name if request.resolver_match else None) or ""
        return url_name.startswith("mfa_") or url_name in ALLOWED_URL_NAMES


def admin_login(request: HttpRequest, extra_context=None) -> HttpResponse:
    """Replaces the admin's own login form, which would sign in without allauth's second factor."""
    if request.user.is_authenticated:  # signed in, but the admin refused them: not an administrator
        raise PermissionDenied
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


class MFAAdapter(DefaultMFAAdapter):
    def get_public_key_credential_rp_entity(self) -> dict[str, str]:
        # The relying party is the site, not whatever Host header a request carries.
        return {"id": urlsplit(settings.SITE_URL).hostname or "localhost", "name": settings.MFA_TOTP_ISSUER}

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Staff keep at least one second factor: the authenticator app goes only if a security key stays."""
        if not is_staff_member(authenticator.user):
            return True
        others = Authenticator.objects.filter(user_id=authenticator.user_id, type__in=SECOND_FACTORS)
        return others.exclude(pk=authenticator.pk).exists()
