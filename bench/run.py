"""Benchmarks: each row of the README's table against its floor, measured in the same run. Run with `make bench`.

    bench/run.py                  every row (about 8 minutes on a busy 2-core machine)
    bench/run.py --quick          smaller sizes and fewer pairs (about 2 minutes): a check, not the figures
    bench/run.py queue pages      only these rows (pdf, packet, upload, queue, pages)

They print figures; they are not tests. They use a fresh test database (PostgreSQL when DATABASE_URL says so,
which the page and queue rows need to mean anything) and remove it afterwards.
"""

import os
import signal
import sys
from pathlib import Path

# The repository root instead of this folder, so bench/queue.py does not
# shadow the standard library's queue module.
sys.path[0] = str(Path(__file__).resolve().parent.parent)
if "--quick" in sys.argv:
    os.environ["BENCH_QUICK"] = "1"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.template import Template  # noqa: E402
from django.test.utils import _TestState, setup_test_environment, teardown_test_environment  # noqa: E402

from bench import common, packet, pages, pdf, queue, upload  # noqa: E402

BENCHES = {"pdf": pdf.main, "packet": packet.main, "upload": upload.main, "queue": queue.main, "pages": pages.main}


def main(names: list[str]) -> None:
    unknown = [n for n in names if n not in BENCHES]
    if unknown:
        raise SystemExit(f"unknown benchmark {unknown}; choose from {list(BENCHES)}")
    # Production-like: DEBUG off, so templates and queries carry no debug bookkeeping.
    setup_test_environment(debug=False)
    # ...and without the test client's template instrumentation (it copies every context it renders), which a
    # real server does not pay and which would weigh on template-heavy pages more than on their floors.
    Template._render = _TestState.saved_data.template_render
    old_name = connection.creation.create_test_db(verbosity=0, serialize=False)
    try:
        print(f"Machine: {common.machine()}{' (quick run: smaller sizes)' if common.QUICK else ''}")
        for name in names or BENCHES:
            print(f"\n== {name}", flush=True)
            try:
                BENCHES[name]()
            except (Exception, SystemExit) as error:  # one row failing must not lose the others
                print(f"{name}: FAILED, {error.__class__.__name__}: {error}", flush=True)
    finally:
        common.print_table()  # what was measured, even when stopped part-way
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    # Stopped with SIGTERM: still stop the servers and worker it started and remove its database.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    main([a for a in sys.argv[1:] if not a.startswith("--")])
