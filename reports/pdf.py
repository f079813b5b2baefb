"""The one place that turns HTML into PDF, and decides what the renderer may load.

A PDF is built from patient-supplied text and rendered on the server, so the
renderer must never become a way to read the server's files or to make the
server call out (SSRF). WeasyPrint fetches every URL through one fetcher; ours
serves exactly two kinds:

- ``/static/<path>``: the project's own static files, found through the
  staticfiles finders (never a path with ``..``, ``.`` or an empty segment);
- ``resource:<name>``: bytes the caller passed in ``resources`` (the packet's
  own images, already read through the storage API).

Everything else raises ``RefusedURL``: ``file:``, ``http(s):`` to any host
(so no redirects either), ``ftp:``, relative paths outside ``/static/``, and
``data:``. ``data:`` is refused on purpose: it cannot reach the network, but an
allowlist of two sources is easier to reason about than three, and an image a
PDF needs can always come in through ``resources`` with a known size.
WeasyPrint catches the refusal, logs it and leaves the resource out, so a bad
reference costs an image, never the document.

PDF attachments (``<link rel="attachment">``, ``<a rel="attachment">``) are
dropped after layout: WeasyPrint 70 has no switch to turn them off.
"""

import logging
import mimetypes
import posixpath
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

STATIC_PREFIX = "/static/"
RESOURCE_SCHEME = "resource:"
# A private, non-network base URL: "/static/x" stays "/static/x" when joined
# to it (urljoin does not resolve against unknown schemes), and a relative
# path never turns into a file: URL next to the working directory.
BASE_URL = "mdt-pdf:"
BASE_STYLESHEET = STATIC_PREFIX + "reports/pdf.css"


class RefusedURL(ValueError):
    """The PDF renderer asked for something it may not load."""


class SafeFetcher(URLFetcher):
    """Serves /static/ files and in-memory resources; refuses everything else.

    WeasyPrint 70 calls ``fetcher(url)`` and reads ``fetcher._fail_on_errors``,
    so this subclasses ``URLFetcher`` and replaces ``fetch``; the urllib
    handlers of the parent are never used.
    """

    def __init__(self, resources: dict[str, bytes] | None = None):
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)
        self._resources = dict(resources or {})

    def fetch(self, url, headers=None):
        if url.startswith(RESOURCE_SCHEME):
            return self._resource(url)
        if url.startswith(STATIC_PREFIX):
            return self._static(url)
        logger.warning("PDF renderer refused to load %.200s", url)
        raise RefusedURL(f"refused: {url[:200]}")

    def _resource(self, url):
        name = unquote(url.removeprefix(RESOURCE_SCHEME))
        if name not in self._resources:
            raise RefusedURL(f"no such resource: {name[:200]}")
        return URLFetcherResponse(url, self._resources[name], {"Content-Type": _mime_type(name)})

    def _static(self, url):
        path = static_path(url)
        found = finders.find(path)
        if not found:
            raise RefusedURL(f"no such static file: {path[:200]}")
        with open(found, "rb") as f:
            body = f.read()
        return URLFetcherResponse(url, body, {"Content-Type": _mime_type(path)})


def static_path(url: str) -> str:
    """The path under /static/ that `url` names; RefusedURL for any traversal."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        raise RefusedURL("not a /static/ URL")
    path = unquote(parts.path).removeprefix(STATIC_PREFIX)
    segments = path.split("/")
    bad = any(s in ("", ".", "..") or "\\" in s or "\x00" in s or ":" in s for s in segments)
    if bad or posixpath.normpath(path) != path:
        raise RefusedURL(f"refused static path: {path[:200]}")
    return path


def _mime_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _strip_attachments(document) -> None:
    document.metadata.attachments = []
    for page in document.pages:
        page.links[:] = [link for link in page.links if link[0] != "attachment"]


def _stylesheet(source: str, fetcher: SafeFetcher) -> CSS:
    if source.startswith((STATIC_PREFIX, RESOURCE_SCHEME)):
        return CSS(url=source, url_fetcher=fetcher)
    return CSS(string=source, base_url=BASE_URL, url_fetcher=fetcher)


def render_document(
    html: str,
    *,
    resources: dict[str, bytes] | None = None,
    stylesheets: list[str] | None = None,
    font_config: FontConfiguration | None = None,
):
    """The laid-out WeasyPrint Document for `html` (see render_pdf); `.write_pdf()` gives the bytes.

    For callers that look at the layout before writing, e.g. which page an element with an id landed on
    (``document.pages[0].anchors``). A `font_config` shared with render_pdfs lets the case packet lay the summary
    out here and write it with its other pages, each font embedded once.
    """
    fetcher = SafeFetcher(resources)
    css = [_stylesheet(s, fetcher) for s in stylesheets or ()]
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(
        stylesheets=css, font_config=font_config
    )
    _strip_attachments(document)
    return document


def render_pdf(
    html: str,
    *,
    resources: dict[str, bytes] | None = None,
    stylesheets: list[str] | None = None,
) -> bytes:
    """PDF bytes for `html`; it may load only /static/ files and `resources`.

    `stylesheets` are extra user stylesheets, each either a URL the fetcher
    serves ("/static/reports/pdf.css", "resource:extra.css") or CSS text.
    Templates extending reports/pdf_base.html already link the shared print
    stylesheet.
    """
    return render_document(html, resources=resources, stylesheets=stylesheets).write_pdf()


def render_template_pdf(template_name: str, context: dict, *, resources: dict[str, bytes] | None = None) -> bytes:
    """Render a Django template (autoescaped) to HTML, then to PDF with render_pdf."""
    return render_pdf(render_to_string(template_name, context), resources=resources)


def render_pdfs(htmls: list, target, *, font_config: FontConfiguration | None = None) -> list[int]:
    """Several HTML documents laid out one after the other and written as ONE PDF file at `target`, their pages
    in order; the page count of each. Same rules as render_pdf (only /static/ files, no attachments).

    They share one font configuration, so each font is loaded, subset and embedded once rather than once per
    document: the case packet's summary, separators and study list (issue 16). The document information
    (title, language) is the first document's. An item that is not a string is a Document already laid out
    (render_document, with the same `font_config`).
    """
    fetcher = SafeFetcher()
    font_config = font_config or FontConfiguration()
    documents = []
    for html in htmls:
        if isinstance(html, str):
            document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(font_config=font_config)
            _strip_attachments(document)
        else:
            document = html
        documents.append(document)
    documents[0].copy([page for document in documents for page in document.pages]).write_pdf(target)
    return [len(document.pages) for document in documents]
