"""Benchmarks: they print figures, they are not tests. Run with `make bench`."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from bench import upload  # noqa: E402

if __name__ == "__main__":
    upload.main()
