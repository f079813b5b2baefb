"""The MDT reviews the in-review demo case: a specialist gives an opinion on a phone, the chair agrees the consensus."""

import re

import pytest
from django.core.management import call_command

from cases.models import Case, CaseEvent, User
from reports.models import Consensus, Opinion
from reports.opinions import opinion_save
from reports.packets import packet_compile
from tests.browser.conftest import PHONE, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "demo-password-2026"
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
REFERENCE = "MDT-DEMA6L"  # in review; team: oncologist (chair), radiologist, pathologist


def test_a_specialist_gives_an_opinion_and_the_chair_agrees_the_consensus(new_context, live_server, screens):
    from playwright.sync_api import expect

    call_command("seed_demo", stdout=open("/dev/null", "w"))
    case = Case.objects.get(reference=REFERENCE)
    packet = case.packets.order_by("-version").first()
    packet_compile(packet_id=packet.pk)  # no worker in this test: compile the waiting packet here

    # The radiologist, on a phone, lands on their MDT cases.
    radiologist = new_context(**PHONE).new_page()
    log_in(radiologist, live_server.url, "radiologist@demo.mdt", DEMO_PASSWORD)
    radiologist.goto(live_server.url + "/")
    expect(radiologist).to_have_url(re.compile(r"/mdt/$"))
    row = radiologist.locator(f"tr[data-reference='{REFERENCE}']")
    expect(row).to_contain_text("Acute myeloid leukaemia")
    expect(row).to_contain_text("Radiology")
    screens.save(radiologist, "my mdt cases")

    # The case page: the MDT summary is one tap away, opening at its first page.
    row.get_by_role("link", name=REFERENCE).click()
    summary = radiologist.locator("#open-summary")
    expect(summary).to_be_visible()
    href = summary.get_attribute("href")
    assert href.endswith("/summary/#page=1") and summary.get_attribute("target") == "_blank"
    pdf = radiologist.request.get(live_server.url + href.split("#")[0])
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
    expect(radiologist.locator("#mdt-team")).to_contain_text("Not started")
    radiologist.locator("#mdt").scroll_into_view_if_needed()
    screens.save(radiologist, "case page mdt panel", full_page=False)

    # Start the opinion, save a draft, leave.
    radiologist.get_by_role("link", name="Write your opinion").click()
    expect(radiologist.get_by_role("heading", name="Your opinion (Radiology)")).to_be_visible()
    radiologist.get_by_label("Assessment", exact=True).fill("Marrow imaging not needed; no extramedullary disease.")
    radiologist.locator("input[name=tests_from_gaps][value=IDH1]").check()
    radiologist.get_by_label("Stem cell transplant or CAR-T").fill("Consider allogeneic transplant in first CR.")
    screens.save(radiologist, "opinion form")
    radiologist.get_by_role("button", name="Save draft").click()
    expect(radiologist.get_by_role("status").first).to_contain_text("Your draft is saved")
    assert Opinion.objects.get(author__email="radiologist@demo.mdt").status == "draft"
    radiologist.get_by_role("link", name="Back to the case").click()

    # Come back through the panel: the draft is there; submit it.
    radiologist.get_by_role("link", name="Continue your opinion").click()
    expect(radiologist.get_by_label("Assessment", exact=True)).to_have_value(
        "Marrow imaging not needed; no extramedullary disease."
    )
    expect(radiologist.locator("input[name=tests_from_gaps][value=IDH1]")).to_be_checked()
    radiologist.get_by_label("Response you read from the records").select_option("CR")
    radiologist.get_by_label("Criteria used").select_option("eln2022")
    radiologist.get_by_label("Points for discussion at the meeting").fill("Timing of transplant referral.")
    radiologist.get_by_role("button", name="Submit opinion").click()
    # It asks first: a submitted opinion cannot be changed.
    expect(radiologist.get_by_role("heading", name="Submit your opinion?")).to_be_visible()
    screens.save(radiologist, "submit asks first")
    radiologist.get_by_role("button", name="Yes, submit my opinion").click()
    expect(radiologist.locator("#mdt-my-task")).to_contain_text("You submitted your opinion")
    expect(radiologist.get_by_role("status").first).to_contain_text("Your opinion has been submitted")
    screens.save(radiologist, "opinion submitted")

    # The oncologist (chair) and the pathologist give theirs.
    opinion_save(
        case=case,
        by=User.objects.get(email="pathologist@demo.mdt"),
        data={"assessment": "NPM1-mutated AML confirmed; FLT3 negative.", "tests_from_gaps": ["IDH1", "IDH2"]},
        submit=True,
    )
    opinion_save(
        case=case,
        by=User.objects.get(email="oncologist@demo.mdt"),
        data={
            "assessment": "Favourable risk (ELN 2022) in first CR.",
            "response_category": "CR",
            "response_criteria": "eln2022",
        },
        submit=True,
    )

    # The radiologist now reads the others' opinions.
    radiologist.reload()
    opinions = radiologist.locator("#mdt-opinions")
    expect(opinions.locator("details")).to_have_count(3)
    opinions.get_by_text("Pathology", exact=True).click()
    expect(opinions).to_contain_text("NPM1-mutated AML confirmed; FLT3 negative.")
    screens.save(radiologist, "others opinions")

    # The chair, at a desk, writes the consensus from their case list.
    chair = new_context(**DESKTOP).new_page()
    log_in(chair, live_server.url, "oncologist@demo.mdt", DEMO_PASSWORD)
    chair.goto(live_server.url + "/mdt/")
    chair.locator(f"tr[data-reference='{REFERENCE}']").get_by_role("link", name="Write the consensus").click()
    expect(chair.get_by_role("heading", name="MDT consensus")).to_be_visible()
    expect(chair.locator("#team-opinions")).to_contain_text("The team's opinions (3 submitted)")
    chair.get_by_label("Long-term disease control").check()
    chair.get_by_label("What this goal means for this patient").fill("Staying in remission for years.")
    chair.get_by_label("Recommended plan").fill(
        "Consolidation with intermediate-dose cytarabine; transplant only on relapse."
    )
    chair.get_by_label("Alternatives").fill("Allogeneic transplant in first remission.")
    chair.get_by_label("Plain summary for the patient").fill(
        "Your mother's leukaemia is in remission. We advise more chemotherapy to keep it away."
    )
    chair.get_by_role("button", name="Save draft").click()
    expect(chair.get_by_role("status").first).to_contain_text("Your draft is saved")
    assert Consensus.objects.get(case=case).status == "draft"

    # Agreeing without the answers is refused, and says what is missing.
    chair.get_by_role("button", name="Agree and finalise").click()
    expect(chair.locator("#problem")).to_contain_text("cannot be agreed yet")
    expect(chair.get_by_text("Answer the patient's question.")).to_have_count(2)
    answers = chair.locator("textarea[name^=answer_]")
    answers.nth(0).fill("Most patients with this type reach complete remission, as your mother has.")
    answers.nth(1).fill("Yes: this review is by a full MDT.")
    screens.save(chair, "consensus form")
    chair.get_by_role("button", name="Agree and finalise").click()
    expect(chair.get_by_role("heading", name="Agree the consensus?")).to_be_visible()
    chair.get_by_role("button", name="Yes, agree the consensus").click()
    expect(chair.get_by_role("status").first).to_contain_text("The consensus is agreed")
    expect(chair.locator("#mdt-consensus")).to_contain_text("Agreed")
    expect(chair.locator("#timeline")).to_contain_text("MDT consensus agreed")
    chair.locator("#mdt").scroll_into_view_if_needed()
    screens.save(chair, "consensus agreed", full_page=False)

    consensus = Consensus.objects.get(case=case)
    assert consensus.status == "final" and consensus.goal == "disease_control"
    assert set(consensus.answers) == {"seed:remission_rate", "seed:mdt_review"}
    assert CaseEvent.objects.filter(case=case, kind="opinion_submitted").count() == 3
    assert CaseEvent.objects.filter(case=case, kind="consensus_agreed", internal=True).exists()

    # The chair's list now says the case is done.
    chair.goto(live_server.url + "/mdt/")
    expect(chair.locator(f"tr[data-reference='{REFERENCE}']")).to_contain_text("Done")
    screens.save(chair, "chair list done")

    # The coordinator sees every opinion in and reads the agreed recommendation on the case page.
    coordinator = new_context(**DESKTOP).new_page()
    log_in(coordinator, live_server.url, "coordinator@demo.mdt", DEMO_PASSWORD)
    coordinator.goto(f"{live_server.url}/cases/{REFERENCE}/")
    expect(coordinator.locator("#mdt-team .badge.text-bg-success")).to_have_count(3)
    expect(coordinator.locator("#mdt-consensus")).to_contain_text(
        "Consolidation with intermediate-dose cytarabine; transplant only on relapse."
    )
    expect(coordinator.locator("#open-summary")).to_have_count(0)  # the packet has its own panel for coordinators
    coordinator.locator("#mdt").scroll_into_view_if_needed()
    screens.save(coordinator, "coordinator sees the consensus", full_page=False)
