"""The coordinator's triage queue: what it lists, how it filters and sorts, who may see it."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from cases.models import Case, CaseAssignment, State
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("cases:queue")
# session, user, the active staff (specialist filter and bulk form) with the countries and the saved views in one
# query, the page's rows with their teams (JSON in the same query), the results and needs-me counts in one query.
# On SQLite the lists and the teams take a query each: three lists and a prefetch, 8.
QUEUE_QUERIES = 5 if connection.vendor == "postgresql" else 8


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def make_cases(owner, n, **fields):
    """n cases in one INSERT; the i-th has waited i days."""
    now = timezone.now()
    # Every case here reached the queue by being submitted (a draft withdrawn unsubmitted never does).
    defaults = dict(
        state=State.SUBMITTED, submitted_at=now, patient_country="Kazakhstan", cancer_type="nsclc", stage_group="IV"
    )
    defaults.update(fields)
    cases = [
        Case(**{"patient_name": f"Patient {i}", "state_changed_at": now - timedelta(days=i), **defaults}, owner=owner)
        for i in range(n)
    ]
    return Case.objects.bulk_create(cases)


def make_case(owner, **fields):
    return make_cases(owner, 1, **fields)[0]


def refs(response):
    """The case references in the table, in the order shown."""
    assert response.status_code == 200
    return re.findall(r'<a href="/cases/(MDT-[0-9A-Z]+)/">', response.content.decode())


def shown(client, **params):
    return set(refs(client.get(QUEUE, params)))


# Who may see it


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("role", ["patient", "specialist"])
def test_patients_and_specialists_are_refused(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get(QUEUE).status_code == 403


def test_admin_sees_the_queue(client, patient):
    case = make_case(patient)
    client.force_login(UserFactory(role="admin"))
    assert refs(client.get(QUEUE)) == [case.reference]


def test_drafts_are_never_listed(coordinator_client, patient):
    make_case(patient, state=State.DRAFT)
    submitted = make_case(patient)
    assert refs(coordinator_client.get(QUEUE)) == [submitted.reference]
    assert 'value="draft"' not in coordinator_client.get(QUEUE).content.decode()  # not even offered


def test_coordinator_home_is_the_queue(coordinator_client):
    response = coordinator_client.get(reverse("home"))
    assert response["Location"] == QUEUE
    assert f'class="nav-link" href="{QUEUE}"' in coordinator_client.get(QUEUE).content.decode()


def test_patient_has_no_queue_link(patient_client):
    assert f'href="{QUEUE}"' not in patient_client.get(reverse("intake:case_list")).content.decode()


# Filters


def test_default_lists_open_cases_only(coordinator_client, patient):
    open_refs = {make_case(patient, state=s).reference for s in ("submitted", "in_review", "report_issued")}
    closed = make_case(patient, state=State.CLOSED)
    withdrawn = make_case(patient, state=State.WITHDRAWN)
    assert shown(coordinator_client) == open_refs
    assert shown(coordinator_client, state="closed") == {closed.reference}
    assert shown(coordinator_client, state=["closed", "withdrawn"]) == {closed.reference, withdrawn.reference}


def test_filter_by_several_states(coordinator_client, patient):
    triage = make_case(patient, state=State.IN_TRIAGE)
    ready = make_case(patient, state=State.READY_FOR_MDT)
    make_case(patient, state=State.SUBMITTED)
    assert shown(coordinator_client, state=["in_triage", "ready_for_mdt"]) == {triage.reference, ready.reference}


def test_filter_by_priority(coordinator_client, patient):
    urgent = make_case(patient, priority="urgent")
    high = make_case(patient, priority="high")
    make_case(patient, priority="routine")
    assert shown(coordinator_client, priority="urgent") == {urgent.reference}
    assert shown(coordinator_client, priority=["urgent", "high"]) == {urgent.reference, high.reference}


def test_filter_by_cancer_type(coordinator_client, patient):
    breast = make_case(patient, cancer_type="breast")
    make_case(patient, cancer_type="nsclc")
    assert shown(coordinator_client, cancer_type="breast") == {breast.reference}


def test_filter_by_country_offers_the_countries_in_the_queue(coordinator_client, patient):
    mongolia = make_case(patient, patient_country="Mongolia")
    make_case(patient, patient_country="Kazakhstan")
    page = coordinator_client.get(QUEUE).content.decode()
    assert '<option value="Mongolia">Mongolia</option>' in page
    assert shown(coordinator_client, country="Mongolia") == {mongolia.reference}


def test_country_list_is_every_country_in_the_queue_and_no_other(coordinator_client, patient):
    """The list comes from a skip scan over the index; it must say what SELECT DISTINCT would."""
    from cases.queue import distinct_values

    for country in ["Mongolia", "Kazakhstan", "Mongolia", "", "Viet Nam", "Côte d'Ivoire", "Kazakhstan"]:
        make_case(patient, patient_country=country)
    make_case(patient, state=State.DRAFT, submitted_at=None, patient_country="Draftland")  # not in the queue
    page = coordinator_client.get(QUEUE).content.decode()
    options = re.findall(r'<option value="([^"]*)">', page.split('name="country"')[1].split("</select>")[0])
    assert set(options) == {"Kazakhstan", "Mongolia", "Viet Nam", "Côte d&#x27;Ivoire"}
    queryset = Case.objects.exclude(state=State.DRAFT)
    plain = queryset.exclude(patient_country="").order_by("patient_country").values_list("patient_country", flat=True)
    assert distinct_values(queryset, "patient_country") == list(plain.distinct())
    assert options == [escape(c) for c in plain.distinct()]


def test_filter_by_assigned_specialist_or_nobody(coordinator_client, patient, specialist):
    theirs, other, nobodys = make_cases(patient, 3)
    surgeon = UserFactory(role="specialist", discipline="surgery")
    CaseAssignment.objects.bulk_create(
        [
            CaseAssignment(case=theirs, specialist=specialist, discipline="medical_oncology"),
            CaseAssignment(case=theirs, specialist=surgeon, discipline="surgery"),
            CaseAssignment(case=other, specialist=surgeon, discipline="surgery"),
        ]
    )
    assert refs(coordinator_client.get(QUEUE, {"assignee": specialist.pk})) == [theirs.reference]
    assert shown(coordinator_client, assignee="none") == {nobodys.reference}


def test_needs_me_lists_cases_waiting_on_me_or_nobody(coordinator_client, coordinator, patient):
    colleague = UserFactory(role="coordinator")
    meeting = timezone.now() + timedelta(days=3)
    wanted = {
        make_case(patient, state=State.SUBMITTED).reference,
        make_case(patient, state=State.IN_TRIAGE, coordinator=coordinator).reference,
        make_case(patient, state=State.READY_FOR_MDT).reference,
    }
    make_case(patient, state=State.IN_TRIAGE, coordinator=colleague)
    make_case(patient, state=State.READY_FOR_MDT, mdt_meeting_at=meeting)
    make_case(patient, state=State.AWAITING_INFORMATION, coordinator=coordinator)
    make_case(patient, state=State.IN_REVIEW)
    assert shown(coordinator_client, needs_me="on") == wanted
    page = coordinator_client.get(QUEUE).content.decode()
    assert 'Needs me <span class="badge text-bg-primary">3</span>' in page


def test_filters_combine(coordinator_client, patient):
    match = make_case(patient, priority="urgent", cancer_type="breast", patient_country="Mongolia")
    make_case(patient, priority="urgent", cancer_type="breast", patient_country="Kazakhstan")
    make_case(patient, priority="high", cancer_type="breast", patient_country="Mongolia")
    params = {"priority": "urgent", "cancer_type": "breast", "country": "Mongolia"}
    assert shown(coordinator_client, **params) == {match.reference}


# Search


def test_search_by_reference_exact_or_prefix_in_any_case(coordinator_client, patient):
    case, other = make_cases(patient, 2)
    assert refs(coordinator_client.get(QUEUE, {"q": case.reference})) == [case.reference]
    assert case.reference in shown(coordinator_client, q=case.reference[:7].lower())
    assert case.reference in shown(coordinator_client, q=case.reference[4:].lower())
    assert other.reference not in shown(coordinator_client, q=case.reference)


def test_search_by_part_of_the_patients_name(coordinator_client, patient):
    wei = make_case(patient, patient_name="Li Wei")
    make_case(patient, patient_name="Aigerim Nurlanovna")
    assert shown(coordinator_client, q="wei") == {wei.reference}


def test_no_match_says_so(coordinator_client, patient):
    make_case(patient)
    page = coordinator_client.get(QUEUE, {"q": "nobody-by-this-name"}).content.decode()
    assert "No cases match these filters." in page
    assert "0 cases" in page


# Sorting


@pytest.fixture
def three_cases(patient):
    """Three cases that differ in every column, so each sort has one right answer."""
    now = timezone.now()
    a, b, c = (
        make_case(
            patient,
            patient_name=name,
            patient_country=country,
            cancer_type=cancer,
            state=state,
            priority=priority,
            completeness_score=score,
            state_changed_at=now - timedelta(days=days),
        )
        for name, country, cancer, state, priority, score, days in [
            ("Bolat", "Mongolia", "breast", State.READY_FOR_MDT, "routine", 90, 1),
            ("Chen", "Armenia", "prostate", State.SUBMITTED, "urgent", 10, 9),
            ("Aruzhan", "Kazakhstan", "melanoma", State.IN_TRIAGE, "high", 50, 4),
        ]
    )
    specialists = UserFactory.create_batch(2, role="specialist", discipline="surgery")
    CaseAssignment.objects.bulk_create(
        [CaseAssignment(case=a, specialist=s, discipline="surgery") for s in specialists]
        + [CaseAssignment(case=c, specialist=specialists[0], discipline="surgery")]
    )
    return a, b, c


# Each sort key, and the three cases (a, b, c) in the order it puts them ascending.
ASCENDING = {
    "reference": None,  # random references: checked against sorted()
    "patient": "cab",
    "country": "bca",
    "cancer_type": "acb",
    "state": "bca",
    "priority": "bca",
    "completeness": "bca",
    "waiting": "acb",
    "assigned": "bca",
}


@pytest.mark.parametrize("descending", [False, True], ids=["ascending", "descending"])
@pytest.mark.parametrize("key", ASCENDING)
def test_every_column_sorts_both_ways(coordinator_client, three_cases, key, descending):
    by_letter = dict(zip("abc", (case.reference for case in three_cases), strict=True))
    if ASCENDING[key]:
        expected = [by_letter[letter] for letter in ASCENDING[key]]
    else:
        expected = sorted(by_letter.values())
    if descending:
        expected.reverse()
    response = coordinator_client.get(QUEUE, {"sort": f"-{key}" if descending else key})
    assert refs(response) == expected
    active = re.search(r'<th scope="col" aria-sort="(\w+)">', response.content.decode())
    assert active.group(1) == ("descending" if descending else "ascending")


def test_default_order_is_most_urgent_then_longest_waiting(coordinator_client, patient):
    now = timezone.now()
    routine_old = make_case(patient, priority="routine", state_changed_at=now - timedelta(days=30))
    urgent_new = make_case(patient, priority="urgent", state_changed_at=now - timedelta(days=1))
    urgent_old = make_case(patient, priority="urgent", state_changed_at=now - timedelta(days=5))
    high = make_case(patient, priority="high", state_changed_at=now)
    expected = [urgent_old, urgent_new, high, routine_old]
    assert refs(coordinator_client.get(QUEUE)) == [c.reference for c in expected]


def test_unknown_sort_falls_back_to_the_default(coordinator_client, patient):
    routine = make_case(patient, priority="routine")  # created first: creation order would put it first
    urgent = make_case(patient, priority="urgent")
    response = coordinator_client.get(QUEUE, {"sort": "owner__password"})
    assert refs(response) == [urgent.reference, routine.reference]


def test_sort_links_keep_the_filters_and_start_at_page_one(coordinator_client, patient):
    make_case(patient, priority="urgent")
    page = coordinator_client.get(QUEUE, {"priority": "urgent", "sort": "completeness", "page": "1"})
    html = page.content.decode()
    assert 'href="?priority=urgent&amp;sort=-completeness"' in html
    assert 'href="?priority=urgent&amp;sort=waiting"' in html


# Pages


def test_pages_keep_the_filters(coordinator_client, patient):
    make_cases(patient, 30, priority="urgent")
    make_cases(patient, 5, priority="routine")
    first = coordinator_client.get(QUEUE, {"priority": "urgent", "sort": "waiting"})
    assert len(refs(first)) == 25
    assert "30 cases" in first.content.decode()
    assert 'href="?priority=urgent&amp;sort=waiting&amp;page=2"' in first.content.decode()
    second = coordinator_client.get(QUEUE, {"priority": "urgent", "sort": "waiting", "page": "2"})
    assert len(refs(second)) == 5
    assert not set(refs(first)) & set(refs(second))
    urgent = set(Case.objects.filter(priority="urgent").values_list("reference", flat=True))
    assert set(refs(first)) | set(refs(second)) == urgent


# What a row shows


def test_row_shows_team_with_chair_and_overridden_priority(coordinator_client, patient, specialist):
    case = make_case(patient, priority="urgent", priority_override="urgent", cancer_type="breast", stage_group="IIIA")
    specialist.first_name, specialist.last_name = "Ana", "Ortiz"
    specialist.save()
    CaseAssignment.objects.create(case=case, specialist=specialist, discipline="medical_oncology", is_chair=True)
    html = coordinator_client.get(QUEUE).content.decode()
    assert "Ana Ortiz" in html
    assert "(Medical oncology)" in html
    assert ">Chair<" in html
    assert ">overridden<" in html
    assert "Breast cancer" in html and "stage IIIA" in html


# Cost


@pytest.mark.parametrize("n", [30, 200, 1500])
def test_query_count_does_not_grow_with_cases(coordinator_client, patient, django_assert_num_queries, n):
    cases = make_cases(patient, n)
    specialists = UserFactory.create_batch(3, role="specialist", discipline="pathology")
    CaseAssignment.objects.bulk_create(
        [CaseAssignment(case=c, specialist=s, discipline="pathology") for c in cases for s in specialists[:2]]
    )
    with django_assert_num_queries(QUEUE_QUERIES):
        response = coordinator_client.get(QUEUE, {"sort": "assigned"})
    assert len(refs(response)) == min(n, 25)


def test_the_default_order_walks_the_queue_index_instead_of_sorting_every_case(coordinator, patient):
    """The page's rows come from an index in the queue's order, so the database stops after a page (issue 16)."""
    from django.db import connection
    from django.http import QueryDict

    from cases.queue import PAGE_SIZE, queue_for

    make_cases(patient, 50)
    queryset = queue_for(user=coordinator, params=QueryDict()).qs[: PAGE_SIZE + 1]
    with connection.cursor() as cursor:
        # A few test rows make a sort cheap; forbid it, so the plan shows whether the index can serve the order.
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
    assert "case_queue_order_idx" in plan
    assert "Sort" not in plan


def test_a_queue_that_fits_on_one_page_is_counted_without_a_count_query(
    coordinator_client, patient, django_assert_num_queries
):
    make_cases(patient, 5)
    with django_assert_num_queries(QUEUE_QUERIES) as queries:  # the needs-me count runs alone
        html = coordinator_client.get(QUEUE).content.decode()
    assert "5 cases" in html
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(*)" in q["sql"]]
    assert len(counts) == 1 and counts[0].count("COUNT(*)") == 1


def test_counts_stop_at_the_cap_and_say_more_than(coordinator_client, patient, monkeypatch):
    """An exact count reads every matching case; past COUNT_CAP the queue says "more than" and pages on, and the
    "Needs me" badge past its own, lower, NEEDS_ME_CAP."""
    monkeypatch.setattr("cases.queue.COUNT_CAP", 40)
    monkeypatch.setattr("cases.queue.NEEDS_ME_CAP", 30)
    make_cases(patient, 60, state=State.SUBMITTED)  # each one needs a coordinator
    first = coordinator_client.get(QUEUE).content.decode()
    assert "More than 40 cases" in first
    assert "60 cases" not in first
    assert 'rel="next"' in first and ">Last<" not in first  # no last page without the count
    assert "Page 1<" in first
    needs_me = re.search(r"Needs me <span[^>]*>([^<]*)</span>", first).group(1)
    assert needs_me == "more than 30"
    response = coordinator_client.get(QUEUE, {"page": "3"})
    assert len(refs(response)) == 10
    third = response.content.decode()
    assert 'rel="next"' not in third
    assert "60 cases" in third  # the last page knows the total
    assert "Page 3 of 3" in third
    past = coordinator_client.get(QUEUE, {"page": "9"}).content.decode()
    assert "Page 3 of 3" in past  # an old link past the end shows the last page


def test_the_needs_me_badge_is_exact_up_to_its_cap(coordinator_client, patient, monkeypatch):
    monkeypatch.setattr("cases.queue.NEEDS_ME_CAP", 30)
    make_cases(patient, 30, state=State.SUBMITTED)
    make_cases(patient, 10, state=State.IN_REVIEW)  # not waiting on a coordinator: more than a page, not counted
    html = coordinator_client.get(QUEUE).content.decode()
    assert re.search(r"Needs me <span[^>]*>([^<]*)</span>", html).group(1) == "30"


def test_rows_are_in_the_readers_language(coordinator_client, patient, specialist):
    """The rows are written in Python with the page's words translated once: they follow the reader's language."""
    case = make_case(patient, priority="routine", priority_override="routine", stage_group="IIIA")
    CaseAssignment.objects.create(case=case, specialist=specialist, discipline="pathology", is_chair=True)
    html = coordinator_client.get(QUEUE, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    row = html[html.index(f">{case.reference}<") :]
    row = row[: row.index("</tr>")]
    assert 'data-label="等待天数"' in row
    assert "已提交" in row and "常规" in row
    assert "Submitted" not in row and "Routine" not in row and "overridden" not in row


def test_filters_it_cannot_read_are_named_not_silently_dropped(coordinator_client, patient):
    make_case(patient)
    html = coordinator_client.get(QUEUE, {"state": ["closed", "bogus"], "assignee": "abc"}).content.decode()
    assert "Some filters could not be read and were ignored" in html


def test_an_unknown_stage_is_not_shown_as_a_code(coordinator_client, patient):
    make_case(patient, cancer_type="aml", stage_group="unknown")
    assert "stage unknown" not in coordinator_client.get(QUEUE).content.decode()


# What the queue keeps between requests (issue 16): compiled SQL and the forms' HTML, each under a key naming all
# it is made from. Whatever a request changes shows on the next one.


def test_the_next_request_shows_what_changed_though_its_sql_is_reused(coordinator_client, coordinator, patient):
    from django.core.cache import caches

    kept = caches["process"]
    first = make_case(patient, state=State.SUBMITTED)
    assert shown(coordinator_client, needs_me="on") == {first.reference}
    entries = len(kept._cache)
    second = make_case(patient, state=State.IN_TRIAGE)
    assert shown(coordinator_client, needs_me="on") == {first.reference, second.reference}
    assert len(kept._cache) == entries  # the same SQL, run again
    colleague = UserFactory(role="coordinator")
    Case.objects.filter(pk=first.pk).update(coordinator=colleague)  # taken on by someone else: no longer mine
    assert shown(coordinator_client, needs_me="on") == {second.reference}
    page = coordinator_client.get(QUEUE).content.decode()
    assert 'Needs me <span class="badge text-bg-primary">1</span>' in page


def test_a_reader_whose_role_changes_gets_the_rules_of_the_new_role(client, coordinator, patient):
    """The SQL is kept per reader and role: a coordinator who becomes a patient sees only their own cases."""
    theirs = make_case(coordinator)
    someone_elses = make_case(patient)
    client.force_login(coordinator)
    assert shown(client) == {theirs.reference, someone_elses.reference}
    type(coordinator).objects.filter(pk=coordinator.pk).update(role="patient")
    assert client.get(QUEUE).status_code == 403
    from cases.models import User
    from cases.queue import queue_for, queue_page

    now_patient = User.objects.get(pk=coordinator.pk)
    from django.http import QueryDict

    page = queue_page(filterset=queue_for(user=now_patient, params=QueryDict()), page_number=1)
    assert [c.reference for c in page.object_list] == [theirs.reference]


def test_the_filter_form_follows_new_countries_specialists_and_the_language(coordinator_client, patient):
    make_case(patient, patient_country="Kazakhstan")
    page = coordinator_client.get(QUEUE).content.decode()
    assert '<option value="Mongolia">' not in page
    make_case(patient, patient_country="Mongolia")
    page = coordinator_client.get(QUEUE).content.decode()
    assert '<option value="Mongolia">Mongolia</option>' in page
    surgeon = UserFactory(role="specialist", discipline="surgery", first_name="Asel", last_name="Bekova")
    page = coordinator_client.get(QUEUE).content.decode()
    assert f'<option value="{surgeon.pk}">Asel Bekova (Surgery)</option>' in page  # the specialist filter
    assert f'value="{surgeon.pk}"' in page.split('id="bulk-form"')[1]  # and the bulk form
    type(surgeon).objects.filter(pk=surgeon.pk).update(last_name="Nurova")
    page = coordinator_client.get(QUEUE).content.decode()
    assert "Asel Bekova" not in page and f'<option value="{surgeon.pk}">Asel Nurova (Surgery)</option>' in page
    chinese = coordinator_client.get(QUEUE, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    form = chinese[chinese.index('id="queue-filters"') : chinese.index("</form>", chinese.index('id="queue-filters"'))]
    assert "Cancer type" not in form and "Apply filters" not in form
    assert "Asel Nurova" in form


def test_the_filter_form_shows_the_filters_as_typed(coordinator_client, patient):
    make_case(patient, patient_name="Aigerim Nurlanovna")
    page = coordinator_client.get(QUEUE, {"q": "nurlan", "priority": ["urgent", "high"]}).content.decode()
    assert 'value="nurlan"' in page
    assert re.search(r'<input[^>]*name="priority"[^>]*value="urgent"[^>]*checked', page)
    page = coordinator_client.get(QUEUE, {"q": "aigerim"}).content.decode()
    assert 'value="aigerim"' in page and 'value="nurlan"' not in page
    assert not re.search(r'<input[^>]*name="priority"[^>]*value="urgent"[^>]*checked', page)


def test_a_blood_cancer_row_names_the_stage_by_its_system(coordinator_client, patient):
    make_case(patient, cancer_type="lymphoma", stage_group="IIbulky")
    make_case(patient, cancer_type="myeloma", stage_group="III")
    make_case(patient, cancer_type="aml", stage_group="IV")  # left from another type: AML has no stage group
    html = coordinator_client.get(QUEUE).content.decode()
    assert "Lugano 2014 stage II bulky" in html and "ISS/R-ISS stage III" in html
    assert "stage IIbulky" not in html and "stage IV<" not in html
