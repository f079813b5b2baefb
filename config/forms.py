"""A form renderer that writes Django's own widget templates in Python.

Every field the product shows goes through a widget template (`<input>`, `<select>` and one template per
`<option>`, one per checkbox of a multiple choice), and through the template engine that costs about 0.1 ms a
template: 2–3 ms for a select of 30 options, 24 ms for the queue's filter form, most of an intake step's
crispy-forms fields (issue 16). `FastRenderer` writes the same bytes for Django's built-in widget templates
(tests/platform/test_form_renderer.py compares them, widget by widget, against the template engine) and hands
everything else, including any widget template a project or package overrides, to the template engine.
"""

import html

from django import forms
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.template import TemplateDoesNotExist
from django.utils import translation
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe

_W = "django/forms/widgets/"
# Widget templates that include input.html once (and add a newline after it).
_INPUTS = {
    f"{_W}{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
        "checkbox",
    )
}
_OPTIONS = {f"{_W}checkbox_option.html", f"{_W}radio_option.html", f"{_W}input_option.html"}
_MULTIPLE = {f"{_W}checkbox_select.html", f"{_W}radio.html", f"{_W}multiple_input.html"}
_SELECTS = {f"{_W}select.html", f"{_W}select_option.html"}
_FAST = _INPUTS | _OPTIONS | _MULTIPLE | _SELECTS | {f"{_W}textarea.html"}


def escape(value) -> str:
    """conditional_escape without its lazy-aware wrapper and SafeString on every call (same bytes, faster)."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _attrs(attrs: dict) -> str:
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    value = widget.get("value")
    value_attr = f' value="{escape(str(value))}"' if value is not None else ""
    return f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"{value_attr}{_attrs(widget["attrs"])}>\n'


def _input_option(widget: dict) -> str:
    if not widget.get("wrap_label"):
        return _input(widget)
    element_id = widget["attrs"].get("id")
    label_for = f' for="{escape(element_id)}"' if element_id else ""
    return f"<label{label_for}>{_input(widget)} {escape(widget['label'])}</label>"


def _multiple(widget: dict) -> str:
    element_id, css = widget["attrs"].get("id"), widget["attrs"].get("class")
    out = [
        "<div",
        f' id="{escape(element_id)}"' if element_id else "",
        f' class="{escape(css)}"' if css else "",
        ">",
    ]
    for group, options, _index in widget["optgroups"]:
        if group:
            out.append(f"\n  <div><label>{escape(group)}</label>")
        for option in options:
            out.append(f"<div>\n    {_render(option['template_name'], option)}\n</div>")
        if group:
            out.append("\n  </div>")
    out.append("\n</div>")
    return "".join(out)


def _option(widget: dict) -> str:
    attrs = widget["attrs"]
    attrs_html = "" if not attrs else " selected" if attrs == {"selected": True} else _attrs(attrs)
    return f'<option value="{escape(str(widget["value"]))}"{attrs_html}>{escape(widget["label"])}</option>\n'


def _select(widget: dict) -> str:
    out = [f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group, options, _index in widget["optgroups"]:
        if group:
            out.append(f'\n  <optgroup label="{escape(group)}">')
        for option in options:
            out.append(f"\n  {_render(option['template_name'], option)}")
        if group:
            out.append("\n  </optgroup>")
    out.append("\n</select>\n")
    return "".join(out)


def _textarea(widget: dict) -> str:
    value = widget.get("value")
    return f'<textarea name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>\n{escape(value) if value else ""}</textarea>\n'


def _render(template_name: str, widget: dict) -> str:
    if template_name in _INPUTS:
        # text.html and its siblings are `{% include "…/input.html" %}` and a newline.
        return _input(widget) + ("" if template_name.endswith("/input.html") else "\n")
    if template_name in _OPTIONS:
        return _input_option(widget) + ("" if template_name.endswith("/input_option.html") else "\n")
    if template_name in _MULTIPLE:
        return _multiple(widget) + ("" if template_name.endswith("/multiple_input.html") else "\n")
    if template_name.endswith("/select_option.html"):
        return _option(widget)
    if template_name.endswith("/select.html"):
        return _select(widget)
    return _textarea(widget)


class FastRenderer(DjangoTemplates):
    """Django's default form renderer, with its built-in widget templates written in Python."""

    def __init__(self) -> None:
        super().__init__()
        self._own: dict[str, bool] = {}

    def _is_djangos(self, template_name: str) -> bool:
        """True while the template the engine would use is Django's own (nobody overrides it)."""
        own = self._own.get(template_name)
        if own is None:
            try:
                origin = self.get_template(template_name).origin.name
            except TemplateDoesNotExist:
                origin = ""
            own = self._own[template_name] = origin.replace("\\", "/").endswith(
                f"django/forms/templates/{template_name}"
            )
        return own

    def render(self, template_name, context, request=None) -> str:
        if template_name in _FAST and self._is_djangos(template_name):
            return mark_safe(_render(template_name, context["widget"]).strip())  # every value is escaped above
        return super().render(template_name, context, request)


