#!/usr/bin/env python
import os
import sys

# Commands that must write nothing under the data folder (the image runs collectstatic at build time).
NO_DATA_DIR = {"collectstatic", "compilemessages", "makemessages", "help"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    if len(sys.argv) > 1 and sys.argv[1] not in NO_DATA_DIR:
        import django
        from django.core.exceptions import ImproperlyConfigured

        try:
            django.setup()
        except ImproperlyConfigured:
            pass  # execute_from_command_line reports it as it always has
        else:
            from config import datadirs

            datadirs.ensure()
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
