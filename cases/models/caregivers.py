import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from cases.models.case import Case


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh invitation token and its hash: only the hash is stored, the token goes in the email link."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


class CaseCaregiverQuerySet(models.QuerySet):
    def active(self):
        """Accepted and not revoked: these act for the patient."""
        return self.filter(user__isnull=False, revoked_at__isnull=True)

    def pending(self):
        return self.filter(user__isnull=True, revoked_at__isnull=True)


class CaseCaregiver(models.Model):
    """Someone the patient asked to act on their case, from invitation to revocation.

    A row with `hands_over` set is the opposite: a caregiver who registered the
    case invites the patient to take it; accepting makes them its owner.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="caregivers")
    email = models.EmailField()
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    hands_over = models.BooleanField(default=False)
    token_hash = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="caregiving"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = CaseCaregiverQuerySet.as_manager()

    class Meta:
        ordering = ["invited_at", "id"]
        indexes = [models.Index(fields=["user", "revoked_at"], name="caregiver_user_revoked")]

    def __str__(self):
        return f"{self.email} · {self.case}"

    @property
    def is_active(self) -> bool:
        return self.user_id is not None and self.revoked_at is None