def _plain_select(widget) -> bool:
    """A single-choice select that renders as Django's Select does, through this renderer's Python templates."""
    cls = type(widget)
    return (
        isinstance(widget, forms.Select)
        and not widget.allow_multiple_selected
        and not widget.option_inherits_attrs
        and widget.checked_attribute == {"selected": True}
        and widget.template_name == f"{_W}select.html"
        and widget.option_template_name == f"{_W}select_option.html"
        and all(
            getattr(cls, name) is getattr(forms.Select, name)
            for name in (
                "render",
                "_render",
                "get_context",
                "optgroups",
                "create_option",
                "format_value",
                "build_attrs",
            )
        )
    )


# A choice's label as HTML, by language and message id, for the labels that are gettext_lazy("…"): translating
# each of a page's ~790 option labels again on every request was a quarter of the biomarker step's time. The
# catalogs do not change while the process runs; a test that changes the languages or the catalogs' paths
# empties this (below).
_LABELS: dict[tuple[str, str], str] = {}
_GETTEXT_PROXIES: dict[type, bool] = {}  # lazy() makes one proxy class per wrapped function


def _label_html(label, language: str) -> str:
    if not isinstance(label, Promise):
        return escape(label)
    cls = type(label)
    is_gettext = _GETTEXT_PROXIES.get(cls)
    if is_gettext is None:
        try:
            is_gettext = label.__reduce__()[1][0] is translation.gettext
        except (AttributeError, IndexError, TypeError):
            is_gettext = False
        _GETTEXT_PROXIES[cls] = is_gettext
    args = getattr(label, "_args", None)
    if not is_gettext or getattr(label, "_kw", None) or not args or len(args) != 1 or type(args[0]) is not str:
        return escape(label)
    key = (language, args[0])
    found = _LABELS.get(key)
    if found is None:
        found = _LABELS[key] = escape(label)  # translated in the active language, which is `language`
    return found


@receiver(setting_changed)
def _forget_labels(*, setting: str, **kwargs) -> None:
    if setting in ("LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "USE_I18N", "INSTALLED_APPS"):
        _LABELS.clear()


def select_html(field) -> SafeString | None:
    """`str(field)` for a bound field shown as a plain `<select>`, written straight from its choices: the same
    bytes as BoundField.as_widget → Select.get_context → optgroups → one option dict per choice → the templates,
    without the dict, the context and the lazy-label round trips per option (the biomarker step shows ~790
    options). None when the field is anything else, or its form's renderer is not FastRenderer (or someone
    overrides the select templates): then the caller renders it the usual way.

    tests/platform/test_form_renderer.py compares it with `str(field)`, byte for byte.
    """
    widget = field.field.widget
    renderer = field.form.renderer
    if not (
        type(field) is BoundField
        and not field.field.show_hidden_initial
        and isinstance(renderer, FastRenderer)
        and _plain_select(widget)
        and renderer._is_djangos(widget.template_name)
        and renderer._is_djangos(widget.option_template_name)
    ):
        return None
    # BoundField.as_widget's attributes, then Widget.get_context's.
    if field.field.localize:
        widget.is_localized = True
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    attrs = widget.build_attrs(widget.attrs, attrs)
    values = widget.format_value(field.value())
    out = [f'<select name="{escape(field.html_name)}"{_attrs(attrs)}>']
    append = out.append
    has_selected = False
    language = translation.get_language() if settings.USE_I18N else None
    for option_value, option_label in widget.choices:  # ChoiceWidget.optgroups
        if option_value is None:
            option_value = ""
        grouped = isinstance(option_label, (list, tuple))
        group = option_label if grouped else ((option_value, option_label),)
        tagged = grouped and bool(option_value)  # the template's {% if group_name %}
        if tagged:
            append(f'\n  <optgroup label="{escape(option_value)}">')
        for value, label in group:
            value = str(value)
            selected = not has_selected and value in values
            has_selected |= selected
            label_html = _label_html(label, language) if language else escape(label)
            append(f'\n  <option value="{escape(value)}"{" selected" if selected else ""}>{label_html}</option>\n')
        if tagged:
            append("\n  </optgroup>")
    append("\n</select>")
    return mark_safe("".join(out).strip())
