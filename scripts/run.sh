#!/usr/bin/env bash
# Starts the web server and a real Celery worker together; Ctrl-C stops both.
set -u
cd "$(dirname "$0")/.."
BIN=.venv/bin
# -Q: every queue (config.settings WORKER_QUEUES). -B: the worker also runs the periodic jobs (config.settings CELERY_BEAT_SCHEDULE), fine for one worker.
$BIN/celery -A config worker -B --schedule "${MDT_DATA_DIR:-var}/celerybeat-schedule" --loglevel=INFO --concurrency=2 \
  -Q celery,packets,emails,uploads &
worker=$!
$BIN/python manage.py runserver "${MDT_ADDR:-127.0.0.1:8000}" &
web=$!
trap 'kill -TERM $web $worker 2>/dev/null; wait $web $worker 2>/dev/null; exit 0' INT TERM
wait -n $web $worker
echo "One of the processes stopped; stopping the other." >&2
kill -TERM $web $worker 2>/dev/null
wait
exit 1
