"""The language a person chose for their account follows them to every device they sign in on.

LocaleMiddleware picks the language from the language cookie, else the browser's Accept-Language. A patient who
signed up in Chinese and signs in from a relative's English browser would read the site in English. After
authentication, when no language was chosen on this browser (no cookie) and the account's language is not the
site's default, the account's language is used and remembered in the cookie; a choice from the language menu
(which sets the cookie) still wins.
"""

from django.conf import settings
from django.utils import translation


class AccountLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = self._account_language(request)
        if language is None:
            return self.get_response(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        response.headers.setdefault("Content-Language", language)
        return response

    @staticmethod
    def _account_language(request) -> str | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
            return None
        language = getattr(user, "language", "") or ""
        if language == settings.LANGUAGE_CODE or language not in dict(settings.LANGUAGES):
            return None
        if language == getattr(request, "LANGUAGE_CODE", None):
            return None
        return language
