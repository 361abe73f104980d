"""Declarative base and the column shapes every model shares."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from sqlalchemy import DateTime, Integer, MetaData, String, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """The current time, timezone-aware UTC (stored as UTC everywhere)."""
    return dt.datetime.now(dt.UTC)


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored as naive UTC and always returned timezone-aware."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use safehaven.models.base.utcnow()")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def configure_models() -> None:
    """Set up every mapped class's attributes and relationships now. SQLAlchemy otherwise does
    it at the first query, which is the sign-in's (0.15 s). Any thread may call it: SQLAlchemy
    holds a lock while it configures, so a query that comes meanwhile waits for it."""
    Base.registry.configure()


IntPk = Annotated[int, mapped_column(Integer, primary_key=True)]
CreatedAt = Annotated[dt.datetime, mapped_column(UtcDateTime, default=utcnow, nullable=False)]
UpdatedAt = Annotated[
    dt.datetime, mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow, nullable=False)
]
Code = Annotated[str, mapped_column(String(40))]
ShortText = Annotated[str, mapped_column(String(200))]
