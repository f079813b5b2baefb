import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.clinical.emergencies import EMERGENCIES
from cases.models.choice_labels import ChoiceLabels
from cases.models.users import Discipline
from cases.partial_dates import precision_field
from cases.states import PATIENT_EDITABLE, State

# Crockford-style alphabet: no 0/O or 1/I/L to misread over the phone.
_REF_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def _draw() -> str:
    return "".join(secrets.choice(_REF_ALPHABET) for _ in range(6))


def new_reference() -> str:
    """A reference no case has yet: 30^6 (729 million) codes, so at 100,000 cases about one draw in 7,000 meets a
    taken one, and without this check that patient's case would fail to save (a unique constraint). The check and
    the insert are not atomic; two equal draws at the same instant (odds about 1 in 10^13) still meet the constraint."""
    for _attempt in range(20):
        reference = "MDT-" + _draw()
        if not Case.objects.filter(reference=reference).exists():
            return reference
    raise RuntimeError("no free case reference after 20 draws")


class Priority(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    HIGH = "high", _("High")
    ROUTINE = "routine", _("Routine")


EMERGENCY_CODES = tuple(EMERGENCIES)
EMERGENCY_FIELDS = tuple(f"emergency_{code}" for code in EMERGENCY_CODES)

# Sorting by priority means most urgent first.
PRIORITY_RANK = {Priority.URGENT: 0, Priority.HIGH: 1, Priority.ROUTINE: 2}

# The triage queue's order, as one integer: a case whose patient reports an emergency
# (cases.clinical.emergencies) comes before every other whatever its priority, then urgent, high, routine.
# An index on this very expression (Case.Meta.indexes) lets the database walk the queue's default order and stop
# after a page, instead of sorting every open case (issue 16).
HAS_EMERGENCY = models.Q(**{EMERGENCY_FIELDS[0]: True})
for _field in EMERGENCY_FIELDS[1:]:
    HAS_EMERGENCY |= models.Q(**{_field: True})
QUEUE_RANK = models.Case(
    models.When(HAS_EMERGENCY, then=models.Value(-1)),
    *[
        models.When(priority=value, then=models.Value(rank))
        for rank, value in enumerate(sorted(PRIORITY_RANK, key=lambda p: PRIORITY_RANK[p]))
    ],
    default=models.Value(len(PRIORITY_RANK)),
    output_field=models.IntegerField(),
)


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")


class CareInChina(models.TextChoices):
    YES = "yes", _("Yes, I would consider it")
    NO = "no", _("No")
    UNSURE = "unsure", _("Not sure yet")


class CaseQuerySet(models.QuerySet):
    """Which cases a user may see is decided in cases.access (`visible_cases`)."""


class Case(ChoiceLabels):
    """One patient's request for a second opinion, from draft to report.

    Coded clinical values (cancer type, stage, TNM, sites…) are stored as
    plain codes; `cases.clinical.codes` owns the lists and the forms
    validate against them, so a new code needs no migration.
    """

    reference = models.CharField(max_length=12, unique=True, default=new_reference, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases")
    state = models.CharField(max_length=30, choices=State.choices, default=State.DRAFT, db_index=True)
    # Bumped on every state change: a coordinator acting on a stale page is refused.
    version = models.PositiveIntegerField(default=1)
    # Triage, kept up to date by cases.services.case_refresh_triage so the queue
    # can filter and sort on them in the database.
    # `priority` is what the queue shows: the coordinator's override if set, else the suggestion.
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.ROUTINE, db_index=True
    )
    suggested_priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.ROUTINE)
    priority_override = models.CharField(max_length=10, choices=Priority.choices, blank=True)
    priority_reason = models.TextField(blank=True)
    completeness_score = models.PositiveSmallIntegerField(default=0)
    # When the case entered its current state: "days waiting" counts from here.
    state_changed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # The coordinator looking after the case (set when one first acts on it).
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="coordinated_cases"
    )
    mdt_meeting_at = models.DateTimeField(_("MDT meeting"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    intake_steps_saved = models.JSONField(default=list, blank=True)
    # Per intake step: {"treatment": {"version": 3, "saved_at": "<ISO time>"}}. Every save of a step names the
    # version its page was based on, so a page left open on another device never overwrites newer answers.
    intake_versions = models.JSONField(default=dict, blank=True)

    objects = CaseQuerySet.as_manager()

    # Who the case is about (the account may be a caregiver's).
    patient_name = models.CharField(_("patient's full name"), max_length=200, blank=True)
    patient_birth_date = models.DateField(_("patient's date of birth"), null=True, blank=True)
    patient_sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, blank=True)
    patient_country = models.CharField(_("country where the patient lives"), max_length=100, blank=True, db_index=True)
    relationship = models.CharField(_("who is filling in this form"), max_length=20, blank=True)

    # Step 1: exact diagnosis and spread.
    cancer_type = models.CharField(_("cancer type"), max_length=40, blank=True, db_index=True)
    cancer_subtype = models.CharField(_("subtype"), max_length=40, blank=True)
    histology = models.CharField(_("histology (as written on the pathology report)"), max_length=300, blank=True)
    primary_site = models.CharField(_("primary site"), max_length=200, blank=True)
    diagnosis_date = models.DateField(_("date of diagnosis"), null=True, blank=True)
    diagnosis_date_precision = precision_field()
    stage_group = models.CharField(_("stage group"), max_length=10, blank=True)
    t_category = models.CharField(_("T"), max_length=10, blank=True)
    n_category = models.CharField(_("N"), max_length=10, blank=True)
    m_category = models.CharField(_("M"), max_length=10, blank=True)
    metastatic_sites = models.JSONField(_("where the cancer has spread"), default=list, blank=True)
    metastatic_lesion_count = models.PositiveIntegerField(_("number of metastases"), null=True, blank=True)
    growth_tempo = models.CharField(_("how fast it has been growing"), max_length=20, blank=True)
    brain_mri_date = models.DateField(_("date of the latest brain MRI"), null=True, blank=True)
    brain_mri_date_precision = precision_field()
    diagnosis_notes = models.TextField(_("anything else about the diagnosis"), blank=True)

    # Step 2: pathology and biomarkers (rows in Biomarker).
    biomarker_notes = models.TextField(_("notes on biomarker testing"), blank=True)
    tissue_block_location = models.TextField(_("where the tissue block or slides are kept"), blank=True)
    germline_testing = models.CharField(_("inherited (germline) genetic testing"), max_length=20, blank=True)
    family_history = models.TextField(_("cancer in the family"), blank=True)

    # Step 3: treatment so far (rows in TreatmentLine, LocalTreatment) and condition now.
    no_treatment_yet = models.BooleanField(_("no cancer treatment yet"), default=False)
    reported_response = models.CharField(_("latest response, as your doctor described it"), max_length=30, blank=True)
    treatment_notes = models.TextField(_("notes on treatment"), blank=True)
    ecog = models.PositiveSmallIntegerField(_("ECOG performance status"), null=True, blank=True)
    karnofsky = models.PositiveSmallIntegerField(_("Karnofsky score"), null=True, blank=True)
    weight_kg = models.DecimalField(_("weight now (kg)"), max_digits=5, decimal_places=1, null=True, blank=True)
    weight_kg_3_months_ago = models.DecimalField(
        _("weight 3 months ago (kg)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    height_cm = models.PositiveSmallIntegerField(_("height (cm)"), null=True, blank=True)
    organ_function_notes = models.TextField(_("heart, liver, kidney or lung problems"), blank=True)
    comorbidities = models.TextField(_("other illnesses and regular medicines"), blank=True)
    nutrition_notes = models.TextField(_("eating and nutrition"), blank=True)
    medications = models.TextField(_("medicines taken regularly now"), blank=True)
    past_toxicities = models.TextField(_("serious side effects from past cancer treatment"), blank=True)
    lvef_percent = models.PositiveSmallIntegerField(_("heart pumping strength (LVEF, %)"), null=True, blank=True)
    lvef_date = models.DateField(_("date of the heart scan (echocardiogram or MUGA)"), null=True, blank=True)
    lvef_date_precision = precision_field()
    hepatitis_b = models.CharField(_("hepatitis B test"), max_length=20, blank=True)
    hepatitis_c = models.CharField(_("hepatitis C test"), max_length=20, blank=True)
    hiv = models.CharField(_("HIV test"), max_length=20, blank=True)
    autoimmune_disease = models.BooleanField(_("autoimmune disease"), null=True, blank=True)
    organ_transplant = models.BooleanField(_("organ or stem cell transplant"), null=True, blank=True)
    # Emergencies the patient can report in plain words (cases.clinical.emergencies): yes, no or not answered.
    emergency_cord = models.BooleanField(null=True, blank=True)
    emergency_svc = models.BooleanField(null=True, blank=True)
    emergency_bowel = models.BooleanField(null=True, blank=True)
    emergency_fever = models.BooleanField(null=True, blank=True)
    emergency_confusion = models.BooleanField(null=True, blank=True)

    # Step 4: goals and questions.
    goals_text = models.TextField(_("what you hope for from treatment"), blank=True)
    oncologist_said = models.TextField(_("what your oncologist has told you"), blank=True)
    question_codes = models.JSONField(default=list, blank=True)
    own_questions = models.TextField(_("your own questions"), blank=True)
    report_language = models.CharField(_("language of the report"), max_length=10, blank=True)
    care_in_china = models.CharField(
        _("would you consider treatment in China?"), max_length=10, choices=CareInChina.choices, blank=True
    )
    travel_notes = models.TextField(_("travel, visa or family considerations"), blank=True)
    supportive_needs = models.JSONField(default=list, blank=True)

    # Step 5: consent (documents are rows in Document).
    consent_review = models.BooleanField(default=False)
    consent_share = models.BooleanField(default=False)
    consent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The queue's default order (cases.queue.DEFAULT_ORDER): most urgent first, then longest waiting.
            models.Index(QUEUE_RANK, models.F("state_changed_at"), models.F("id"), name="case_queue_order_idx"),
        ]

    def __str__(self):
        return self.reference

    @property
    def chair(self):
        return next((a.specialist for a in self.assignments.all() if a.is_chair), None)

    @property
    def emergencies(self) -> tuple[str, ...]:
        """The emergencies the patient answered "yes" to (cases.clinical.emergencies codes)."""
        return tuple(code for code in EMERGENCY_CODES if getattr(self, f"emergency_{code}"))

    @property
    def is_editable_by_patient(self) -> bool:
        return self.state in PATIENT_EDITABLE


class CaseEvent(models.Model):
    """One line of the case timeline: who did what, when, and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    kind = models.CharField(max_length=30)
    from_state = models.CharField(max_length=30, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=30, choices=State.choices, blank=True)
    message = models.TextField(blank=True)
    # Codes and values the timeline renders in the reader's language (discipline, priority, chair…).
    params = models.JSONField(default=dict, blank=True)
    # Coordinator-only events (internal notes) are never shown to the patient.
    internal = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "id"]


class CaseAssignment(ChoiceLabels):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    specialist = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments")
    discipline = models.CharField(max_length=30, choices=Discipline.choices)
    is_chair = models.BooleanField(default=False)
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "specialist"], name="one_assignment_per_specialist")]


class CaseMessage(models.Model):
    """The thread between the service and the patient on one case.

    A request lists what the coordinator needs (free text plus checklist items
    taken from the gaps, stored as message templates and values so each reader
    sees them in their own language); the patient's answer points back to it.
    """

    class Kind(models.TextChoices):
        REQUEST = "request", _("Request for information")
        ANSWER = "answer", _("Answer")
        MESSAGE = "message", _("Message")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.MESSAGE)
    body = models.TextField(_("message"), blank=True)
    # [{"code": ..., "template": ..., "params": {...}}]: see cases.workflow.request_items.
    items = models.JSONField(default=list, blank=True)
    in_reply_to = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replies")
    documents = models.ManyToManyField("cases.Document", blank=True, related_name="messages")
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]


class CaseNote(models.Model):
    """A coordinator's or specialist's internal note: the patient never sees these."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class Notification(models.Model):
    """An email to send: written in the same transaction as the action, sent by a Celery task.

    The row is the outbox. The task marks it sent; a failed send is tried again
    at `next_attempt_at` (back-off kept here, not in the broker), and the
    sweeper (every worker's watchdog, beat, `manage.py send_pending_notifications`)
    enqueues any whose time has come or whose task was never enqueued, so none
    is lost and none blocks the action that caused it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    # A user, or (an invitation to someone who may have no account yet) an address and a language.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    to_email = models.EmailField(blank=True)
    language = models.CharField(max_length=10, blank=True)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications")
    kind = models.CharField(max_length=40)
    context = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # When a worker last claimed the row to send it (see cases.notifications.notification_send).
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    # When the sweeper should (re)enqueue a pending row: a retry's time, or a reminder after it enqueued it.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]


class CaseSeen(models.Model):
    """When a member of staff last opened a case's page: what changed after it is new to them (cases.changes)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="seen_by")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "case"], name="one_seen_per_user_and_case")]


class SavedQueueView(models.Model):
    """A coordinator's named filter and sort of the queue (its query string), to open again in one click."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="queue_views")
    name = models.CharField(_("name"), max_length=80)
    query = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="one_queue_view_name_per_user")]
