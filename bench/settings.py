"""Settings for the servers the benchmarks start: the test settings, production-like (DEBUG off), plus the floors."""

from config.settings_test import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
