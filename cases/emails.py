"""The one helper that renders an email: subject, plain text and an optional HTML alternative.

Templates live in pairs (`<prefix>_subject.txt`, `<prefix>_body.txt`, and
`<prefix>_body.html` if the email has one). They are rendered in the
recipient's language, and the text parts without HTML escaping: a name such
as O'Brien must reach a plain-text email as written.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import translation

_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str | None


def supported_language(code: str | None) -> str:
    """The site language closest to a user's stored preference ('zh-Hans', 'zh-cn' → 'zh-hans')."""
    try:
        return translation.get_supported_language_variant(code or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


def render_email(prefix: str, context: dict, *, language: str) -> RenderedEmail:
    with translation.override(supported_language(language)):
        subject = " ".join(_render(f"{prefix}_subject.txt", context, autoescape=False).split())
        text = _BLANK_LINES.sub("\n\n", _render(f"{prefix}_body.txt", context, autoescape=False)).strip() + "\n"
        try:
            html = _render(f"{prefix}_body.html", context, autoescape=True)
        except TemplateDoesNotExist:
            html = None
    return RenderedEmail(subject=subject, text=text, html=html)


def _render(name: str, context: dict, *, autoescape: bool) -> str:
    # The backend's wrapper always escapes; the engine's own template takes a Context that need not.
    return get_template(name).template.render(Context(context, autoescape=autoescape))  # type: ignore[attr-defined]
