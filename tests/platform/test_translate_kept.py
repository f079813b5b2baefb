"""`{% translate "…" %}` of a fixed text is looked up once per language (config/i18n_fast.py): the page still
speaks the reader's language, whichever language rendered it first."""

from django.template import Context, Template
from django.utils import translation

PAGE = Template('{% load i18n %}{% translate "Status" %}|{% translate "Status" as s %}{{ s }}|{% translate word %}')


def _render(language: str, word: str = "Status") -> str:
    with translation.override(language):
        return PAGE.render(Context({"word": word}))


def test_fixed_text_follows_each_readers_language():
    assert _render("en") == "Status|Status|Status"
    assert _render("zh-hans") == "状态|状态|状态"
    assert _render("en") == "Status|Status|Status"


def test_translated_variable_is_still_read_on_each_render():
    assert _render("zh-hans", word="Status").endswith("|状态")
    assert _zh("Cancer") != "Cancer"
    assert _render("zh-hans", word="Cancer").endswith("|" + _zh("Cancer"))


def _zh(text: str) -> str:
    with translation.override("zh-hans"):
        return translation.gettext(text)
