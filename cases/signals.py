"""Signals other apps listen to, so `cases` never imports them (DESIGN.md: intake → cases ← reports).

`case_transitioned` is sent inside the transaction that moved the case; a
receiver that starts work outside the database (a Celery task, an email)
must wrap it in `transaction.on_commit`.
"""

from django.dispatch import Signal

# Sent with case, from_state, to_state, by, reason.
case_transitioned = Signal()
