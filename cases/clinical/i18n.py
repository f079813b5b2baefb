"""Marking text for translation without importing Django.

`gettext_noop` is the keyword Django's ``makemessages`` extracts, so every
label and message written here lands in the .po files; the Django layer
translates at display time with ``gettext(msg) % params``.
"""


def gettext_noop(s: str) -> str:
    return s
