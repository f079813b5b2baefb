"""What reports does when a case moves (cases.signals.case_transitioned, connected in ReportsConfig.ready).

The receiver runs inside the transaction that moved the case: the packet row
is written there (so it stands or falls with the move), and the Celery
messages go out only after the commit.
"""

from django.db import transaction

from cases.access import acts_for_patient
from cases.models import State
from reports.packets import packet_request
from reports.patient_copy import patient_copy_enqueue


def on_case_transitioned(sender, *, case, from_state, to_state, by, **kwargs) -> None:
    if to_state == State.READY_FOR_MDT:
        packet_request(case=case, by=by)
    patient_answered = from_state == State.AWAITING_INFORMATION and by is not None and acts_for_patient(by, case)
    if to_state == State.SUBMITTED or patient_answered:
        # The copy shows what the patient submitted, including what they have just added.
        case_id = case.pk
        transaction.on_commit(lambda: patient_copy_enqueue(case_id=case_id), robust=True)
