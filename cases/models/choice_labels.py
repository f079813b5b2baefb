"""`get_FOO_display()` that translates one label, not every label of the field (issue 16).

Django's builds a dict of all the field's choices on each call, hashing (so translating) every lazy label: the
coordinator's case page asked gettext some 170 times for the labels of the documents' kinds, the case's state and
the team's disciplines. Here each field's choices are read into a dict once, by value, with their labels still
lazy; a call translates only the label it returns, in the language active then.
"""

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

_labels: dict[models.Field, dict] = {}


def _labels_of(field: models.Field) -> dict:
    try:
        return _labels[field]
    except KeyError:
        labels = {make_hashable(value): label for value, label in field.flatchoices}
        if isinstance(field.choices, list | tuple):  # fixed choices; a callable's may change
            _labels[field] = labels
        return labels


class ChoiceLabels(models.Model):
    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):  # noqa: N802  # Django's name, overridden
        value = getattr(self, field.attname)
        return force_str(_labels_of(field).get(make_hashable(value), value), strings_only=True)
