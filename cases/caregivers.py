"""Caregivers: people the patient lets act on their case, and handing a case to the patient.

The owner invites an address; the email carries a single-use link whose token
is stored only as a hash. Whoever opens it must be signed in with that address
verified. Accepting makes them an active caregiver (`cases.access.acts_for_patient`)
until the owner revokes them. A hand-over is the same invitation the other way:
a caregiver who registered the case invites the patient, and accepting makes
the patient the owner while the caregiver stays on as an active caregiver.
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import access, compiled, notifications
from cases.errors import ActionRefused
from cases.models import Case, CaseCaregiver, CaseEvent, Relationship, User
from cases.models.caregivers import hash_token, new_token

ERR_NOT_ALLOWED = _("Only the person who owns this case can change who acts on it.")
ERR_OWN_ADDRESS = _("That is your own email address.")
ERR_ALREADY = _("This person can already act on this case.")
ERR_INVALID = _("This invitation link is not valid. It may have been used already or withdrawn.")
ERR_EXPIRED = _("This invitation has expired. Ask for a new one.")
ERR_WRONG_ACCOUNT = _(
    "This invitation was sent to another email address. Sign in with that address (and confirm it) to accept it."
)
ERR_STAFF = _("Staff accounts cannot act on a patient's case as a caregiver.")
ERR_NOT_ACTIVE = _("This person no longer has access to the case.")


class CaregiverError(ActionRefused):
    pass


def invite_valid_for() -> timedelta:
    return timedelta(days=settings.CAREGIVER_INVITE_DAYS)


def accept_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("cases:caregiver_accept", args=[token])


def _language_for(email: str, inviter) -> str:
    """The invitee's language if they already have an account, else the inviter's."""
    known = User.objects.filter(email__iexact=email).values_list("language", flat=True).first()
    return known or inviter.language or settings.LANGUAGE_CODE


def _issue(*, case: Case, by, email: str, hands_over: bool) -> CaseCaregiver:
    """Write the invitation and queue its email; an earlier pending one to the same address stops working."""
    email = email.strip().lower()
    if email == by.email.lower():
        raise CaregiverError(ERR_OWN_ADDRESS)
    if not hands_over and case.caregivers.active().filter(user__email__iexact=email).exists():
        raise CaregiverError(ERR_ALREADY)
    now = timezone.now()
    case.caregivers.pending().filter(email__iexact=email).update(revoked_at=now)
    token, token_hash = new_token()
    invitation = CaseCaregiver.objects.create(
        case=case, email=email, invited_by=by, hands_over=hands_over, token_hash=token_hash, invited_at=now
    )
    kind = notifications.CASE_HANDOVER_OFFERED if hands_over else notifications.CAREGIVER_INVITED
    CaseEvent.objects.create(
        case=case, actor=by, kind="handover_offered" if hands_over else "caregiver_invited", message=email
    )
    notifications.notify_address(
        kind,
        case=case,
        email=email,
        language=_language_for(email, by),
        context={"accept_url": accept_url(token), "valid_days": settings.CAREGIVER_INVITE_DAYS},
    )
    return invitation


@transaction.atomic
def caregiver_invite(*, case: Case, by, email: str) -> CaseCaregiver:
    """The owner invites `email` to act on `case`."""
    if not access.can(by, access.INVITE_CAREGIVER, case):
        raise CaregiverError(ERR_NOT_ALLOWED)
    return _issue(case=case, by=by, email=email, hands_over=False)


@transaction.atomic
def case_hand_over(*, case: Case, by, email: str) -> CaseCaregiver:
    """A caregiver who owns `case` invites the patient (`email`) to take it over."""
    if not access.can(by, access.HAND_OVER, case):
        raise CaregiverError(ERR_NOT_ALLOWED)
    return _issue(case=case, by=by, email=email, hands_over=True)


def invitation_problem(*, token: str, user) -> str | None:
    """Why `user` cannot accept the invitation `token` (a message to show), or None if they can."""
    invitation = CaseCaregiver.objects.filter(token_hash=hash_token(token)).select_related("case").first()
    return _problem(invitation, user)


def _problem(invitation: CaseCaregiver | None, user) -> str | None:
    if invitation is None or invitation.accepted_at is not None or invitation.revoked_at is not None:
        return str(ERR_INVALID)
    if timezone.now() > invitation.invited_at + invite_valid_for():
        return str(ERR_EXPIRED)
    if not EmailAddress.objects.filter(user=user, email__iexact=invitation.email, verified=True).exists():
        return str(ERR_WRONG_ACCOUNT)
    if not user.is_patient:
        return str(ERR_STAFF)
    if not invitation.hands_over and access.acts_for_patient(user, invitation.case):
        return str(ERR_ALREADY)
    return None


@transaction.atomic
def caregiver_accept(*, token: str, user) -> CaseCaregiver:
    """`user` accepts the invitation: they act for the patient, or (a hand-over) they own the case.

    Race: the link opened twice at once, or accepted while the owner revokes it.
    The row lock makes the second wait and then find it used or revoked.
    """
    invitation = (
        CaseCaregiver.objects.select_for_update().filter(token_hash=hash_token(token)).select_related("case").first()
    )
    problem = _problem(invitation, user)
    if problem or invitation is None:
        raise CaregiverError(problem or ERR_INVALID)
    now = timezone.now()
    invitation.user = user
    invitation.accepted_at = now
    if invitation.hands_over:
        _take_over(invitation, user, now)
    invitation.save(update_fields=["user", "accepted_at", "revoked_at"])
    kind = "handed_over" if invitation.hands_over else "caregiver_joined"
    CaseEvent.objects.create(case=invitation.case, actor=user, kind=kind, message=user.email)
    return invitation


def _take_over(invitation: CaseCaregiver, patient, now) -> None:
    """The patient becomes the owner; the caregiver who owned the case stays on as an active caregiver."""
    case = Case.objects.select_for_update().get(pk=invitation.case_id)
    previous = case.owner
    # The patient was perhaps a caregiver on their own case already: the owner needs no caregiver row.
    case.caregivers.active().filter(user=patient).update(revoked_at=now)
    case.owner = patient
    # The account holder is now the patient: "who is filling in this form" follows, and so no further hand-over.
    case.relationship = Relationship.SELF
    case.save(update_fields=["owner", "relationship", "updated_at"])
    CaseCaregiver.objects.create(
        case=case,
        email=previous.email,
        invited_by=patient,
        token_hash=new_token()[1],  # never sent: nobody holds this token
        user=previous,
        invited_at=now,
        accepted_at=now,
    )
    # The row that carried the offer is spent; it is not itself a caregiver.
    invitation.revoked_at = now
    invitation.case = case


@transaction.atomic
def caregiver_revoke(*, caregiver: CaseCaregiver, by) -> CaseCaregiver:
    """The owner takes a caregiver's access away (or withdraws an invitation); it ends at once."""
    if not access.can(by, access.REVOKE_CAREGIVER, caregiver.case):
        raise CaregiverError(ERR_NOT_ALLOWED)
    if caregiver.revoked_at is not None:
        raise CaregiverError(ERR_NOT_ACTIVE)
    caregiver.revoked_at = timezone.now()
    caregiver.save(update_fields=["revoked_at"])
    CaseEvent.objects.create(case=caregiver.case, actor=by, kind="caregiver_revoked", message=caregiver.email)
    return caregiver


def caregiver_rows(case: Case) -> list[CaseCaregiver]:
    """Every caregiver row of `case`, revoked ones too, with their users, in the order the case page lists them.

    The patient's side of the case page reads them once: the still-open ones for its card (`caregivers_for`), and
    all who ever accepted for whose messages are the patient's (access.patient_side_ids).
    """
    return compiled.related_rows(
        case,
        "caregivers",
        key=("with users", "in order"),
        shape=lambda q: q.select_related("user").order_by("invited_at", "id"),
    )


def caregivers_for(case: Case):
    """The rows the case page lists: active caregivers and invitations still open."""
    return case.caregivers.filter(revoked_at__isnull=True).select_related("user").order_by("invited_at", "id")
