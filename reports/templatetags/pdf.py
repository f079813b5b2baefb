"""Template helpers for PDF templates (reports/pdf_base.html and those extending it)."""

import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from cases.labels import label_colon
from reports.labels import foreign_to, has_han
from reports.pdf import STATIC_PREFIX

register = template.Library()

PAGE_SIZES = {"a4": "A4", "letter": "letter"}


@register.filter
def css_string(value) -> str:
    """`value` as a quoted CSS string; every character but letters, digits and spaces is hex-escaped.

    Safe inside <style> whatever the value holds (quotes, backslashes, "</style>").
    """
    escaped = "".join(c if c.isalnum() or c == " " else f"\\{ord(c):06x} " for c in str(value))
    return mark_safe(f'"{escaped}"')


@register.filter
def page_size(value) -> str:
    """A CSS page size: "A4" (the default) or "letter"."""
    return PAGE_SIZES.get(str(value or "").lower(), "A4")


@register.simple_tag
def page_counter_css() -> str:
    """CSS content for "Page 2 of 5", translated; counters stay CSS counters."""
    text = gettext("Page %(page)s of %(pages)s")
    parts = re.split(r"(%\((?:page|pages)\)s)", text)
    counters = {"%(page)s": "counter(page)", "%(pages)s": "counter(pages)"}
    return mark_safe(" ".join(counters.get(p) or css_string(p) for p in parts if p))


@register.simple_tag
def colon() -> str:
    """ ": " or, in Chinese, "：" (cases.labels.label_colon)."""
    return label_colon()


@register.simple_tag
def pdf_static(path: str) -> str:
    """The URL under which the PDF renderer serves a static file: always /static/<path>."""
    return STATIC_PREFIX + path.lstrip("/")


@register.filter
def han_lang(value) -> str:
    """' lang="zh-Hans"' for text holding Chinese characters, else "": put inside a tag, e.g.
    <strong{{ name|han_lang }}>. A Chinese name in an English document then gets Chinese glyphs and is never
    hyphenated by English rules."""
    return mark_safe(' lang="zh-Hans"') if has_han(str(value or "")) else ""


@register.filter
def typed(value) -> str:
    """Text as the patient typed it. In a Chinese document, Latin words typed by the patient (a drug, a site, a
    country) are set in italics (class "typed"), so the reader sees which words were not translated; page 1 says
    so (reports.documents.summary.typed_note). Chinese typed into an English document needs no mark: its glyphs
    set it apart, and the han_lang filter tags its language."""
    text = str(value or "")
    language = get_language() or ""
    if language.startswith("zh") and foreign_to(text, language):
        return format_html('<span class="typed">{}</span>', text)
    return conditional_escape(text)
