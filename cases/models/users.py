from typing import ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models.choice_labels import ChoiceLabels


class Role(models.TextChoices):
    PATIENT = "patient", _("Patient or caregiver")
    COORDINATOR = "coordinator", _("Coordinator")
    SPECIALIST = "specialist", _("MDT specialist")
    TRANSLATOR = "translator", _("Translator")
    ADMIN = "admin", _("Administrator")


class Discipline(models.TextChoices):
    MEDICAL_ONCOLOGY = "medical_oncology", _("Medical oncology")
    RADIATION_ONCOLOGY = "radiation_oncology", _("Radiation oncology")
    SURGERY = "surgery", _("Surgery")
    PATHOLOGY = "pathology", _("Pathology")
    RADIOLOGY = "radiology", _("Radiology")
    SUPPORTIVE_CARE = "supportive_care", _("Supportive care")


class Relationship(models.TextChoices):
    SELF = "self", _("I am the patient")
    SPOUSE = "spouse", _("Spouse or partner")
    CHILD = "child", _("Son or daughter")
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Brother or sister")
    RELATIVE = "relative", _("Other relative")
    FRIEND = "friend", _("Friend")
    OTHER = "other", _("Other")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True, role=Role.ADMIN)
        return self._create(email, password, **extra)


class User(AbstractUser, ChoiceLabels):
    """Anyone who signs in: identified by email, with one role."""

    username = None  # type: ignore[assignment]  # signs in with the email instead
    email = models.EmailField(_("email address"), unique=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PATIENT)
    discipline = models.CharField(_("discipline"), max_length=30, choices=Discipline.choices, blank=True)
    relationship = models.CharField(
        _("relationship to the patient"), max_length=20, choices=Relationship.choices, blank=True
    )
    language = models.CharField(_("preferred language"), max_length=10, default="en")
    country = models.CharField(_("country"), max_length=100, blank=True)
    # The languages this person translates the MDT's texts into (codes of settings.LANGUAGES). Staff of
    # any role may translate; a translator role is someone who does only that (cases.access decides).
    translates = models.JSONField(_("translates into"), default=list, blank=True)
    # An IANA zone ("Asia/Shanghai"); blank: the browser's (cases.timezones). Times are stored in UTC.
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]  # not auth's username-based manager

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def is_patient(self) -> bool:
        """A patient or caregiver: the role, and not a coordinator by being a superuser."""
        return self.role == Role.PATIENT and not self.is_superuser

    @property
    def is_coordinator(self) -> bool:
        """The one definition of a coordinator: the role, an admin, or a superuser."""
        return self.is_superuser or self.role in (Role.COORDINATOR, Role.ADMIN)

    @property
    def is_specialist(self) -> bool:
        return self.role == Role.SPECIALIST

    @property
    def is_translator(self) -> bool:
        """Translates the MDT's texts for patients: staff (never a patient) with at least one language."""
        return not self.is_patient and bool(self.translation_languages)

    @property
    def translation_languages(self) -> list[str]:
        return [code for code in self.translates or [] if isinstance(code, str)]
