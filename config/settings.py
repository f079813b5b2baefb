"""MDT Intake settings: one module, driven by the environment (see README)."""

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import cache_from_url, env_bool, env_int, env_list, env_str
from config.logging import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent
# Everything the embedded default writes (SQLite, broker queue, private files).
# Settings create no folder on import: `config.datadirs.ensure()` does, at start-up (manage.py, WSGI, the
# worker and beat), so building the image (collectstatic) writes nothing under the data folder.
DATA_DIR = Path(env_str("MDT_DATA_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or DJANGO_SECRET_KEY_FILE), or DJANGO_DEBUG=true.")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789"
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set DJANGO_ALLOWED_HOSTS when DJANGO_DEBUG is false.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_filters",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",  # lists a person's sessions and signs out the others
    "cases",
    "intake",
    "reports",
    "privacy",
]

MIDDLEWARE = [
    # Before everything: the request id for the log (config.logging), then /health/live/ and /health/ready/
    # (no host check, no HTTPS redirect).
    "config.logging.RequestIdMiddleware",
    "config.health.HealthMiddleware",
    # First: refuses an oversized body from its Content-Length before anything reads it.
    "intake.middleware.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cases.timezones.TimezoneMiddleware",  # the reader's time zone (cases.timezones)
    "cases.account_language.AccountLanguageMiddleware",  # the account's language on a browser that chose none
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "cases.session_limits.SessionLimitMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "cases.mfa.StaffMFAMiddleware",  # after HtmxMiddleware: answers htmx requests with HX-Redirect
]

ROOT_URLCONF = "config.urls"
# Django's widget templates written in Python (same bytes, a tenth of the time): see config/forms.py.
FORM_RENDERER = "config.forms.FastRenderer"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cases.session_limits.session_limits",
            ],
            # `{% load crispy_fast %}`: crispy-forms' library with its field filter written in Python
            # (config/crispy_fast.py, issue 16).
            # `{% load fragments %}`: `{% kept %}`, a fragment rendered once per process (config/fragments.py).
            # `{% load i18n %}`: Django's, with a fixed text's `{% translate %}` kept per language (config/i18n_fast.py).
            "libraries": {
                "crispy_fast": "config.crispy_fast",
                "fragments": "config.fragments",
                "i18n": "config.i18n_fast",
            },
        },
    },
]
# templates.W003 warns that two modules are named "i18n": config.i18n_fast takes Django's name on purpose, so that
# every `{% load i18n %}` gets it (above). The check is silenced for that; `manage.py check --deploy` stays clean.
SILENCED_SYSTEM_CHECKS = ["templates.W003"]

# Persistent connections: a new PostgreSQL connection costs more than a whole page's queries (issue 16: the
# bare view went from 150 to 538 req/s). A connection is kept up to DATABASE_CONN_MAX_AGE seconds and checked
# before a request reuses it, so a database restart costs one reconnect, not an error page.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 600),
        conn_health_checks=env_bool("DATABASE_CONN_HEALTH_CHECKS", True),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Web and worker write at once: wait for the lock instead of failing.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared by every web process: allauth counts login and password-reset attempts here. The database by default
