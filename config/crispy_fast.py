"""crispy-forms' `{{ field|as_crispy_field }}` for Bootstrap 5, written in Python (issue 16).

crispy-bootstrap5 renders each field through `bootstrap5/field.html` and four to six included templates: about
1 ms a field, two thirds of an intake step's render time (the biomarker step shows 170 fields). This writes the
same elements, attributes, classes, labels, help text, errors and aria attributes in Python; only the whitespace
between tags differs. `tests/platform/test_crispy_fast.py` compares the two, field by field, for every form the
intake and case pages render, bound with errors and unbound.

It is the template library `crispy_fast` (settings.TEMPLATES "libraries"): the project's templates load it in
place of `crispy_forms_tags` (a second module under crispy's own name fails `check --deploy`, templates.W003).
Every other tag and filter of crispy's library is crispy's own, re-exported here, and so is any field this does
not cover: file inputs, multi-widgets, a form with a FormHelper, a template pack other than bootstrap5.
"""

from crispy_forms.templatetags import crispy_forms_filters, crispy_forms_tags
from crispy_forms.utils import TEMPLATE_PACK
from django import forms, template
from django.conf import settings
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString, mark_safe

from config.forms import escape, select_html

register = template.Library()
register.tags.update(crispy_forms_tags.register.tags)
register.filters.update(crispy_forms_tags.register.filters)

_crispy_as_crispy_field = crispy_forms_filters.as_crispy_field
_ASTERISK = '<span class="asteriskField">*</span>'


def _handled(field: BoundField, template_pack: str, label_class: str, field_class: str) -> bool:
    widget = field.field.widget
    return (
        template_pack == "bootstrap5"
        and not label_class
        and not field_class
        and getattr(field.form, "helper", None) is None
        and not isinstance(widget, forms.FileInput)
        and not hasattr(widget, "widgets")
        and not hasattr(widget, "widget")
    )


def _add_classes(field: BoundField, css: str) -> None:
    """What crispy's `{% crispy_field field 'class' css %}` does to the widget before rendering it."""
    widget = field.field.widget
    class_name = widget.__class__.__name__.lower()
    class_name = getattr(settings, "CRISPY_CLASS_CONVERTERS", {}).get(class_name, class_name)
    current = widget.attrs.get("class", "")
    if current:
        if current.find(class_name) == -1:
            current += f" {class_name}"
    else:
        current = class_name
    for token in css.split():
        if token not in current.split():
            current += f" {token}"
    widget.attrs["class"] = current


def _help_text(field: BoundField) -> str:
    if not field.help_text:
        return ""
    element_id = f' id="{escape(field.auto_id)}_helptext"' if field.auto_id else ""
    return f'<div{element_id} class="form-text">{field.help_text}</div>'  # crispy marks help text safe


def _errors_block(field: BoundField) -> str:
    errors = field.errors
    if not errors:
        return ""
    field_id = escape(getattr(errors, "field_id", "") or "")
    auto_id = escape(field.auto_id)
    lines = "".join(
        f'<p id="error_{n}_{auto_id}"><strong>{escape(error)}</strong></p>' for n, error in enumerate(errors, 1)
    )
    return f'<div id="{field_id}_error" class="invalid-feedback">{lines}</div>'


def _label(field: BoundField) -> str:
    required = field.field.required
    asterisk = _ASTERISK if required else ""
    tag = "legend" if field.use_fieldset else "label"
    label_for = f' for="{escape(field.id_for_label)}"' if field.id_for_label else ""
    css = "form-label" + (" requiredField" if required else "") + (" fs-6" if field.use_fieldset else "")
    return f'<{tag}{label_for} class="{css}">{escape(field.label)}{asterisk}</{tag}>'


def _options(field: BoundField) -> str:
    """bootstrap5/layout/radio_checkbox_select.html: each choice as a Bootstrap form-check."""
    invalid = " is-invalid" if field.errors else ""
    groups = crispy_forms_filters.optgroups(field)
    out = ["<div>"]
    for g, (group, options, _index) in enumerate(groups):
        if group:
            out.append(f"<strong>{escape(group)}</strong>")
        for o, option in enumerate(options):
            attrs = "".join(
                f" {escape(name)}" if value is True else f' {escape(name)}="{escape(str(value))}"'
                for name, value in option["attrs"].items()
                if value is not False
            )
            last = g == len(groups) - 1 and o == len(options) - 1
            out.append(
                f'<div class="form-check"><input type="{escape(option["type"])}" class="form-check-input{invalid}"'
                f' name="{escape(field.html_name)}" value="{escape(str(option["value"]))}"{attrs}>'
                f'<label for="{escape(option["attrs"].get("id", ""))}" class="form-check-label">{escape(option["label"])}'
                f"</label>{_errors_block(field) if last else ''}</div>"
            )
    out.append("</div>")
    return "".join(out) + _help_text(field)


def render_field(field: BoundField) -> SafeString:
    """bootstrap5/field.html with crispy's defaults (labels and errors shown, no label or field class)."""
    if field.is_hidden:
        return mark_safe(str(field))
    widget = field.field.widget
    css_classes = field.css_classes()
    extra = f" {css_classes}" if css_classes else ""
    if isinstance(widget, forms.CheckboxInput):
        _add_classes(field, "form-check-input is-invalid" if field.errors else "form-check-input")
        required = field.field.required
        label = (
            f'<label for="{escape(field.id_for_label)}" class="form-check-label{" requiredField" if required else ""}">'
            f"{escape(field.label)}{_ASTERISK if required else ''}</label>"
        )
        inner = f"{field}{label}{_errors_block(field)}{_help_text(field)}"
        return mark_safe(
            f'<div class="mb-3"><div id="div_{escape(field.auto_id)}" class="form-check{extra}">{inner}</div></div>'
        )
    label = _label(field) if field.label else ""
    if field.label and field.use_fieldset:
        describedby = f' aria-describedby="{escape(field.aria_describedby)}"' if field.aria_describedby else ""
        label = f"<fieldset{describedby}>{label}"
    if isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)):
        body = _options(field)
    else:
        if isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        _add_classes(field, f"{css} is-invalid" if field.errors else css)
        widget_html = select_html(field) if css == "form-select" else None
        body = f"{widget_html or field}{_errors_block(field)}{_help_text(field)}"
    close = "</fieldset>" if field.use_fieldset and field.label else ""
    return mark_safe(f'<div id="div_{escape(field.auto_id)}" class="mb-3{extra}">{label}{body}{close}</div>')


@register.filter(name="as_crispy_field")
def as_crispy_field(field, template_pack=TEMPLATE_PACK, label_class="", field_class=""):
    if isinstance(field, BoundField) and _handled(field, template_pack, label_class, field_class):
        return render_field(field)
    return _crispy_as_crispy_field(field, template_pack, label_class, field_class)
