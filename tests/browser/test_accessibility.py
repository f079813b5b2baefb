"""Every page a patient sees passes axe-core with no serious or critical violation, in English and Chinese, on a
phone (360 px) and a laptop (1280 px). axe-core is vendored under tests/assets/axe-core (see VERSION.txt)."""

import datetime
import json
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import State
from tests.browser.conftest import log_in
from tests.factories import CaseFactory, UserFactory, add_document, complete_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).resolve().parents[1] / "assets" / "axe-core" / "axe.min.js").read_text()
WIDTHS = {"phone": {"width": 360, "height": 780}, "laptop": {"width": 1280, "height": 900}}
LANGUAGES = ["en", "zh-hans"]


def violations(page) -> list[dict]:
    """axe-core's serious and critical findings on the page as it is now."""
    # Evaluated through the browser's debugging protocol, so the page's Content-Security-Policy still holds.
    page.evaluate(AXE)
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ["violations"]});
            return r.violations.filter(v => v.impact === "serious" || v.impact === "critical")
              .map(v => ({id: v.id, impact: v.impact, help: v.help,
                          nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}));
        }"""
    )
    return result


@pytest.fixture
def patient_cases(db):
    user = UserFactory(email="axe.patient@example.org", first_name="Lina", last_name="Chen")
    draft = CaseFactory(owner=user, patient_name="Lina Chen", cancer_type="gastric", intake_steps_saved=["diagnosis"])
    add_document(draft, "pathology_report", datetime.date(2026, 10, 1), name="biopsy.pdf")
    submitted = complete_case(user, patient_name="Lina Chen")
    submitted.state = State.IN_TRIAGE
    submitted.submitted_at = timezone.now()
    submitted.save()
    return user, draft, submitted


def patient_pages(draft, submitted) -> list[str]:
    d, s = draft.reference, submitted.reference
    steps = [f"/cases/{d}/intake/{step}/" for step in ("diagnosis", "biomarkers", "treatment", "goals", "records")]
    return [
        "/cases/",
        f"/cases/{d}/",
        *steps,
        f"/cases/{d}/intake/treatment/measurements/",
        f"/cases/{d}/review/",
        f"/cases/{d}/access-log/",
        f"/cases/{s}/",
        f"/cases/{s}/review/",
        f"/cases/{s}/intake/treatment/",  # read-only after submission
        "/accounts/sessions/",
    ]


ANONYMOUS_PAGES = ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_patient_page_has_no_serious_accessibility_violation(
    new_context, live_server, patient_cases, language, width
):
    user, draft, submitted = patient_cases
    cookie = [{"name": "django_language", "value": language, "url": live_server.url}]
    visitor = new_context(viewport=WIDTHS[width])
    visitor.add_cookies(cookie)
    page = visitor.new_page()
    found = {}
    for path in ANONYMOUS_PAGES:
        page.goto(live_server.url + path)
        expect(page.locator("html")).to_have_attribute("lang", language)
        found[path] = violations(page)
    patient = new_context(viewport=WIDTHS[width])
    page = patient.new_page()
    log_in(page, live_server.url, user.email)  # in English (the helper reads English labels), then switch
    patient.add_cookies(cookie)
    for path in patient_pages(draft, submitted):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        expect(page.locator("html")).to_have_attribute("lang", language)
        found[path] = violations(page)
    bad = {path: v for path, v in found.items() if v}
    assert not bad, json.dumps(bad, indent=1, ensure_ascii=False)
