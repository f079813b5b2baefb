"""The rows of the biomarker form: each panel marker with its results on record, then other markers, then free rows.

Shared by the patient's intake step and the coordinator's page: only the
form class differs (intake.biomarker_forms).
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cases import partial_dates
from cases.clinical.panels import Marker, marker, panel_for
from intake.biomarker_detail import PageDetails
from intake.biomarker_forms import BiomarkerResultForm, document_choices_for

EXTRA_MARKER_ROWS = 2
PREFIX = "bm"


@dataclass
class MarkerGroup:
    """One marker's fieldset: its results on record, oldest first (undated ones first: entered before the re-tests)."""

    code: str
    marker: Marker | None  # None for a marker off the panel, or the free rows
    forms: list = field(default_factory=list)
    extra: bool = False  # the free rows, where the patient names the marker

    @property
    def several(self) -> bool:
        return len(self.forms) > 1

    @property
    def anchor(self) -> str:
        return anchor(self.code)


def anchor(code: str) -> str:
    return f"marker-{slugify(code) or 'other'}"


def _record_initial(record) -> dict:
    values = {
        name: getattr(record, name)
        for name in (
            "result",
            "alterations",
            "value",
            "her2_ihc",
            "her2_ish",
            "pdl1_score",
            "pdl1_system",
            "pdl1_clone",
            "origin",
            "assay",
            "specimen",
            "specimen_site",
            "collected_on",
            "tested_on",
            "source_report",
            "fusion_partner",
            "vaf",
            "detects",
            "exons_tested",
        )
    }
    for name in ("collected_on", "tested_on"):
        values[name] = partial_dates.of(record, name)
    values["covers_gene"] = {True: "true", False: "false"}.get(record.covers_gene, "")
    values["document"] = record.document_id
    return {"record": record.pk, "marker": record.marker, **values}


def layout(case, *, add: str = "") -> list[tuple[str, dict]]:
    """(marker code, initial) for every row, in display order; `add` adds an empty row to that marker (a re-test)."""
    records = sorted(case.biomarkers.all(), key=lambda b: (b.when or datetime.date.min, b.pk))
    by_marker: dict[str, list] = {}
    for record in records:
        by_marker.setdefault(record.marker, []).append(record)
    rows = []
    panel = panel_for(case.cancer_type, case.cancer_subtype)
    for code in [m.code for m in panel] + [c for c in by_marker if c not in {m.code for m in panel}]:
        rows += [(code, _record_initial(r)) for r in by_marker.get(code, [])]
        if code not in by_marker or code == add:
            rows.append((code, {"marker": code}))
    rows += [("", {"marker": ""}) for _ in range(EXTRA_MARKER_ROWS)]
    return rows


class ResultFormSet(forms.BaseFormSet):
    """Each form knows its marker (from the layout, or from the posted hidden field) and the case's records."""

    def __init__(self, *args, case, markers: list[str], **kwargs):
        self.case = case
        self.markers = markers
        super().__init__(*args, **kwargs)
        # A row whose record was removed on another device meanwhile is a new row (intake.stepsave decides).
        self.removed_ids: dict[str, str] = {}
        if self.is_bound:
            data: Any = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict
            ours = {str(pk) for pk in case.biomarkers.values_list("pk", flat=True)}
            for i in range(self.total_form_count()):
                key = f"{self.add_prefix(i)}-record"
                if data.get(key) and data[key] not in ours:
                    self.removed_ids[self.add_prefix(i)] = data[key]
                    data[key] = ""
            self.data = data

    def get_form_kwargs(self, index):
        if self.is_bound:
            code = self.data.get(f"{self.prefix}-{index}-marker", "")
        else:
            code = self.markers[index] if index < len(self.markers) else ""
        details = self._page_details
        return {
            "documents": details.documents,
            "document_choices": details.document_choices,
            "marker_code": code,
            "page_details": details,
        }

    @cached_property
    def _page_details(self) -> PageDetails:
        documents = self.case.documents.all()
        return PageDetails(self.form, documents, document_choices_for(documents))


def result_formset(case, form_class=BiomarkerResultForm, data=None, *, add: str = ""):
    rows = layout(case, add=add)
    factory = forms.formset_factory(form_class, formset=ResultFormSet, extra=0)
    return factory(  # type: ignore[call-arg]  # ResultFormSet takes case and markers
        data,
        initial=[initial for _code, initial in rows],
        prefix=PREFIX,
        case=case,
        markers=[code for code, _initial in rows],
    )


def groups(formset, case) -> list[MarkerGroup]:
    """The formset's forms grouped by marker, in order: the panel, other markers on record, the free rows."""
    panel = {m.code: m for m in panel_for(case.cancer_type, case.cancer_subtype)}
    out: list[MarkerGroup] = []
    by_code: dict[str, MarkerGroup] = {}
    for form in formset.forms:
        code = form.marker_code
        if not code:
            out.append(MarkerGroup(code="", marker=None, forms=[form], extra=True))
            continue
        if code not in by_code:
            by_code[code] = MarkerGroup(code=code, marker=panel.get(code) or marker(code))
            out.append(by_code[code])
        by_code[code].forms.append(form)
    return out


def redirect_to_add(request, url_name: str, case, code: str, *args):
    """After a save asked for a re-test of `code`: the same page with an empty row for it, scrolled there."""
    messages.success(request, _("Saved. Fill in the new result below."))
    url = reverse(url_name, args=[case.reference, *args])
    return redirect(f"{url}?{urlencode({'add': code})}#{anchor(code)}")
