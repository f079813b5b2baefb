"""The demo's staff accounts stay usable now that staff need a second factor."""

import io

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.core.management import call_command

from intake.management.commands.seed_demo import DEMO_TOTP_SECRET

pytestmark = pytest.mark.django_db


def test_demo_staff_have_the_published_authenticator_once_however_often_seeded():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=io.StringIO())
    assert f"oathtool --totp -b {DEMO_TOTP_SECRET}" in out.getvalue()
    totps = Authenticator.objects.filter(type=Authenticator.Type.TOTP)
    assert sorted(totps.values_list("user__email", flat=True)) == [
        "admin@demo.mdt",
        "coordinator@demo.mdt",
        "oncologist@demo.mdt",
        "pathologist@demo.mdt",
        "radiologist@demo.mdt",
        "translator@demo.mdt",
    ]
    code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, next(yield_hotp_counters_from_time())))
    assert TOTP(totps.get(user__email="coordinator@demo.mdt")).validate_code(code)
