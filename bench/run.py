"""Benchmarks: they print figures, they are not tests. Run with `make bench`."""

import os
import sys
from pathlib import Path

# The repository root instead of this folder, so bench/queue.py does not
# shadow the standard library's queue module.
sys.path[0] = str(Path(__file__).resolve().parent.parent)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from bench import packet, queue, upload  # noqa: E402

BENCHES = {"upload": upload.main, "queue": queue.main, "packet": packet.main}

if __name__ == "__main__":
    # `bench/run.py queue` runs one; no argument runs them all.
    for name in sys.argv[1:] or BENCHES:
        BENCHES[name]()
