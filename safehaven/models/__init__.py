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
from safehaven.models.exchange import (
    ExchangeIdentity,
    ExchangeMessage,
    ExchangePartner,
    IncomingReferral,
)
from safehaven.models.export_ledger import ExportLedger
from safehaven.models.intake import IntakeAnswer, IntakeSession
from safehaven.models.language_review import LanguageReview
from safehaven.models.note import Note
from safehaven.models.protocol import ProtocolRun, ProtocolStepRun
from safehaven.models.referral import Referral
from safehaven.models.reunification import (
    FamilyContact,
    ReunificationAssessment,
    ReunificationFollowUp,
    ReunificationRecord,
    ReunificationRedFlag,
)
from safehaven.models.screening import ScreeningAnswer, ScreeningSession
from safehaven.models.setting import Setting
from safehaven.models.staff_training import StaffSupervisor, StaffTraining
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
    "ExchangeIdentity",
    "ExchangeMessage",
    "ExchangePartner",
    "ExportLedger",
    "FamilyContact",
    "IncomingReferral",
    "IntakeAnswer",
    "IntakeSession",
    "LanguageReview",
    "Note",
    "Organization",
    "Placement",
    "ProtocolRun",
    "ProtocolStepRun",
    "Referral",
    "RetentionCheck",
    "ReunificationAssessment",
    "ReunificationFollowUp",
    "ReunificationRecord",
    "ReunificationRedFlag",
    "ScreeningAnswer",
    "ScreeningSession",
    "Setting",
    "StaffSupervisor",
    "StaffTraining",
    "StatisticalFact",
    "Task",
    "TrainingEnrollment",
    "TrainingProgram",
    "User",
]
