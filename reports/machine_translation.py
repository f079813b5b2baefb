"""The seam for a machine translation service: a draft for the translator, never a translation by itself.

No service is shipped or configured. An installation that has an approved one sets
``MDT_TRANSLATION_SERVICE`` to the dotted path of a callable ``(text, *, source, target) -> str``
(for example a small client of its provider's API). Its drafts are marked as machine drafts in the
editor; a translator still saves the text and a second person checks it before the patient sees it.
"""

from django.conf import settings
from django.utils.module_loading import import_string


def draft(text: str, *, source: str, target: str) -> str:
    """The configured service's draft of `text` from `source` into `target`; "" when none is configured."""
    if not settings.MDT_TRANSLATION_SERVICE:
        return ""
    service = import_string(settings.MDT_TRANSLATION_SERVICE)
    return (service(text, source=source, target=target) or "").strip()
