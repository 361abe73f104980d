"""The client (the survivor) and the code lists of their structured fields.

Codes are stored as short strings so that reports can count them and the schema stays portable.
`None` in a coded field means "not collected"; the codes `doesnt_know` and `prefers_not_to_answer`
are answers of their own (HUD data-quality codes 8/9/99).
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from safehaven.models.base import Base, CreatedAt, IntPk, UpdatedAt, UtcDateTime

DOESNT_KNOW = "doesnt_know"
PREFERS_NOT = "prefers_not_to_answer"
NON_ANSWERS = (DOESNT_KNOW, PREFERS_NOT)

STATUSES = ("active", "closed")
GENDERS = ("female", "male", "transgender", "non_binary", "another", *NON_ANSWERS)
CITIZENSHIP = ("citizen_or_lpr", "foreign_national", *NON_ANSWERS)
TRAFFICKING_TYPES = ("sex", "labor", "both", "unknown", *NON_ANSWERS)
CASE_NUMBER_RE = re.compile(r"^SH-(\d{4})-(\d{4,})$")
# The restricted columns are deferred as one group: reading one loads all five in one statement
# (a profile shown to someone allowed to see them reads them all).
RESTRICTED_GROUP = "restricted"


class Client(Base):
    __tablename__ = "client"

    id: Mapped[IntPk]
    case_number: Mapped[str] = mapped_column(String(20), unique=True)
    chosen_name: Mapped[str] = mapped_column(String(120))
    other_names: Mapped[str | None] = mapped_column(String(300), nullable=True)
    legal_name: Mapped[str | None] = mapped_column(
        String(200), nullable=True, deferred=True, deferred_group=RESTRICTED_GROUP
    )  # restricted
    # Restricted columns (models/restricted.py) hold values encrypted under the restricted key;
    # read and write them through the store's field codec, never directly. Deferred: loaded only
    # when read, so a role without the column privilege (office mode) never selects them.
    date_of_birth: Mapped[str | None] = mapped_column(
        Text, nullable=True, deferred=True, deferred_group=RESTRICTED_GROUP
    )  # restricted, ISO
    estimated_age: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Whole years at the intake date, from the date of birth or the estimate, kept at every write
    # so reports and statistics never need the date of birth.
    age_at_intake: Mapped[int | None] = mapped_column(Integer, nullable=True)
    age_is_estimated: Mapped[bool] = mapped_column(Boolean, default=False)
    gender: Mapped[str | None] = mapped_column(String(40), nullable=True)
    pronouns: Mapped[str | None] = mapped_column(String(40), nullable=True)
    languages: Mapped[str | None] = mapped_column(String(200), nullable=True)
    interpreter_needed: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    preferred_language: Mapped[str | None] = mapped_column(String(16), nullable=True)  # ISO 639
    country_of_origin: Mapped[str | None] = mapped_column(String(2), nullable=True)  # ISO 3166
    citizenship_category: Mapped[str | None] = mapped_column(String(40), nullable=True)
    trafficking_type: Mapped[str | None] = mapped_column(String(40), nullable=True)
    # Contact details are restricted like the legal name. Restricted columns are deferred: a
    # role without access never selects them (office mode denies them by column privilege).
    phone: Mapped[str | None] = mapped_column(
        String(40), nullable=True, deferred=True, deferred_group=RESTRICTED_GROUP
    )
    email: Mapped[str | None] = mapped_column(
        String(200), nullable=True, deferred=True, deferred_group=RESTRICTED_GROUP
    )
    address: Mapped[str | None] = mapped_column(
        Text, nullable=True, deferred=True, deferred_group=RESTRICTED_GROUP
    )
    safe_contact: Mapped[str | None] = mapped_column(Text, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="active")
    assigned_caseworker_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id"), nullable=True, index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    intake_date: Mapped[dt.date] = mapped_column(Date, index=True)
    closure_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[CreatedAt]
    updated_at: Mapped[UpdatedAt]
    erased_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    # Optimistic locking: a save based on an older version is refused (StaleDataError).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


# Covering indexes for the case list (services/case_list.py): each sort and filter reads ids
# straight from an index, without touching the table, at 100,000 clients.
Index("ix_client_list_intake", Client.erased_at, Client.intake_date)
Index("ix_client_list_number", Client.erased_at, Client.case_number)
Index("ix_client_list_name", Client.erased_at, func.lower(Client.chosen_name))
Index("ix_client_list_status", Client.erased_at, Client.status, Client.intake_date)
Index("ix_client_list_worker", Client.erased_at, Client.assigned_caseworker_id, Client.intake_date)


def format_case_number(year: int, serial: int) -> str:
    """`SH-2026-0042`: a year and a serial, never derived from identity."""
    return f"SH-{year:04d}-{serial:04d}"


AGE_BANDS = ("under_18", "18_24", "25_34", "35_44", "45_plus")


def age_band(age: int | None) -> str | None:
    """The reporting age band of an age in whole years (None: not known)."""
    if age is None or age < 0:
        return None
    if age < 18:
        return "under_18"
    for limit, band in ((24, "18_24"), (34, "25_34"), (44, "35_44")):
        if age <= limit:
            return band
    return "45_plus"


def age_on(date_of_birth: dt.date | None, estimated_age: int | None, on: dt.date) -> int | None:
    """Age in whole years on `on`, from the date of birth or else the estimate."""
    if date_of_birth is not None:
        years = on.year - date_of_birth.year
        if (on.month, on.day) < (date_of_birth.month, date_of_birth.day):
            years -= 1
        return years
    return estimated_age
