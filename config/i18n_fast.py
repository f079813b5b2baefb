"""`{% load i18n %}` with `{% translate "a fixed text" %}` looked up once per process and language (issue 16).

Django's library, with one change: a `{% translate %}` of a quoted text (no variable, no filter, no `noop`) keeps
what it rendered for each language, instead of asking gettext again on every page (the coordinator's case page
has about 170 of them: some 12% of its CPU). The text, its context and the language are all it is made from, so the
kept value is never stale; the catalogs are read again only when a .mo file changes (runserver), and then this is
emptied too. Every other tag and filter is Django's own. Named "i18n" in settings.TEMPLATES' libraries, so every
`{% load i18n %}` loads it.
"""

from django.core.signals import setting_changed
from django.template import Library, Variable
from django.templatetags import i18n
from django.utils.autoreload import file_changed
from django.utils.translation import get_language

register = Library()
register.tags.update(i18n.register.tags)
register.filters.update(i18n.register.filters)

_kept: dict[tuple, str] = {}


class FixedTranslateNode(i18n.TranslateNode):
    def __init__(self, filter_expression, noop, asvar=None, message_context=None):
        super().__init__(filter_expression, noop, asvar, message_context)
        self.context_text = None if message_context is None else message_context.var.literal

    def render(self, context):
        key = (get_language(), context.autoescape, self.filter_expression.var.literal, self.context_text)
        try:
            value = _kept[key]
        except KeyError:
            # Django's own rendering, once: it returns the value, or sets `asvar` to it and returns "".
            rendered = super().render(context)
            value = _kept[key] = context[self.asvar] if self.asvar else rendered
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value


def _fixed_text(expression) -> bool:
    var = expression.var
    return not expression.filters and isinstance(var, Variable) and var.lookups is None and isinstance(var.literal, str)


@register.tag("translate")
@register.tag("trans")
def do_translate(parser, token):
    node = i18n.do_translate(parser, token)
    context = node.message_context
    if node.noop or not _fixed_text(node.filter_expression) or (context is not None and not _fixed_text(context)):
        return node
    return FixedTranslateNode(node.filter_expression, node.noop, node.asvar, context)


def _forget(**kwargs) -> None:
    _kept.clear()


def _catalog_changed(sender, file_path, **kwargs) -> None:
    if file_path.suffix == ".mo":
        _kept.clear()


setting_changed.connect(_forget)  # LANGUAGES, LOCALE_PATHS… in tests
file_changed.connect(_catalog_changed)
