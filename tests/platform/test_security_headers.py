import re
from pathlib import Path

import pytest


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_script_or_eval(client):
    response = client.get("/accounts/login/")
    policy = dict(
        directive.strip().split(" ", 1) for directive in response["Content-Security-Policy"].split(";") if directive
    )
    assert policy["script-src"] == "'self'"
    assert "'unsafe-inline'" not in policy["style-src"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert policy["frame-ancestors"] == "'none'"


@pytest.mark.django_db
def test_pages_deny_browser_features_nobody_uses(client):
    response = client.get("/accounts/login/")
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_no_template_has_inline_script_or_style_attributes():
    """What the policy would block in a browser, caught before one runs (an hx-trigger filter is eval)."""
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for template in root.glob("*/templates/**/*.html"):
        text = template.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=|\shx-on|\sstyle=|\[[^\]]*\(", text):
            offenders.append(str(template.relative_to(root)))
    assert not offenders
