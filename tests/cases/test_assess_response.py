"""`manage.py assess_response`: JSON in on stdin, JSON out, exit 2 on bad requests."""

import io
import json
import re

import pytest
from django.core.management import CommandError, call_command


def run(monkeypatch, text: str) -> dict:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    out = io.StringIO()
    call_command("assess_response", stdout=out)
    return json.loads(out.getvalue())


def test_recist_partial_response_is_printed_as_json(monkeypatch):
    request = {
        "criteria": "recist1.1",
        "input": {
            "baseline": [{"site": "liver", "nodal": False, "mm": 60}, {"site": "lung", "nodal": False, "mm": 40}],
            "assessments": [[42, 28]],
            "nontarget": "present",
            "new_lesions": False,
        },
    }
    assert run(monkeypatch, json.dumps(request)) == {
        "category": "PR",
        "explanation": "sum 70 mm, -30.0% from baseline 100 mm, -30.0% from nadir 100 mm: PR",
        "errors": [],
    }


def test_input_that_breaks_the_criteria_is_answered_invalid_with_reasons(monkeypatch):
    answer = run(monkeypatch, json.dumps({"criteria": "pcr", "input": {"ypT": "ypTX", "ypN": "ypN0"}}))
    assert answer["category"] == "INVALID"
    assert "cannot be assessed" in answer["errors"][0]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "malformed JSON"),
        ("[1, 2]", "expected a JSON object"),
        ('{"criteria": "pcr"}', "missing key(s) input"),
        ('{"input": {}}', "missing key(s) criteria"),
        ('{"criteria": "recist", "input": {}}', "unknown criteria 'recist'"),
    ],
)
def test_bad_request_gives_a_clear_message_and_exit_status_2(monkeypatch, text, message):
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    with pytest.raises(CommandError, match=re.escape(message)) as exc:
        call_command("assess_response")
    assert exc.value.returncode == 2
