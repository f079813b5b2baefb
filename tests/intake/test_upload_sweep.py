"""Abandoned and refused resumable uploads are removed with their bytes."""

import datetime
import os

import pytest
from django.conf import settings
from django.core.management import call_command

from cases.models import UploadSession
from intake.services import upload_session_start, upload_sessions_sweep, upload_staging_path
from intake.tasks import sweep_upload_sessions

pytestmark = pytest.mark.django_db


def started(case, by, name="study.zip"):
    session = upload_session_start(case=case, by=by, filename=name, size=1000, kind="imaging_study")
    path = upload_staging_path(session.pk)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * 400)
    return session, path


def test_upload_left_for_a_day_is_removed_with_its_partial_file(draft, patient, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 1, 9, 0, tzinfo=datetime.UTC), tick=False)
    stale, stale_path = started(draft, patient, "left.zip")
    time_machine.shift(datetime.timedelta(hours=settings.UPLOAD_SESSION_MAX_AGE_HOURS + 1))
    fresh, fresh_path = started(draft, patient, "now.zip")

    assert upload_sessions_sweep() == 1

    assert list(UploadSession.objects.values_list("filename", flat=True)) == ["now.zip"]
    assert not stale_path.exists() and fresh_path.exists()


def test_upload_still_being_sent_is_kept(draft, patient, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 1, 9, 0, tzinfo=datetime.UTC), tick=False)
    session, path = started(draft, patient)
    time_machine.shift(datetime.timedelta(hours=settings.UPLOAD_SESSION_MAX_AGE_HOURS - 1))
    session.offset = 400
    session.save(update_fields=["offset", "updated_at"])  # a chunk arrived
    time_machine.shift(datetime.timedelta(hours=2))

    assert upload_sessions_sweep() == 0
    assert UploadSession.objects.filter(pk=session.pk).exists() and path.exists()


def test_refused_upload_is_removed_at_once(draft, patient):
    refused, refused_path = started(draft, patient, "viewer.zip")
    UploadSession.objects.filter(pk=refused.pk).update(error="viewer.zip contains a program")
    fresh, fresh_path = started(draft, patient, "ct.zip")

    upload_sessions_sweep()

    assert list(UploadSession.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not refused_path.exists() and fresh_path.exists()


def test_staging_file_without_a_session_is_removed_once_old(draft, patient):
    session, path = started(draft, patient)
    session.delete()  # as when its case is deleted
    recent = upload_staging_path("0c4fcb47-3a22-4b6e-8d89-5b8b6f0d2c11")
    recent.write_bytes(b"x")
    day_ago = (
        datetime.datetime.now() - datetime.timedelta(hours=settings.UPLOAD_SESSION_MAX_AGE_HOURS + 1)
    ).timestamp()
    os.utime(path, (day_ago, day_ago))

    upload_sessions_sweep()

    assert not path.exists() and recent.exists()
    recent.unlink()


def test_command_and_beat_task_run_the_sweep(draft, patient, capsys):
    refused, path = started(draft, patient)
    UploadSession.objects.filter(pk=refused.pk).update(error="refused")

    call_command("sweep_uploads")
    sweep_upload_sessions()

    assert "Removed 1 upload sessions." in capsys.readouterr().out
    assert not UploadSession.objects.exists() and not path.exists()
    assert settings.CELERY_BEAT_SCHEDULE["sweep-upload-sessions"]["task"] == "intake.tasks.sweep_upload_sessions"
