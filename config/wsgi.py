import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from config import datadirs  # noqa: E402 - needs the settings get_wsgi_application loaded

datadirs.ensure()

# Everything loaded so far (Django, the apps, their modules and tables) lives as long as the process: take it out
# of the garbage collector's view. Otherwise each full collection walks it again, 250-350 ms on the 2-core bench
# machine, and a heavy page (the biomarker step allocates ~200,000 objects) sets one off every few requests
# (issue 16). gc.freeze is the standard library's tool for this; collection of what requests allocate is unchanged.
gc.collect()
gc.freeze()
