"""Refuse a request body from its declared size, before anything reads it.

Django parses a multipart body (to a temporary file) the first time anything
touches request.POST or request.FILES, which the CSRF check does before any
view runs; a body far over the limit would be read to the end, by anyone,
before being refused. Placed first in MIDDLEWARE, this looks only at the
Content-Length header: Django never reads past it (a body without one is read
as empty), so refusing on it is refusing on the real thing.

Its process_view runs before every other middleware's, after the session and
user are known, so an anonymous request (login, sign-up, password reset) is
held to what a small form needs. tus PATCH chunks also pass here; their own
checks (offset, length) stay in intake.tus.
"""

import html
from functools import partial

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParser
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.datastructures import ImmutableList
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

# Boundaries, part headers and the form's own fields around a file at the limit.
MULTIPART_OVERHEAD = 1024 * 1024

TOO_LARGE = _(
    "This upload is %(size)s, more than the %(limit)s we accept at once. Please send fewer or smaller files at a time."
)
ANONYMOUS_TOO_LARGE = _("This request is %(size)s, more than a form needs. Please log in before uploading records.")


def declared_length(request: HttpRequest) -> int:
    # The same reading Django's WSGIRequest makes: anything unreadable is no body.
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def body_limit() -> int:
    return settings.MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD


class _NameKeepingParser(MultiPartParser):
    """Django's multipart parser, remembering each file's name as sent.

    Django drops non-printable characters (NUL, bidirectional overrides) from a file name before any view sees
    it, so "Li\u202eWei.pdf" would arrive as "LiWei.pdf" and be stored without a word. Keeping the name as sent
    (path parts removed, as Django does) lets intake.filecheck refuse it, on this path as on the tus one.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._sent_names: dict[str, str] = {}

    def sanitize_file_name(self, file_name):
        clean = super().sanitize_file_name(file_name)
        if clean:
            self._sent_names[clean] = html.unescape(file_name).rsplit("/")[-1].rsplit("\\")[-1]
        return clean

    def parse(self):
        post, files = super().parse()
        for _field, uploads in files.lists():
            for uploaded in uploads:
                uploaded.sent_name = self._sent_names.get(uploaded.name, uploaded.name)
        return post, files


def _parse_keeping_names(request: HttpRequest, META, post_data):
    # HttpRequest.parse_file_upload, with the parser above.
    request.upload_handlers = ImmutableList(
        request.upload_handlers, warning="You cannot alter upload handlers after the upload has been processed."
    )
    return _NameKeepingParser(META, post_data, request.upload_handlers, request.encoding).parse()


def sent_name(uploaded) -> str:
    """An uploaded file's name as the browser sent it (see _NameKeepingParser); Django's cleaned name otherwise."""
    return getattr(uploaded, "sent_name", uploaded.name)


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Before anything reads the body: file names are kept as sent, for intake.filecheck to judge.
        request.parse_file_upload = partial(_parse_keeping_names, request)  # type: ignore[method-assign]
        size = declared_length(request)
        if size > body_limit():
            # LocaleMiddleware has not run yet: answer in the language it would pick.
            with translation.override(translation.get_language_from_request(request)):
                return too_large(
                    request, TOO_LARGE % {"size": filesizeformat(size), "limit": filesizeformat(body_limit())}
                )
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        size = declared_length(request)
        user = getattr(request, "user", None)
        if size > settings.MAX_ANONYMOUS_BODY_BYTES and not (user and user.is_authenticated):
            return too_large(request, ANONYMOUS_TOO_LARGE % {"size": filesizeformat(size)})
        return None


def too_large(request: HttpRequest, message: str) -> HttpResponse:
    """413 in the form the caller reads: JSON for tus and fetch, a fragment for htmx, else a page."""
    if _wants_json(request):
        response: HttpResponse = JsonResponse({"error": message}, status=413)
        if "Tus-Resumable" in request.headers:
            response["Tus-Resumable"] = "1.0.0"
    elif request.headers.get("HX-Request"):
        response = HttpResponse(f'<p class="error" role="alert">{escape(message)}</p>', status=413)
    else:
        title = escape(_("Upload too large"))
        page = f"<!doctype html><title>{title}</title><h1>{title}</h1><p>{escape(message)}</p>"
        response = HttpResponse(page, status=413)
    response["Cache-Control"] = "no-store"
    return response


def _wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return (
        "Tus-Resumable" in request.headers
        or request.content_type in ("application/json", "application/offset+octet-stream")
        or ("application/json" in accept and "text/html" not in accept)
    )
