"""Derive a response category from measurements, as JSON in and JSON out.

    echo '{"criteria": "recist1.1", "input": {...}}' | python manage.py assess_response

Prints {"category", "explanation", "errors"}. Malformed JSON, a missing key
or an unknown criteria name is a usage error: message on stderr, exit 2.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from cases.clinical.response import CRITERIA, UnknownCriteria, assess

USAGE = 'expected a JSON object {"criteria": <name>, "input": {...}} on standard input'


def _request(text: str) -> tuple[str, dict]:
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CommandError(f"malformed JSON on standard input: {exc}", returncode=2) from None
    if not isinstance(payload, dict):
        raise CommandError(USAGE, returncode=2)
    missing = [key for key in ("criteria", "input") if key not in payload]
    if missing:
        raise CommandError(f"missing key(s) {', '.join(missing)}: {USAGE}", returncode=2)
    return payload["criteria"], payload["input"]


class Command(BaseCommand):
    help = f"Read criteria and input as JSON on stdin; print the response category. Criteria: {', '.join(CRITERIA)}."

    def handle(self, *args: object, **options: object) -> None:
        criteria, data = _request(sys.stdin.read())
        try:
            assessment = assess(criteria, data)
        except UnknownCriteria as exc:
            raise CommandError(str(exc), returncode=2) from None
        out = {
            "category": assessment.category,
            "explanation": assessment.explanation,
            "errors": assessment.errors,
        }
        self.stdout.write(json.dumps(out, ensure_ascii=False))
