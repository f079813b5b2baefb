"""Marking text for translation without importing Django.

`gettext_noop` is the keyword Django's ``makemessages`` extracts, so every
label and message written here lands in the .po files; the Django layer
translates at display time with ``gettext(msg) % params``.
"""


def gettext_noop(s: str) -> str:
    return s


class Message(str):
    """A sentence filled in (in English) that keeps its template and values.

    It is the English text wherever a string is expected, and the Django
    layer can store ``template`` and ``params`` and show the sentence in the
    reader's language later.
    """

    template: str
    params: dict

    def __new__(cls, template: str, /, **params: object) -> "Message":
        text = super().__new__(cls, template % params if params else template)
        text.template = template
        text.params = params
        return text
