"""`{% kept "name" value… %}…{% endkept %}`: a template fragment rendered once per process (issue 16).

For the parts of a page that are the same for every reader who shares the values named, such as the navigation
of base.html (the same for every coordinator in one language): never for anything from a case, and never around
a `{% csrf_token %}`, a user's own details or the request's path, which stay outside the fragment. The key is the
fragment's name, the values named after it, the language, the URL configuration and the script prefix (its
links), so a kept fragment is never stale, only unused. Kept in the "process" cache (settings.CACHES), like the
queue's forms (cases.queue._kept).
"""

import hashlib

from django import template
from django.core.cache import caches
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()


class KeptNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name: str, values: list[template.base.FilterExpression]):
        self.nodelist = nodelist
        self.name = name
        self.values = values

    def render(self, context) -> str:
        key = (
            self.name,
            get_language(),
            get_urlconf(),
            get_script_prefix(),
            *(value.resolve(context) for value in self.values),
        )
        cache_key = "fragment:" + hashlib.sha256(repr(key).encode()).hexdigest()
        cache = caches["process"]
        html = cache.get(cache_key)
        if html is None:
            html = self.nodelist.render(context)
            cache.set(cache_key, html, None)
        return mark_safe(html)


@register.tag
def kept(parser, token):
    """{% kept "name" value… %}: see the module's docstring."""
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError(f"'{bits[0]}' takes a quoted fragment name and then the values it varies on")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist, bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]])
