"""Run real Celery worker (and beat) processes against the test database and a broker, and a Redis of a test's
own that it may kill, freeze and restart."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def process_env(broker_url: str | None = None, **extra: str) -> dict[str, str]:
    """The environment of a worker, beat or web process sharing this test's database, broker and data folder."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "true",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": broker_url or settings.CELERY_BROKER_URL,
        "MDT_DATA_DIR": str(settings.DATA_DIR),
        "MDT_PRIVATE_STORAGE_ROOT": str(settings.PRIVATE_STORAGE_ROOT),
        "MDT_WORK_DIR": str(settings.WORK_DIR),
        **extra,
    }


@contextmanager
def celery_worker(log_path: Path, broker_url: str | None = None, beat: bool = False, **extra_env: str):
    """A worker consuming every queue (as scripts/run.sh and docker-compose.yml start it); with `beat`, a
    separate `celery beat` process too. `extra_env` overrides settings (e.g. MDT_WORKER_WATCHDOG_SECONDS)."""
    from config.celery import app

    if broker_url is None:
        purge_queues(app)  # messages left by earlier runs belong to rows that no longer exist
    env = process_env(broker_url, **extra_env)
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel=INFO", "--concurrency=1"]
    command += ["--pool=solo", "-Q", settings.WORKER_QUEUES]
    with log_path.open("w") as log:
        processes = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)]
        if beat:
            schedule = log_path.with_suffix(".beat-schedule")
            beat_command = [sys.executable, "-m", "celery", "-A", "config", "beat", "--loglevel=INFO"]
            beat_command += ["--schedule", str(schedule)]
            processes.append(subprocess.Popen(beat_command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))
        try:
            yield processes[0]
        finally:
            for process in processes:
                stop(process)


def purge_queues(app) -> None:
    with app.connection_for_write() as conn:
        for name in settings.WORKER_QUEUES.split(","):
            try:
                conn.default_channel.queue_purge(name)
            except Exception:  # noqa: BLE001 - a queue never used may not exist yet
                pass


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def wait_for(predicate, timeout=60, interval=0.3):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OwnRedis:
    """A redis-server of the test's own (append-only persistence, as in docker-compose.yml), so it can be
    killed, frozen and restarted without touching the Redis that other tests share."""

    def __init__(self, folder: Path, port: int | None = None):
        self.folder, self.port = folder, port or free_port()
        self.process: subprocess.Popen | None = None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        server = shutil.which("redis-server") or "/usr/bin/redis-server"
        command = [server, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder)]
        command += ["--appendonly", "yes", "--save", "", "--appendfsync", "always"]
        log = (self.folder / "redis.log").open("a")
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        assert wait_for(self._answers, timeout=15), (self.folder / "redis.log").read_text()

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)
        self.process.kill()
        self.process.wait(timeout=10)

    def freeze(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.kill()


@contextmanager
def use_broker(url: str):
    """Point this process's Celery app (the one web code publishes through) at `url` for a while."""
    from config.celery import app

    def point(to, env):
        # Celery reads CELERY_BROKER_URL from the environment before its own setting.
        if env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = env
        app.conf.broker_url = to
        # Forget the pooled connection and producers (kombu keeps them per URL) so the next publish uses `to`.
        app._pool = None
        app.amqp._producer_pool = None

    original, original_env = app.conf.broker_url, os.environ.get("CELERY_BROKER_URL")
    point(url, url)
    try:
        yield
    finally:
        point(original, original_env)
