"""Response protocols as data: `resources/protocols/<key>.json`, or an administrator's edited copy.

File shape::

    {"key": "minor_disclosure", "version": 1, "training": "child_safeguarding",
     "title": {"en": .., "es": ..},
     "trigger": {"outcomes": [..], "events": [..], "indicators": ["labour"|"sexual"],
                 "age_groups": ["adult", "minor"]},
     "steps": [{"key": "stop_and_report", "action": "task" | "referral",
                "title": {lang: ..}, "detail": {lang: ..},
                "due_hours": 0,            # task steps: when the task falls due
                "category": "legal"}]}     # referral steps: a directory service type

Step texts may name jurisdiction contacts as `{hotline}`, `{report_contact}` or
`{emergency_contact}`; they are filled from the jurisdiction settings when shown, never written
into a file. A broken file is refused with `ProtocolError(key, problem, detail)` naming the entry.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from safehaven.models.referral import SERVICE_TYPES
from safehaven.models.screening import EXPLOITATION, OUTCOMES
from safehaven.models.staff_training import COURSES
from safehaven.paths import resource
from safehaven.services.errors import DomainError

LANGS = ("en", "es")
KEY_RE = re.compile(r"^[a-z][a-z0-9_]{1,59}$")
ACTIONS = ("task", "referral")
EVENTS = ("minor_disclosure",)
AGE_GROUPS = ("adult", "minor")
CONTACTS = ("hotline", "report_contact", "emergency_contact")
MAX_DUE_HOURS = 24 * 90


class ProtocolError(DomainError):
    """A broken protocol file. `entry` names the protocol or step ("" for the file itself)."""

    def __init__(self, entry: str, problem: str, detail: str = "") -> None:
        super().__init__(entry, problem, detail)
        self.entry, self.problem, self.detail = entry, problem, detail

    def __str__(self) -> str:
        return f"{self.entry or '<protocol>'}: {self.problem}" + (
            f" ({self.detail})" if self.detail else ""
        )


@dataclass(frozen=True)
class ProtocolStep:
    key: str
    action: str
    title: Mapping[str, str]
    detail: Mapping[str, str]
    due_hours: int | None
    category: str | None


@dataclass(frozen=True)
class Trigger:
    outcomes: tuple[str, ...]
    events: tuple[str, ...]
    indicators: tuple[str, ...]
    age_groups: tuple[str, ...]


@dataclass(frozen=True)
class Protocol:
    key: str
    version: int
    training: str
    title: Mapping[str, str]
    trigger: Trigger
    steps: tuple[ProtocolStep, ...]
    edited: bool = False

    def step(self, key: str) -> ProtocolStep:
        return next(s for s in self.steps if s.key == key)


def default_protocol_texts() -> dict[str, str]:
    """key -> file text of every protocol shipped in resources/protocols/."""
    folder = resource("protocols")
    return {p.stem: p.read_text("utf-8") for p in sorted(folder.glob("*.json"))}


def parse_protocol(text: str, *, expected_key: str | None = None) -> Protocol:
    try:
        data = json.loads(text)
    except ValueError:
        raise ProtocolError(expected_key or "", "not_json") from None
    if not isinstance(data, dict):
        raise ProtocolError(expected_key or "", "not_an_object")
    key = data.get("key")
    if not isinstance(key, str) or not KEY_RE.match(key):
        raise ProtocolError(str(key or ""), "bad_key")
    if expected_key is not None and key != expected_key:
        raise ProtocolError(key, "key_does_not_match_file", expected_key)
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        raise ProtocolError(key, "bad_version")
    if data.get("training") not in COURSES:
        raise ProtocolError(key, "unknown_training", str(data.get("training")))
    steps = _steps(key, data.get("steps"))
    return Protocol(
        key=key,
        version=version,
        training=str(data["training"]),
        title=_texts(key, "title", data.get("title")),
        trigger=_trigger(key, data.get("trigger")),
        steps=steps,
    )


def _trigger(key: str, raw: Any) -> Trigger:
    if not isinstance(raw, dict):
        raise ProtocolError(key, "missing_trigger")
    allowed = {"outcomes": OUTCOMES, "events": EVENTS, "indicators": EXPLOITATION,
               "age_groups": AGE_GROUPS}  # fmt: skip
    values: dict[str, tuple[str, ...]] = {}
    for name, codes in allowed.items():
        items = raw.get(name, [])
        if not isinstance(items, list) or not set(items) <= set(codes):
            raise ProtocolError(key, f"bad_trigger_{name}", str(items))
        values[name] = tuple(str(i) for i in items)
    if not (values["outcomes"] or values["events"] or values["indicators"]):
        raise ProtocolError(key, "trigger_never_fires")
    if not values["age_groups"]:
        raise ProtocolError(key, "bad_trigger_age_groups", "[]")
    return Trigger(**values)


def _steps(key: str, raw: Any) -> tuple[ProtocolStep, ...]:
    if not isinstance(raw, list) or not raw:
        raise ProtocolError(key, "no_steps")
    steps: list[ProtocolStep] = []
    for item in raw:
        step = _step(key, item)
        if any(s.key == step.key for s in steps):
            raise ProtocolError(f"{key}.{step.key}", "duplicate_step")
        steps.append(step)
    return tuple(steps)


def _step(protocol: str, raw: Any) -> ProtocolStep:
    if not isinstance(raw, dict):
        raise ProtocolError(protocol, "step_not_an_object")
    key = raw.get("key")
    if not isinstance(key, str) or not KEY_RE.match(key):
        raise ProtocolError(f"{protocol}.{key}", "bad_step_key")
    where = f"{protocol}.{key}"
    action = raw.get("action")
    if action not in ACTIONS:
        raise ProtocolError(where, "unknown_action", str(action))
    due, category = raw.get("due_hours"), raw.get("category")
    if action == "task":
        if isinstance(due, bool) or not isinstance(due, int) or not 0 <= due <= MAX_DUE_HOURS:
            raise ProtocolError(where, "bad_due_hours", str(due))
        category = None
    else:
        if category not in SERVICE_TYPES:
            raise ProtocolError(where, "unknown_category", str(category))
        due = None
    title, detail = (
        _texts(where, "title", raw.get("title")),
        _texts(where, "detail", raw.get("detail")),
    )
    for text in (*title.values(), *detail.values()):
        _check_placeholders(where, text)
    return ProtocolStep(key, str(action), title, detail, due, category)


def _check_placeholders(where: str, text: str) -> None:
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        raise ProtocolError(where, "bad_placeholder") from None
    unknown = names - set(CONTACTS)
    if unknown:
        raise ProtocolError(where, "unknown_placeholder", ",".join(sorted(unknown)))


def _texts(where: str, field: str, value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ProtocolError(where, f"missing_{field}")
    for lang in LANGS:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            raise ProtocolError(where, "missing_language", f"{field}:{lang}")
    return {lang: str(text).strip() for lang, text in value.items() if isinstance(text, str)}


def fill_contacts(text: str, contacts: Mapping[str, str], missing: str) -> str:
    """The step text with the jurisdiction's contacts in place (`missing` where one is not set)."""
    values = {name: (contacts.get(name) or "").strip() or missing for name in CONTACTS}
    return text.format(**values)
