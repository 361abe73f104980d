"""The languages of the person: ISO 639 codes on the client, and the survivor language they
suggest for an intake (or a screening) that is about to start."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from safehaven.models.permissions import Permission
from safehaven.services.access import load_client
from safehaven.services.actor import Actor
from safehaven.services.languages.codes import parse_codes


def client_language_codes(text: str | None) -> tuple[str, ...]:
    """The codes stored in a client's languages field; entries that are not codes are skipped
    (records made before the field became a list of codes)."""
    found: list[str] = []
    for part in (text or "").replace(";", ",").split(","):
        try:
            found += [c for c in parse_codes(part) if c not in found]
        except ValueError:
            continue
    return tuple(found)


def pick_survivor_language(
    *,
    preferred: str | None,
    spoken: Sequence[str],
    interpreter_needed: bool | None,
    available: Sequence[str],
    staff_language: str,
) -> str:
    """The survivor language to pre-select: the preferred language when the bank has it, else,
    when an interpreter is needed or the staff language is not spoken, the first spoken language
    the bank has; else the staff language."""

    def usable(code: str) -> str | None:
        if code in available:
            return code
        base = code.split("_")[0]
        return next((a for a in available if a.split("_")[0] == base), None)

    if preferred and (found := usable(preferred)):
        return found
    if interpreter_needed or (spoken and staff_language not in spoken):
        for code in spoken:
            if found := usable(code):
                return found
    return staff_language if staff_language in available else available[0]


def suggest_survivor_language(
    session: Session,
    *,
    actor: Actor,
    client_id: int,
    available: Sequence[str],
    staff_language: str,
    permission: Permission = Permission.RUN_INTAKE,
) -> str:
    """`pick_survivor_language` for a client the actor may run an intake for (or, with
    `permission=Permission.RUN_SCREENING`, a screening)."""
    with session.begin():
        client = load_client(session, actor, client_id, permission)
        preferred, spoken = client.preferred_language, client.languages
        interpreter = client.interpreter_needed
    return pick_survivor_language(
        preferred=preferred,
        spoken=client_language_codes(spoken),
        interpreter_needed=interpreter,
        available=available,
        staff_language=staff_language,
    )
