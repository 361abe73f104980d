"""Answer values of intake questions: validation, JSON storage and the structured client columns.

Pure functions over the question bank; no database access.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

from safehaven.models.client import DOESNT_KNOW, PREFERS_NOT
from safehaven.models.intake import (
    ANSWER_STATES,
    ANSWERED,
    DOESNT_KNOW_STATE,
    NOT_ASKED,
    PREFERS_NOT_STATE,
)
from safehaven.services.cases.clients import RESTRICTED_FIELDS
from safehaven.services.errors import ValidationFailed
from safehaven.services.intake.question_bank import Question

NON_ANSWER_STATE = {DOESNT_KNOW: DOESNT_KNOW_STATE, PREFERS_NOT: PREFERS_NOT_STATE}
STATE_CODE = {v: k for k, v in NON_ANSWER_STATE.items()}
CODED_COLUMNS = ("gender", "citizenship_category", "trafficking_type")
TEXT_LIMITS = {
    "chosen_name": 120,
    "pronouns": 40,
    "legal_name": 200,
    "other_names": 300,
    "languages": 200,
}
MAX_TEXT = 4000
EARLIEST = dt.date(1900, 1, 1)


def normalize(question: Question, value: Any, state: str) -> tuple[str, Any]:
    """(state, value) as stored. Raises ValidationFailed({question key: code}).

    A closed question's non-answer choice becomes its state; empty text becomes not_asked;
    only `answered` carries a value."""
    if state not in ANSWER_STATES:
        raise ValidationFailed({question.key: "unknown_choice"})
    if state != ANSWERED:
        return state, None
    kind = question.type
    if kind == "text":
        return _text(question, value)
    if kind == "date":
        return ANSWERED, _date(question, value).isoformat()
    if kind == "number":
        return ANSWERED, _number(question, value)
    if kind == "multiple":
        return _multiple(question, value)
    if kind == "yes_no" and isinstance(value, bool):
        value = "yes" if value else "no"
    if not isinstance(value, str) or value not in question.codes:
        raise ValidationFailed({question.key: "unknown_choice"})
    return NON_ANSWER_STATE.get(
        value, ANSWERED
    ), value if value not in STATE_CODE.values() else None


def keeps_value(question: Question) -> bool:
    """Restricted profile fields (legal name, date of birth) live only in the profile."""
    return question.maps_to not in RESTRICTED_FIELDS


def dumps(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def column_value(question: Question, state: str, value: Any) -> tuple[bool, Any]:
    """(write?, value) for the client column the question maps to."""
    column = question.maps_to
    if column is None:
        return False, None
    if state == NOT_ASKED:
        return column != "chosen_name", None
    if state != ANSWERED:
        if column in CODED_COLUMNS:
            return True, STATE_CODE[state]
        return column != "chosen_name", None
    if column == "date_of_birth":
        return True, dt.date.fromisoformat(value)
    if column == "estimated_age":
        return True, int(value)
    if column == "interpreter_needed":
        return True, value == "yes"
    if column == "country_of_origin":
        code = str(value).upper()
        return True, code if len(code) == 2 and code.isalpha() else None
    if column == "languages" and isinstance(value, list):
        codes = [c for c in value if c != "other"]
        return True, ",".join(codes)[: TEXT_LIMITS["languages"]] or None
    return True, value


def column_for_display(column: str, value: Any) -> Any:
    """A profile value in the JSON shape of an answer (dates as ISO text)."""
    return value.isoformat() if isinstance(value, dt.date) else value


def _text(question: Question, value: Any) -> tuple[str, Any]:
    if value is None:
        return NOT_ASKED, None
    if not isinstance(value, str):
        raise ValidationFailed({question.key: "wrong_type"})
    text = value.strip()
    if not text:
        return NOT_ASKED, None
    limit = TEXT_LIMITS.get(question.maps_to or "", MAX_TEXT)
    if len(text) > limit:
        raise ValidationFailed({question.key: "too_long"})
    return ANSWERED, text


def _date(question: Question, value: Any) -> dt.date:
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            raise ValidationFailed({question.key: "invalid"}) from None
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValidationFailed({question.key: "wrong_type"})
    latest = dt.date.today() if question.maps_to == "date_of_birth" else dt.date(2100, 1, 1)
    if not EARLIEST <= value <= latest:
        raise ValidationFailed({question.key: "out_of_range"})
    return value


def _number(question: Question, value: Any) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationFailed({question.key: "wrong_type"})
    if not math.isfinite(value) or (question.maps_to == "estimated_age" and int(value) != value):
        raise ValidationFailed({question.key: "invalid"})
    low, high = question.minimum, question.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValidationFailed({question.key: "out_of_range"})
    return value


def _multiple(question: Question, value: Any) -> tuple[str, Any]:
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ValidationFailed({question.key: "wrong_type"})
    codes = list(dict.fromkeys(value))
    if not codes:
        return NOT_ASKED, None
    if any(c not in question.codes for c in codes):
        raise ValidationFailed({question.key: "unknown_choice"})
    non = [c for c in codes if c in NON_ANSWER_STATE]
    if non:
        if len(codes) > 1:
            raise ValidationFailed({question.key: "invalid"})
        return NON_ANSWER_STATE[non[0]], None
    order = {c: i for i, c in enumerate(question.codes)}
    return ANSWERED, sorted(codes, key=order.__getitem__)