# (its table is created by `migrate`, see cases.apps), Redis in production.
CACHES = {
    "default": cache_from_url("MDT_CACHE_URL", env_str("MDT_CACHE_URL", "db://mdt_cache")),
    # Each process's own: what is cheaper to keep than to make again and is the same in every process (the queue's
    # compiled SQL and its forms' HTML, cases.queue._kept). Keys name everything a value is made from.
    "process": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "mdt-process",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

AUTH_USER_MODEL = "cases.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: patients register with their email and must verify it.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_SIGNUP_FORM_CLASS = "intake.forms.SignupExtraForm"
ACCOUNT_FORMS = {"login": "intake.account_forms.LoginForm"}
ACCOUNT_LOGOUT_ON_GET = False
# Merged with allauth's defaults (login 30/m/ip, reset_password 20/m/ip,5/m/key, signup 20/m/ip, …) and counted
# in the shared cache (CACHES), so every web process sees the same counts.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
# Sign-up with a known address and a reset for an unknown one look like the normal case; the mailbox's
# owner gets an email saying what happened. (allauth's default; stated because it matters here.)
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = True

# Two-factor authentication (allauth.mfa): staff must use it (cases.mfa.StaffMFAMiddleware), patients may.
MFA_ADAPTER = "cases.mfa.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True  # a passkey is both factors: it counts as the second one for staff
MFA_TOTP_ISSUER = "MDT Intake"
# WebAuthn's relying party is SITE_URL's host (cases.mfa.MFAAdapter); browsers accept http only on localhost.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"  # stored times, and the zone shown to a reader who has none (cases.timezones)
# One date format per language on every page, email and PDF (config/formats/<locale>/formats.py).
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Collected with the code (the image runs collectstatic at build time), never under the runtime data folder,
# which a deployment mounts elsewhere (code-review finding 2: every page was a 500 under docker compose).
# docker-compose.yml collects them again at start into a volume the proxy shares (MDT_STATIC_ROOT=/static), so
# nginx serves them with a year's cache; WhiteNoise serves them where no proxy is in front (`make run`).
STATIC_ROOT = Path(env_str("MDT_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]

# Health records live in a private storage with no public URL; they are
# served only by views that check access (intake.views.documents).
PRIVATE_STORAGE_ROOT = Path(env_str("MDT_PRIVATE_STORAGE_ROOT", str(DATA_DIR / "private")))
# Stored records are readable by their owner only (0600). Behind the compose nginx, which serves downloads from
# the same volume as another user, 0640: the app's group is shared with nginx's workers only (Dockerfile).
_record_mode = env_str("MDT_RECORD_FILE_MODE", "600")
if _record_mode not in ("600", "640"):
    raise ImproperlyConfigured(f"MDT_RECORD_FILE_MODE must be 600 or 640 (no access for others), not {_record_mode!r}")
RECORD_FILE_MODE = int(_record_mode, 8)
STORAGE_BACKEND = env_str("MDT_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage")
_storage_options: dict[str, object] = {
    "location": str(PRIVATE_STORAGE_ROOT),
    "base_url": None,
    "file_permissions_mode": RECORD_FILE_MODE,
}
if STORAGE_BACKEND == "storages.backends.s3.S3Storage":
    # S3-compatible object storage (django-storages): a private bucket; credentials from AWS_ACCESS_KEY_ID and
    # AWS_SECRET_ACCESS_KEY (or the instance's role). Files are read through the storage API only, never
    # linked: no public URL, no ACL but private.
    _storage_options = {
        "bucket_name": env_str("MDT_S3_BUCKET", ""),
        "endpoint_url": env_str("MDT_S3_ENDPOINT_URL", "") or None,
        "region_name": env_str("MDT_S3_REGION", "") or None,
        "location": env_str("MDT_S3_PREFIX", ""),
        "default_acl": "private",
        "file_overwrite": False,
        "querystring_auth": True,
        "addressing_style": env_str("MDT_S3_ADDRESSING_STYLE", "path"),
    }
    if not _storage_options["bucket_name"]:
        raise ImproperlyConfigured("Set MDT_S3_BUCKET with MDT_STORAGE_BACKEND=storages.backends.s3.S3Storage.")
STORAGES = {
    "default": {"BACKEND": STORAGE_BACKEND, "OPTIONS": _storage_options},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
MEDIA_ROOT = str(PRIVATE_STORAGE_ROOT)
# Record and packet downloads: after the view's access check and audit record, hand the file to the reverse
# proxy (X-Accel-Redirect to an `internal` nginx location serving PRIVATE_STORAGE_ROOT) instead of streaming
# it from Django. Only with the file-system storage; docker-compose.yml turns it on (cases.downloads).
DOWNLOADS_VIA_PROXY = env_bool("MDT_DOWNLOADS_VIA_PROXY", False)
DOWNLOADS_PROXY_PREFIX = env_str("MDT_DOWNLOADS_PROXY_PREFIX", "/protected/")
# Resumable (tus) uploads are assembled here before they are checked and
# moved into the private storage.
UPLOAD_STAGING_DIR = Path(env_str("MDT_UPLOAD_STAGING_DIR", str(DATA_DIR / "upload-staging")))
# `local`: in UPLOAD_STAGING_DIR (one machine, or a volume all web processes share). `storage`: in the record
# storage, one object per chunk (intake.staging), so any web process can take the next chunk of an upload:
# the choice with object storage and more than one web machine.
UPLOAD_STAGING = env_str("MDT_UPLOAD_STAGING", "local")
if UPLOAD_STAGING not in ("local", "storage"):
    raise ImproperlyConfigured(f"MDT_UPLOAD_STAGING must be local or storage, not {UPLOAD_STAGING!r}")
# A resumable upload not continued for this long is abandoned; the sweeper removes it and its bytes.
UPLOAD_SESSION_MAX_AGE_HOURS = env_int("MDT_UPLOAD_SESSION_MAX_AGE_HOURS", 24)
# How long a caregiver invitation (or a hand-over to the patient) can be accepted.
CAREGIVER_INVITE_DAYS = env_int("MDT_CAREGIVER_INVITE_DAYS", 7)
MAX_UPLOAD_BYTES = env_int("MDT_MAX_UPLOAD_BYTES", 2 * 1024**3)
# The size of each resumable-upload request the upload page asks the browser to send. Each request has a fixed
# cost (session, access check, upload state), so larger is faster; nothing is lost to a dropped connection,
# since the server keeps every byte that arrived and the browser resumes from there (intake.tus).
UPLOAD_CHUNK_BYTES = env_int("MDT_UPLOAD_CHUNK_BYTES", 32 * 1024**2)
# Case pages and intake steps kept in each web process while nothing they show has changed (cases.page_memo,
# issue 16): at most this many MB of HTML per process; 0 renders every page afresh.
PAGE_MEMO_MB = env_int("MDT_PAGE_MEMO_MB", 32)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # larger multipart files stream to a temp file
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Before login a request carries at most a small form (log in, sign up, reset a password).
MAX_ANONYMOUS_BODY_BYTES = env_int("MDT_MAX_ANONYMOUS_BODY_BYTES", 64 * 1024)
FILE_UPLOAD_PERMISSIONS = RECORD_FILE_MODE
# Multipart uploads larger than FILE_UPLOAD_MAX_MEMORY_SIZE stream to a file here, under the data folder
# (never the system's /tmp, where a killed process would leave health data behind); the upload sweeper
# removes what a killed web process left.
FILE_UPLOAD_TEMP_DIR = str(DATA_DIR / "tmp")
# Worker scratch space (packets, data archives): one folder per worker process under this, removed after
# each job and, for a worker that died, when a worker starts on the same host (config.datadirs).
WORK_DIR = Path(env_str("MDT_WORK_DIR", str(DATA_DIR / "work")))

# Clinical limits used by the completeness rules (days).
IMAGING_MAX_AGE_DAYS = env_int("MDT_IMAGING_MAX_AGE_DAYS", 60)
LABS_MAX_AGE_DAYS = env_int("MDT_LABS_MAX_AGE_DAYS", 30)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "MDT Intake <noreply@localhost>")
# Seconds; a notification is sent while its row is locked, so a mail server that hangs must not hold it long.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
# Where links in emails point (scheme and host, no trailing slash).
SITE_URL = env_str("SITE_URL", "http://localhost:8000").rstrip("/")
# A machine draft for translators: the dotted path of a callable (text, source=, target=) -> str, e.g. a client of
# the institution's approved translation service. Empty (the default): no machine drafts; none is shipped.
MDT_TRANSLATION_SERVICE = env_str("MDT_TRANSLATION_SERVICE", "")
# Who the service is, as letters to a patient's local oncologist name it: the name (empty: the translated
# "MDT Intake second-opinion service") and a contact that is read (email, phone). Without an email, the letter
# gives the case's coordinator's, and without a coordinator the address in DEFAULT_FROM_EMAIL: set this to a
# mailbox someone reads.
MDT_SERVICE_NAME = env_str("MDT_SERVICE_NAME", "")
MDT_SERVICE_EMAIL = env_str("MDT_SERVICE_EMAIL", "")
MDT_SERVICE_PHONE = env_str("MDT_SERVICE_PHONE", "")

# Celery: Redis in production and CI; a file-based broker for the embedded default.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
# The longest task's hard time limit (compile_packet, build_data_export: 60 minutes). Redis hands an
# unacknowledged message to another worker after the visibility timeout, so it must be longer than that, or a
# compile still running would be delivered twice. A worker that dies does not wait for it: its job's row
# stops beating and the sweeper every worker runs (config.celery.Watchdog) enqueues it again within a minute.
LONGEST_TASK_SECONDS = 60 * 60
BROKER_SOCKET_TIMEOUT = float(env_str("MDT_BROKER_SOCKET_TIMEOUT", "3"))
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
    "visibility_timeout": LONGEST_TASK_SECONDS + 5 * 60,
    # A broker that is down or frozen costs a request a few seconds at most (cases.jobs.enqueue).
    "socket_timeout": BROKER_SOCKET_TIMEOUT,
    "socket_connect_timeout": BROKER_SOCKET_TIMEOUT,
}
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_SOCKET_TIMEOUT
# One quick retry when publishing; past that the row stays queued for the sweeper.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue = DATA_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = dict(
        data_folder_in=str(_queue / "queue"),
        data_folder_out=str(_queue / "queue"),
        processed_folder=str(_queue / "processed"),
        store_processed=False,
        # Broadcast (pidbox) exchanges; kombu's default is ./control in the working directory.
        control_folder=str(_queue / "control"),
    )
# Three queues besides the default one, so a large packet never delays an email or an upload's page count.
# Every worker started by this project (scripts/run.sh, docker-compose.yml, the tests) consumes all four
# (WORKER_QUEUES, `-Q`); at scale run workers per queue (README, "Running at scale").
QUEUE_PACKETS, QUEUE_EMAILS, QUEUE_UPLOADS = "packets", "emails", "uploads"
CELERY_TASK_DEFAULT_QUEUE = "celery"
WORKER_QUEUES = ",".join(["celery", QUEUE_PACKETS, QUEUE_EMAILS, QUEUE_UPLOADS])
CELERY_TASK_ROUTES = {
    "reports.tasks.compile_packet": {"queue": QUEUE_PACKETS},
    "reports.tasks.store_patient_copy": {"queue": QUEUE_PACKETS},
    "privacy.tasks.build_data_export": {"queue": QUEUE_PACKETS},
    "cases.tasks.send_notification": {"queue": QUEUE_EMAILS},
    "intake.tasks.extract_document_metadata": {"queue": QUEUE_UPLOADS},
}
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# The embedded default runs these with `celery worker -B` (scripts/run.sh); elsewhere run one `celery beat`
# (or cron `manage.py send_pending_notifications`).
CELERY_BEAT_SCHEDULE = {
    # These three also run in every worker (config.celery.Watchdog), so nothing waits for beat to recover.
    "send-pending-notifications": {"task": "cases.tasks.send_pending_notifications", "schedule": 60.0},
    "sweep-packets": {"task": "reports.tasks.sweep_packets", "schedule": 30.0},
    "sweep-document-metadata": {"task": "intake.tasks.sweep_document_metadata", "schedule": 60.0},
    # Imaging and labs go stale with time alone: recompute the queue's completeness and priority daily.
    "refresh-triage": {"task": "cases.tasks.refresh_triage", "schedule": 24 * 3600.0},
    # The page changes older than each case's newest (cases.page_memo), which are never read again.
    "prune-page-changes": {"task": "cases.tasks.prune_page_changes", "schedule": 3600.0},
    # Abandoned and refused resumable uploads, with their staging files (intake.services.upload_sessions_sweep).
    "sweep-upload-sessions": {"task": "intake.tasks.sweep_upload_sessions", "schedule": 3600.0},
    # Data archives past their expiry, and requests whose worker never started (privacy.export).
    "sweep-data-exports": {"task": "privacy.tasks.sweep_data_exports", "schedule": 3600.0},
    # Records and packets of cases closed longer than MDT_RETENTION_DAYS_CLOSED (privacy.retention).
    "apply-retention": {"task": "privacy.tasks.apply_retention", "schedule": 24 * 3600.0},
}

# A patient's data archive (privacy.export) can be downloaded for this many days, then the sweeper deletes it.
DATA_EXPORT_DAYS = env_int("MDT_DATA_EXPORT_DAYS", 7)
# The records and packets of a case closed this long ago are deleted (privacy.retention); the case shell
# and the audit trail stay. Ten years by default.
RETENTION_DAYS_CLOSED = env_int("MDT_RETENTION_DAYS_CLOSED", 3650)

# Case packets (reports.packets): a running packet whose worker has not reported for this long is
# presumed dead and compiled again; a queued one nobody started is enqueued again after the other.
# The compiling process beats every PACKET_HEARTBEAT_SECONDS from a thread of its own, so a long rendering
# step keeps it fresh; a killed worker's packet is stale PACKET_STALE_SECONDS later.
PACKET_HEARTBEAT_SECONDS = env_int("MDT_PACKET_HEARTBEAT_SECONDS", 10)
PACKET_STALE_SECONDS = env_int("MDT_PACKET_STALE_SECONDS", 45)
PACKET_WAITING_SECONDS = env_int("MDT_PACKET_WAITING_SECONDS", 120)
PACKET_MAX_ATTEMPTS = env_int("MDT_PACKET_MAX_ATTEMPTS", 8)
# Every worker sweeps lost work this often (packets, emails, uploads' metadata); 0 leaves it to beat alone.
WORKER_WATCHDOG_SECONDS = env_int("MDT_WORKER_WATCHDOG_SECONDS", 15)
# The watchdog also writes a heartbeat to the cache each round; readiness (config.health) fails without one
# this recent.
WORKER_HEARTBEAT_STALE_SECONDS = env_int("MDT_WORKER_HEARTBEAT_STALE_SECONDS", 90)
# Notification emails (cases.notifications): a failed send is tried again after EMAIL_RETRY_BASE_SECONDS,
# doubling up to an hour (kept in the row, so a broker restart loses no retry); a send whose worker died is
# taken back EMAIL_SEND_STALE_SECONDS after it was claimed (longer than the task's hard time limit, 60 s).
EMAIL_RETRY_BASE_SECONDS = env_int("MDT_EMAIL_RETRY_BASE_SECONDS", 60)
EMAIL_SEND_STALE_SECONDS = env_int("MDT_EMAIL_SEND_STALE_SECONDS", 90)
# An upload whose page count or DICOM metadata is still unread this long after it was queued is queued again.
METADATA_RETRY_SECONDS = env_int("MDT_METADATA_RETRY_SECONDS", 60)
# Test hook only: seconds to pause at each stage, so a test can kill a worker mid-compile.
PACKET_STAGE_DELAY = float(env_str("MDT_PACKET_STAGE_DELAY", "0"))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SESSION_COOKIE_HTTPONLY = True
# A session ends after this many idle minutes (cases.session_limits; the page warns a minute before) and,
# whatever the activity, after SESSION_MAX_HOURS.
SESSION_IDLE_MINUTES_STAFF = env_int("MDT_SESSION_IDLE_MINUTES_STAFF", 30)
SESSION_IDLE_MINUTES_PATIENT = env_int("MDT_SESSION_IDLE_MINUTES_PATIENT", 60)
SESSION_MAX_HOURS = env_int("MDT_SESSION_MAX_HOURS", 12)
SESSION_WARNING_SECONDS = 60
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"  # the record preview opts in with xframe_options_sameorigin
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Content-Security-Policy (django-csp 4): everything is served from our own origin, no inline script, no eval.
# Bootstrap's CSS draws its icons with data: SVGs. Record previews are framed from our own views
# (intake.views.documents sets its own, stricter policy on the file itself).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [SELF],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# No page uses these browser features; deny them to every page and to anything framed.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), midi=(), "
    "magnetometer=(), gyroscope=(), accelerometer=(), display-capture=()"
)

# Readable text by default; `json` for production (docker-compose.yml): one object per line with time, level,
# logger, request_id and message (config.logging). A misspelt format stops start-up.
LOG_FORMAT = env_str("MDT_LOG_FORMAT", "text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"MDT_LOG_FORMAT must be text or json, not {LOG_FORMAT!r}")
LOGGING = logging_config(LOG_FORMAT, env_str("DJANGO_LOG_LEVEL", "INFO"))
# The worker logs through the same configuration (Celery would otherwise install its own format).
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
