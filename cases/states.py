"""The states of a case, and every group of them the product speaks of.

The lifecycle (cases.lifecycle) says which moves are allowed; this module
names the states and the groups the rest of the code asks about ("is this
case open?", "does the MDT work on it?"), so each group is written once.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_TRIAGE = "in_triage", _("In triage")
    AWAITING_INFORMATION = "awaiting_information", _("Awaiting information")
    READY_FOR_MDT = "ready_for_mdt", _("Ready for MDT")
    IN_REVIEW = "in_review", _("In MDT review")
    REPORT_ISSUED = "report_issued", _("Report issued")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The patient may still change what they entered.
PATIENT_EDITABLE = (State.DRAFT, State.AWAITING_INFORMATION)

# The patient may still add records (and corrections, as messages): before submitting and until the case ends.
PATIENT_CAN_ADD = (
    State.DRAFT,
    State.SUBMITTED,
    State.IN_TRIAGE,
    State.AWAITING_INFORMATION,
    State.READY_FOR_MDT,
    State.IN_REVIEW,
    State.REPORT_ISSUED,
)

# Submitted and not yet ended: the service is working on the case (triage is refreshed for these).
OPEN = (
    State.SUBMITTED,
    State.IN_TRIAGE,
    State.AWAITING_INFORMATION,
    State.READY_FOR_MDT,
    State.IN_REVIEW,
    State.REPORT_ISSUED,
)
# Everything but a draft, which is the patient's own until submitted: what the queue can list.
SUBMITTED_ONCE = (*OPEN, State.CLOSED, State.WITHDRAWN)
# Ended, by the service or by the patient.
ENDED = (State.CLOSED, State.WITHDRAWN)

# New cases the coordinator has not finished triaging ("Needs me").
NEEDS_TRIAGE = (State.SUBMITTED, State.IN_TRIAGE)
# Before the MDT: specialists may already be named, and wait for the case.
BEFORE_MDT = (State.SUBMITTED, State.IN_TRIAGE, State.AWAITING_INFORMATION)
# A team can be named or changed until the MDT has finished its review.
TEAM_EDITABLE = (*BEFORE_MDT, State.READY_FOR_MDT, State.IN_REVIEW)
# The specialists write their opinions (the chair's consensus: in_review only).
MDT_OPINION = (State.READY_FOR_MDT, State.IN_REVIEW)
# The MDT works from a packet: compiled when the case becomes ready, kept afterwards.
WITH_PACKET = (State.READY_FOR_MDT, State.IN_REVIEW, State.REPORT_ISSUED, State.CLOSED)
# A report can be prepared: the review, and corrections after it was issued (not once the case is closed).
REPORT_PREPARABLE = (State.IN_REVIEW, State.REPORT_ISSUED)
# The MDT's work is done.
MDT_FINISHED = (State.REPORT_ISSUED, State.CLOSED)
# The patient or the coordinator may withdraw the case: any state before the report is issued.
WITHDRAWABLE = (State.DRAFT, *TEAM_EDITABLE)
