"""Messages kept as a template and values: written in one language, read in the reader's."""

import json

from django.utils import translation

from cases.assessment import message_json, render_stored
from cases.clinical.response import assess
from tests.cases.clinical.recist_helpers import lesion, recist


def test_invalid_measurements_kept_in_english_read_in_chinese_with_every_reason():
    result = assess("recist1.1", recist([lesion("liver", 6), lesion("node", 12, nodal=True)], [5, 10]))
    with translation.override("en"):
        stored = json.loads(json.dumps(message_json(result.template, result.params)))
        assert render_stored(stored) == result.explanation
    with translation.override("zh-hans"):
        text = render_stored(stored)
    assert text == (
        "输入无效：baseline[0] 为 6 mm：非淋巴结靶病灶的最长径必须至少 10 mm；"
        "baseline[1] 为 12 mm：淋巴结靶病灶的短径必须至少 15 mm"
    )


def test_a_row_kept_before_templates_shows_its_text():
    with translation.override("zh-hans"):
        assert render_stored({"text": "sum 70 mm, -30.0% from baseline 100 mm: PR"}).startswith("sum 70 mm")
        assert render_stored({}) == ""
