"""Retention: the records and packets of cases closed long enough are deleted; the shell and the trail stay."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from cases.models import AccessRecord, Case, CaseEvent, Document, State
from privacy.retention import retention_apply
from reports.models import Packet, PatientReport
from tests.privacy.helpers import case_with_everything, stored

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def closed_case(patient, coordinator, *, days_ago):
    case = case_with_everything(patient, coordinator, state=State.CLOSED)
    Case.objects.filter(pk=case.pk).update(state_changed_at=NOW - datetime.timedelta(days=days_ago))
    return case


def files(case):
    return [d.file.name for d in case.documents.all()] + [p.archive.name for p in Packet.objects.filter(case=case)]


@pytest.mark.django_db(transaction=True)
def test_retention_removes_only_files_of_cases_closed_long_enough(settings, patient, other_patient, coordinator):
    settings.RETENTION_DAYS_CLOSED = 365
    old = closed_case(patient, coordinator, days_ago=400)
    recent = closed_case(other_patient, coordinator, days_ago=300)
    still_open = case_with_everything(other_patient, coordinator, state=State.REPORT_ISSUED)
    old_files, kept_files = files(old), files(recent) + files(still_open)
    reads = AccessRecord.objects.count()

    with time_machine.travel(NOW, tick=False):
        assert retention_apply() == 1
        assert retention_apply() == 0  # nothing left to find the second time

    assert not any(stored(n) for n in old_files)
    assert all(stored(n) for n in kept_files)
    assert not Document.objects.filter(case=old).exists() and not Packet.objects.filter(case=old).exists()
    assert Case.objects.filter(pk=old.pk, state=State.CLOSED).exists()
    assert PatientReport.objects.filter(case=old).exists()  # the report stays with the shell
    assert CaseEvent.objects.get(case=old, kind="retention_deleted").params["records"] == 3
    assert AccessRecord.objects.count() == reads


@pytest.mark.django_db(transaction=True)
def test_the_command_clears_a_case_once_time_has_passed(settings, patient, coordinator):
    settings.RETENTION_DAYS_CLOSED = 30
    case = closed_case(patient, coordinator, days_ago=10)
    call_command("apply_retention")
    assert Document.objects.filter(case=case).exists()
    with time_machine.travel(NOW + datetime.timedelta(days=25)):
        call_command("apply_retention")
    assert not Document.objects.filter(case=case).exists()
