"""Staff accounts. Passwords never reach the database: each account owns a key slot."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from safehaven.models.base import Base, CreatedAt, IntPk, UtcDateTime
from safehaven.models.permissions import Role


class User(Base):
    __tablename__ = "user"

    id: Mapped[IntPk]
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    roles_text: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    slot_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    email: Mapped[str | None] = mapped_column(String(200), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(40), nullable=True)
    created_at: Mapped[CreatedAt]
    deactivated_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)

    @property
    def roles(self) -> tuple[Role, ...]:
        return tuple(Role(r) for r in self.roles_text.split(",") if r)

    @roles.setter
    def roles(self, value: tuple[Role, ...] | list[Role]) -> None:
        self.roles_text = ",".join(Role(r).value for r in value)
