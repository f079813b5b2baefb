"""The data folder's layout, created at start-up (never when settings are imported) and cleaned of what a
dead process left.

`ensure()` is called by manage.py, the WSGI application and the Celery worker and beat before they do
anything. `process_work_dir()` is the scratch folder of this worker (one per worker process, named after the
host and the worker's main pid); `clean_dead_work_dirs()` removes the folders of workers on this host that
are no longer running, so copies of health records never outlive the job that made them.
"""

import logging
import os
import shutil
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from django.conf import settings

log = logging.getLogger(__name__)

# Set by config.celery at worker start, before the pool forks, so a prefork child uses its worker's folder.
_owner_pid: int | None = None


def ensure() -> None:
    """Create every folder the configured backends write to (idempotent)."""
    folders = [Path(settings.DATA_DIR), Path(settings.FILE_UPLOAD_TEMP_DIR), Path(settings.WORK_DIR)]
    folders.append(Path(settings.UPLOAD_STAGING_DIR))
    storages = cast(dict[str, dict[str, Any]], settings.STORAGES)
    if str(storages["default"]["BACKEND"]).endswith("FileSystemStorage"):
        folders.append(Path(settings.PRIVATE_STORAGE_ROOT))
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
        folders += [Path(str(options[key])) for key in ("data_folder_in", "processed_folder", "control_folder")]
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)


def set_owner(pid: int) -> None:
    global _owner_pid
    _owner_pid = pid


def _folder_name(pid: int) -> str:
    return f"{socket.gethostname()}-{pid}"


def process_work_dir() -> Path:
    """This worker's scratch folder (created on first use)."""
    folder = Path(settings.WORK_DIR) / _folder_name(_owner_pid or os.getpid())
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_dead_work_dirs() -> list[str]:
    """Remove this host's work folders whose worker is gone, and our own pid's (a restart reuses pid 1 in a
    container); folders of other hosts sharing the volume are left to their own workers. Returns what went."""
    root = Path(settings.WORK_DIR)
    if not root.is_dir():
        return []
    host, me = socket.gethostname(), _owner_pid or os.getpid()
    removed = []
    for folder in root.iterdir():
        name, _sep, pid_text = folder.name.rpartition("-")
        if name != host or not pid_text.isdigit():
            continue
        pid = int(pid_text)
        if pid == me or not _alive(pid):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
    if removed:
        log.warning("Removed the work folders of stopped workers: %s", ", ".join(sorted(removed)))
    return removed


@contextmanager
def job_folder(prefix: str) -> Iterator[Path]:
    """A private scratch folder for one job under this worker's work folder, removed when the job ends,
    whether it succeeds or fails (a killed worker's is removed by clean_dead_work_dirs)."""
    folder = process_work_dir() / f"{prefix}-{uuid.uuid4().hex}"
    folder.mkdir(mode=0o700)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
