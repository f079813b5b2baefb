"""Log lines: readable text in development, one JSON object per line in production (MDT_LOG_FORMAT=json),
each with the id of the request it belongs to.

The request id is the proxy's `X-Request-ID` (nginx sets it from $request_id) when it looks like one, else
a new one; it is sent back in the response's `X-Request-ID`, so a person reporting a problem can quote it.
Nothing here logs a request's body, form fields or files: the log carries no health data
(tests/platform/test_no_health_data_in_logs.py).
"""

import contextvars
import logging
import re
import uuid

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        # Not reset on the way out: Django logs a 4xx/5xx after the middleware chain has returned. The next
        # request in this thread (or context) sets its own.
        request_id.set(given if _VALID.match(given) else uuid.uuid4().hex)
        response = self.get_response(request)
        response["X-Request-ID"] = request_id.get()
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


def logging_config(fmt: str, level: str) -> dict:
    formatters = {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "config.logging.RequestIdFilter"}},
        "formatters": {"main": formatters[fmt]},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "main", "filters": ["request_id"]}},
        "root": {"handlers": ["console"], "level": level},
        # WeasyPrint logs every rendering step at INFO.
        "loggers": {
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
            "pikepdf": {"level": "WARNING"},
        },
    }
