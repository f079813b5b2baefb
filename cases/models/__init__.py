from cases.models.audit import AccessRecord, ReadKind
from cases.models.caregivers import CaseCaregiver
from cases.models.case import (
    PRIORITY_RANK,
    Case,
    CaseAssignment,
    CaseEvent,
    CaseMessage,
    CaseNote,
    CaseSeen,
    Notification,
    Priority,
    SavedQueueView,
    State,
)
from cases.models.clinical import (
    Biomarker,
    EcogRecord,
    LabResult,
    LocalTreatment,
    ResponseAssessment,
    TreatmentLine,
)
from cases.models.documents import Document, UploadSession
from cases.models.page_change import PageChange
from cases.models.users import Discipline, Relationship, Role, User

__all__ = [
    "AccessRecord",
    "Biomarker",
    "Case",
    "CaseAssignment",
    "CaseCaregiver",
    "CaseEvent",
    "CaseMessage",
    "CaseNote",
    "CaseSeen",
    "Notification",
    "PRIORITY_RANK",
    "Priority",
    "ReadKind",
    "SavedQueueView",
    "Discipline",
    "Document",
    "LabResult",
    "LocalTreatment",
    "PageChange",
    "Relationship",
    "ResponseAssessment",
    "EcogRecord",
    "Role",
    "State",
    "TreatmentLine",
    "UploadSession",
    "User",
]
