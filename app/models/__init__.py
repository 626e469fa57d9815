"""The domain model of Leerplek.

Organisations (a school that owns lesson content, social enterprises that employ learners) have
users in one of four roles. Editors write lesson packages made of cards; each card carries a
practice task that trains competences. Supervisors assign packages to their learners, learners
complete tasks on the job (recorded once per client-generated id, never changed afterwards), and
supervisors sign off competences (every sign-off, correction or withdrawal is a new row).
"""

from app.models.accounts import (
    LoginSession,
    LoginToken,
    Organisation,
    OrganisationKind,
    Role,
    User,
)
from app.models.audit import AuditAction, AuditEvent
from app.models.content import (
    Card,
    CardStatus,
    CardVersion,
    Competence,
    LessonPackage,
    PracticeTask,
)
from app.models.evaluation import CountedFigures
from app.models.media import MediaBlob
from app.models.progress import (
    Assignment,
    CaseloadLink,
    CompetenceSignoff,
    EvidencePhoto,
    LearnerLastSeen,
    Reflection,
    SignoffLevel,
    TaskCompletion,
    TaskFeedback,
)

__all__ = [
    "Assignment",
    "AuditAction",
    "AuditEvent",
    "Card",
    "CardStatus",
    "CardVersion",
    "CaseloadLink",
    "Competence",
    "CompetenceSignoff",
    "CountedFigures",
    "EvidencePhoto",
    "LearnerLastSeen",
    "LessonPackage",
    "MediaBlob",
    "LoginSession",
    "LoginToken",
    "Organisation",
    "OrganisationKind",
    "PracticeTask",
    "Reflection",
    "Role",
    "SignoffLevel",
    "TaskCompletion",
    "TaskFeedback",
    "User",
]
