"""Test settings: the real settings with fast hashing, local email and a temp data folder."""

import os
import tempfile

os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("MDT_DATA_DIR", tempfile.mkdtemp(prefix="mdt-test-"))

from config.settings import *  # noqa: E402,F403
from config.settings import DATA_DIR, DATABASES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not :memory:, so a real Celery worker process can share it.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
ACCOUNT_RATE_LIMITS = False  # type: ignore[assignment]  # allauth: False turns every limit off
