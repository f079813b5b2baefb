"""The "more detail" fields of a biomarker result row, as HTML; a blank one written once per process (issue 16).

Every result row carries its detail fields in the page, so "more detail" opens at once, on a slow link and
without JavaScript, and the autosave sends what is typed there. A patient fills in few of them: most rows are
blank, ~130 fields that were a third of the biomarker step's time (and the result select of a marker not yet
answered is the same for every marker). A blank detail (an unbound row with nothing
in it) differs from another blank detail of the same marker and kind of form only in the row's prefix and the
case's documents, so its HTML is kept by (form class, language, marker, fields), with a slot for the prefix, and
the document select is written once a page. What is kept holds labels and choices from the code lists, never
anything of a case: the documents are the page's own, and a marker off the code lists keys as "".

tests/intake/test_biomarker_step_cost.py compares the kept HTML with the fields rendered one by one.
"""

import secrets

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe

from cases.clinical.biomarkers.alterations import ALTERATIONS
from config.crispy_fast import as_crispy_field

# Stands for a row's prefix in kept HTML: random, so no label or document name can hold it.
_SLOT = f"slot{secrets.token_hex(8)}"
_DOCUMENT = "document"
_BLANK: dict[tuple, tuple[str, str]] = {}
_BLANK_RESULT: dict[tuple, str] = {}


def _column(name: str) -> str:
    return "col-12" if name in ("alterations", "detects") else "col-12 col-sm-6 col-lg-4"


def _cell(bound_field) -> str:
    return f'<div class="{_column(bound_field.name)}">{as_crispy_field(bound_field)}</div>'


def fields_html(form) -> SafeString:
    """The detail fields of `form` (a BiomarkerResultForm), each in its column."""
    return mark_safe("".join(_cell(bf) for bf in form.detail_fields()))  # noqa: S308  # rendered by crispy_fast


class PageDetails:
    """What the blank details of one page share: the case's documents, as one select written for the page."""

    def __init__(self, form_class, documents, document_choices):
        self.form_class = form_class
        self.documents = documents
        self.document_choices = document_choices

    @cached_property
    def document_html(self) -> str:
        form = self.form_class(
            prefix=_SLOT, documents=self.documents, document_choices=self.document_choices, only=(_DOCUMENT,)
        )
        return _cell(form[_DOCUMENT])


def detail_html(form, page: PageDetails | None) -> SafeString:
    """The detail fields of `form`; from the kept HTML when the row is blank and its page is known."""
    if page is None or form.is_bound or form.has_detail() or _DOCUMENT not in form.fields:
        return fields_html(form)
    # What the HTML of a blank row depends on: its form, the language, the marker's alteration choices and which
    # fields it shows. A marker off the code lists (typed by a patient) keys, and is written, as "".
    code = form.marker_code if form.marker_code in ALTERATIONS else ""
    key = (type(form), translation.get_language(), code, tuple(form.fields))
    parts = _BLANK.get(key)
    if parts is None:
        parts = _BLANK[key] = _blank_parts(type(form), code, tuple(form.fields))
    before, after = parts
    return mark_safe(  # noqa: S308  # kept HTML written by fields_html, the documents by crispy_fast
        (before + page.document_html + after).replace(_SLOT, form.prefix)
    )


def result_html(form) -> SafeString:
    """The row's result select; kept as a blank detail is while nothing is chosen (it is the same for every marker)."""
    if form.is_bound or form.initial.get("result") or "result" not in form.fields:
        return as_crispy_field(form["result"])
    key = (type(form), translation.get_language())
    kept = _BLANK_RESULT.get(key)
    if kept is None:
        kept = _BLANK_RESULT[key] = str(as_crispy_field(type(form)(prefix=_SLOT, only=("result",))["result"]))
    return mark_safe(kept.replace(_SLOT, form.prefix))  # noqa: S308  # written by crispy_fast


def _blank_parts(form_class, code: str, fields: tuple[str, ...]) -> tuple[str, str]:
    """A blank detail of these fields, split where the page's document select goes."""
    blank = form_class(prefix=_SLOT, documents=None, document_choices=[], marker_code=code, only=fields)
    cells = [(bf.name, _cell(bf)) for bf in blank.detail_fields()]
    at = [name for name, _html in cells].index(_DOCUMENT)
    return "".join(html for _n, html in cells[:at]), "".join(html for _n, html in cells[at + 1 :])


@receiver(setting_changed)
def _forget(**kwargs) -> None:
    """A test that changes the languages, the templates or crispy's settings gets fresh HTML."""
    _BLANK.clear()
    _BLANK_RESULT.clear()
