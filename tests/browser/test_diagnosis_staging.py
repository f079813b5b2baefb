"""The diagnosis step's staging follows the cancer chosen, on a phone, before anything is saved: a lymphoma is
offered the Lugano 2014 stages (with A/B once Hodgkin lymphoma is chosen), never the T/N/M letters."""

import pytest
from playwright.sync_api import expect

from cases.models import Case
from tests.browser.conftest import PHONE, log_in
from tests.browser.test_intake_no_loss import patient_draft, saved, step_url  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_choosing_hodgkin_lymphoma_swaps_in_the_lugano_stages_and_the_choice_is_saved(
    new_context,
    live_server,
    screens,
    patient_draft,  # noqa: F811
):
    user, case = patient_draft
    page = new_context(**PHONE).new_page()
    log_in(page, live_server.url, user.email)
    page.goto(step_url(live_server.url, case, "diagnosis"))
    expect(page.locator("#id_t_category")).to_be_visible()

    page.locator("#id_cancer_type").select_option("lymphoma")
    expect(page.get_by_label("Stage (Lugano, a modified Ann Arbor)")).to_be_visible()
    expect(page.locator("#id_t_category")).to_have_count(0)
    expect(page.locator("#id_stage_group")).to_have_value("IV")  # the stage already chosen is a Lugano stage too
    expect(page.locator("#id_stage_group option[value='IIB']")).to_have_count(0)

    page.locator("#id_cancer_subtype").select_option("hodgkin")
    expect(page.locator("#id_stage_group option[value='IIB']")).to_have_count(1)  # A/B: Hodgkin lymphoma only
    page.locator("#id_stage_group").select_option("IIB")
    saved(page)
    screens.save(page, "lugano-stage-on-a-phone", full_page=False)

    case = Case.objects.get(pk=case.pk)
    assert (case.cancer_type, case.cancer_subtype, case.stage_group) == ("lymphoma", "hodgkin", "IIB")
    page.reload()
    expect(page.locator("#id_stage_group")).to_have_value("IIB")
    expect(page.locator("#id_stage_group option:checked")).to_have_text("Lugano 2014 stage IIB")
