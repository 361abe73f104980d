"""What the demo steps share: the day the data is built for, the accounts, the clients so far."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from safehaven.models.base import Base


@dataclass
class DemoContext:
    today: dt.date
    users: dict[str, int]
    clients_wanted: int = 500
    client_ids: list[int] = field(default_factory=list)


DemoStep = Callable[[Session, random.Random, DemoContext], None]


def add_rows(session: Session, model: type[Base], rows: Iterable[Mapping[str, Any]]) -> None:
    """Write `rows` as `model` objects (an unknown field is an error, not a silent column)."""
    session.add_all([model(**row) for row in rows])
    session.flush()
