"""SQLAlchemy models and pure domain rules. No I/O beyond the ORM, no Qt.

Importing this package registers every table on `Base.metadata`.
"""

from safehaven.models.audit import AuditEvent
from safehaven.models.base import Base
from safehaven.models.client import Client
from safehaven.models.consent import Consent
from safehaven.models.directory import Organization
from safehaven.models.employment import (
    Employer,
    EmploymentBaseline,
    Placement,
    RetentionCheck,
    TrainingEnrollment,
    TrainingProgram,
)
from safehaven.models.export_ledger import ExportLedger
from safehaven.models.intake import IntakeAnswer, IntakeSession
from safehaven.models.language_review import LanguageReview
from safehaven.models.note import Note
from safehaven.models.referral import Referral
from safehaven.models.reunification import (
    FamilyContact,
    ReunificationAssessment,
    ReunificationFollowUp,
    ReunificationRecord,
    ReunificationRedFlag,
)
from safehaven.models.setting import Setting
from safehaven.models.statistical_fact import StatisticalFact
from safehaven.models.task import Task
from safehaven.models.user import User

__all__ = [
    "AuditEvent",
    "Base",
    "Client",
    "Consent",
    "Employer",
    "EmploymentBaseline",
    "ExportLedger",
    "FamilyContact",
    "IntakeAnswer",
    "IntakeSession",
    "LanguageReview",
    "Note",
    "Organization",
    "Placement",
    "Referral",
    "RetentionCheck",
    "ReunificationAssessment",
    "ReunificationFollowUp",
    "ReunificationRecord",
    "ReunificationRedFlag",
    "Setting",
    "StatisticalFact",
    "Task",
    "TrainingEnrollment",
    "TrainingProgram",
    "User",
]
