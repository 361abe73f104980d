"""A screening conversation: setting checks, one domain at a time, pause/resume, stop, outcome.

Every call is one transaction: an answer is on disk when the call returns. The outcome is chosen
by the staff member from the five listed in `models.screening.OUTCOMES`; the service never derives
one from the answers. Finishing starts the response protocols the outcome, the noted indicators or
a disclosure trigger. A "yes" to a disclosure question of the under-18 set starts the minor
protocol at once and pauses the interview: its first step tells the staff member to stop and report.
Audit events carry ids, codes and question keys, never answer values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator
from contextlib import contextmanager

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.models.base import utcnow
from safehaven.models.client import NON_ANSWERS, Client, age_on
from safehaven.models.permissions import Permission
from safehaven.models.protocol import ProtocolRun
from safehaven.models.screening import (
    ANSWERED,
    COMPLETE,
    DOESNT_KNOW,
    DOMAINS,
    DRAFT,
    FORMS,
    NOT_ASKED,
    OUTCOMES,
    PAUSED,
    PREFERS_NOT,
    SETTING,
    SETTING_CHECKS,
    ScreeningAnswer,
    ScreeningSession,
    join_list,
    setting_ready,
    split_list,
)
from safehaven.services.access import load_client
from safehaven.services.actor import Actor
from safehaven.services.audit import record_case_event
from safehaven.services.errors import InvalidTransition, NotFound, ValidationFailed
from safehaven.services.screening.bank import (
    ScreeningBank,
    ScreeningQuestion,
    load_screening_bank,
)
from safehaven.services.screening.protocols import begin_run, matching, protocols_in_force
from safehaven.services.screening.rows import (
    ScreeningRow,
    ScreeningSummary,
    build_row,
    disclosed,
    load_answers,
    summary,
)
from safehaven.services.screening.training import note_training

STATE_OF_CODE = {"yes": ANSWERED, "no": ANSWERED, NON_ANSWERS[0]: DOESNT_KNOW,
                 NON_ANSWERS[1]: PREFERS_NOT}  # fmt: skip
INDICATOR_OUTCOMES = ("offer_assessment", "immediate_safety")


def client_age_group(client: Client, today: dt.date) -> str:
    age = age_on(client.date_of_birth, client.estimated_age, today)
    return "minor" if age is not None and age < 18 else "adult"


def forms_for(session: Session, *, actor: Actor, client_id: int) -> tuple[str, ...]:
    """The forms offered for this person: only the under-18 set for a known minor."""
    with session.begin():
        client = load_client(session, actor, client_id, Permission.RUN_SCREENING)
        return _forms(client)


def _forms(client: Client) -> tuple[str, ...]:
    return ("minor",) if client_age_group(client, dt.date.today()) == "minor" else FORMS


def start_screening(
    session: Session,
    *,
    actor: Actor,
    client_id: int,
    form: str,
    question_language: str | None = None,
) -> ScreeningRow:
    """A new screening, opening on the setting checks. Any open one must be finished first."""
    with session.begin():
        client = load_client(session, actor, client_id, Permission.RUN_SCREENING)
        if form not in _forms(client):
            raise ValidationFailed({"form": "unknown_choice"})
        if _open(session, client_id) is not None:
            raise InvalidTransition("screening", DRAFT, SETTING)
        bank = load_screening_bank(form)
        now = utcnow()
        screening = ScreeningSession(
            client_id=client_id, form=form, bank_version=bank.version, status=SETTING,
            current_domain=bank.sections[0].key,
            question_language=_language(bank, question_language),
            started_by_id=actor.user_id, updated_by_id=actor.user_id,
            started_at=now, updated_at=now,
        )  # fmt: skip
        session.add(screening)
        session.flush()
        _audit(session, actor, screening, "screening_started", {"form": form})
        screening.training_notice = note_training(
            session, actor=actor, course=bank.training, client_id=client_id,
            source_type="screening_session", source_id=screening.id, now=now,
        )  # fmt: skip
        return build_row(session, screening, bank, _age(client, bank))


def find_screening(session: Session, *, actor: Actor, client_id: int) -> ScreeningRow | None:
    """The case's unfinished screening as it is (nothing resumed), or None."""
    with session.begin():
        client = load_client(session, actor, client_id, Permission.RUN_SCREENING)
        screening = _open(session, client_id)
        if screening is None:
            return None
        bank = load_screening_bank(screening.form, screening.bank_version)
        return build_row(session, screening, bank, _age(client, bank))


def get_screening(session: Session, *, actor: Actor, screening_id: int) -> ScreeningRow:
    with _screening(session, actor, screening_id) as (screening, bank, client):
        return build_row(session, screening, bank, _age(client, bank))


def list_screenings(session: Session, *, actor: Actor, client_id: int) -> list[ScreeningSummary]:
    """Every screening of the case, newest first."""
    with session.begin():
        load_client(session, actor, client_id, Permission.RUN_SCREENING)
        rows = session.execute(
            select(ScreeningSession)
            .where(ScreeningSession.client_id == client_id)
            .order_by(ScreeningSession.id.desc())
        ).scalars()
        return [summary(s) for s in rows]


def confirm_setting(
    session: Session, *, actor: Actor, screening_id: int, checks: Collection[str]
) -> ScreeningRow:
    """Record the setting checks; questions open only when every one is confirmed."""
    unknown = set(checks) - set(SETTING_CHECKS)
    if unknown:
        raise ValidationFailed({"setting": "unknown_choice"})
    with _screening(session, actor, screening_id) as (screening, bank, client):
        if screening.status != SETTING:
            raise InvalidTransition("screening", screening.status, DRAFT)
        screening.setting_checks = join_list([c for c in SETTING_CHECKS if c in set(checks)])
        if not setting_ready(checks):
            raise ValidationFailed({"setting": "required"})
        screening.move_to(DRAFT, utcnow(), actor.user_id)
        _audit(session, actor, screening, "screening_setting_confirmed")
        return build_row(session, screening, bank, _age(client, bank))


def answer_question(
    session: Session, *, actor: Actor, screening_id: int, question_key: str, code: str
) -> ScreeningRow:
    """Save one answer code now and move on; a minor's disclosure starts the minor protocol."""
    if code not in STATE_OF_CODE:
        raise ValidationFailed({question_key: "unknown_choice"})
    with _screening(session, actor, screening_id, asking=True) as (screening, bank, client):
        question = _question(bank, question_key)
        answers = load_answers(session, screening.id)
        already = disclosed(bank, answers)
        _store(session, actor, screening, question_key, code, STATE_OF_CODE[code], answers)
        _audit(session, actor, screening, "screening_answer_saved",
               {"question": question_key, "state": STATE_OF_CODE[code]})  # fmt: skip
        age_group = _age(client, bank)
        if question.disclosure and code == "yes" and not already and age_group == "minor":
            _on_disclosure(session, actor, screening, client)
        return build_row(session, screening, bank, age_group)


def report_disclosure(session: Session, *, actor: Actor, screening_id: int) -> ScreeningRow:
    """A young person disclosed harm in conversation: start the minor protocol, pause."""
    with _screening(session, actor, screening_id) as (screening, bank, client):
        if screening.status == COMPLETE:
            raise InvalidTransition("screening", COMPLETE, PAUSED)
        if not _started(session, screening.id, "minor_disclosure"):
            _on_disclosure(session, actor, screening, client)
        return build_row(session, screening, bank, _age(client, bank))


def skip_question(
    session: Session, *, actor: Actor, screening_id: int, question_key: str
) -> ScreeningRow:
    """Move on without an answer: recorded as not asked (an earlier answer is kept)."""
    with _screening(session, actor, screening_id, asking=True) as (screening, bank, client):
        _question(bank, question_key)
        answers = load_answers(session, screening.id)
        if question_key not in answers:
            _store(session, actor, screening, question_key, None, NOT_ASKED, answers)
        _audit(session, actor, screening, "screening_question_skipped",
               {"question": question_key})  # fmt: skip
        return build_row(session, screening, bank, _age(client, bank))


def skip_domain(session: Session, *, actor: Actor, screening_id: int, domain: str) -> ScreeningRow:
    """Skip a whole domain (its open questions recorded as not asked) and go to the next one."""
    with _screening(session, actor, screening_id, asking=True) as (screening, bank, client):
        keys = _domain_keys(bank, domain)
        answers = load_answers(session, screening.id)
        for key in keys:
            if key not in answers:
                _store(session, actor, screening, key, None, NOT_ASKED, answers)
        screening.skipped_domains = join_list([*split_list(screening.skipped_domains), domain])
        order = bank.section_keys()
        screening.current_domain = order[min(order.index(domain) + 1, len(order) - 1)]
        _audit(session, actor, screening, "screening_domain_skipped", {"domain": domain})
        return build_row(session, screening, bank, _age(client, bank))


def go_to_domain(session: Session, *, actor: Actor, screening_id: int, domain: str) -> ScreeningRow:
    """Open a domain; going back to a skipped one clears its skipped mark."""
    with _screening(session, actor, screening_id, asking=True) as (screening, bank, client):
        _domain_keys(bank, domain)
        skipped = split_list(screening.skipped_domains)
        if domain in skipped:
            screening.skipped_domains = join_list([d for d in skipped if d != domain])
            _audit(session, actor, screening, "screening_domain_revisited", {"domain": domain})
        screening.current_domain = domain
        return build_row(session, screening, bank, _age(client, bank))


def pause_screening(session: Session, *, actor: Actor, screening_id: int) -> ScreeningRow:
    """Pause (from the setting checks or the questions); nothing is lost."""
    with _screening(session, actor, screening_id) as (screening, bank, client):
        if screening.status in (SETTING, DRAFT):
            screening.move_to(PAUSED, utcnow(), actor.user_id)
            _audit(session, actor, screening, "screening_paused")
        return build_row(session, screening, bank, _age(client, bank))


def resume_screening(session: Session, *, actor: Actor, screening_id: int) -> ScreeningRow:
    """Back to where it paused (the setting checks or the same domain)."""
    with _screening(session, actor, screening_id) as (screening, bank, client):
        if screening.status == PAUSED:
            screening.move_to(screening.resume_status or DRAFT, utcnow(), actor.user_id)
            _audit(session, actor, screening, "screening_resumed")
        return build_row(session, screening, bank, _age(client, bank))


def stop_screening(session: Session, *, actor: Actor, screening_id: int) -> ScreeningRow:
    """Stop at any moment: outcome "stopped", open questions not asked, no protocol started."""
    return finish_screening(session, actor=actor, screening_id=screening_id, outcome="stopped")


def finish_screening(
    session: Session,
    *,
    actor: Actor,
    screening_id: int,
    outcome: str,
    domains: Collection[str] = (),
    labour: bool = False,
    sexual: bool = False,
) -> ScreeningRow:
    """Record the outcome the staff member chose and start the protocols it triggers."""
    _validate_outcome(outcome, domains, labour, sexual)
    with _screening(session, actor, screening_id) as (screening, bank, client):
        if screening.status == COMPLETE:
            raise InvalidTransition("screening", COMPLETE, COMPLETE)
        answers = load_answers(session, screening.id)
        for key in bank.ordered_keys():
            if key not in answers:
                _store(session, actor, screening, key, None, NOT_ASKED, answers)
        now = utcnow()
        screening.outcome = outcome
        screening.domains_noted = join_list([d for d in DOMAINS if d in set(domains)])
        screening.labour_noted, screening.sexual_noted = labour, sexual
        screening.move_to(COMPLETE, now, actor.user_id)
        _audit(session, actor, screening, "screening_stopped" if outcome == "stopped"
               else "screening_completed",
               {"outcome": outcome, "domains": sorted(set(domains)), "labour": labour,
                "sexual": sexual})  # fmt: skip
        age_group = _age(client, bank)
        if outcome in INDICATOR_OUTCOMES or labour or sexual:
            _start_protocols(session, actor, screening, client, age_group, outcome, labour, sexual)
        return build_row(session, screening, bank, age_group)


# -- internals --------------------------------------------------------------------------------


def _validate_outcome(outcome: str, domains: Collection[str], labour: bool, sexual: bool) -> None:
    errors: dict[str, str] = {}
    if outcome not in OUTCOMES:
        errors["outcome"] = "unknown_choice"
    if not set(domains) <= set(DOMAINS):
        errors["domains"] = "unknown_choice"
    elif outcome in ("no_indicators", "declined", "stopped") and (domains or labour or sexual):
        errors["domains"] = "invalid"  # indicators noted contradict this outcome
    if errors:
        raise ValidationFailed(errors)


def _start_protocols(
    session: Session,
    actor: Actor,
    screening: ScreeningSession,
    client: Client,
    age_group: str,
    outcome: str,
    labour: bool,
    sexual: bool,
) -> None:
    indicators = [k for k, on in (("labour", labour), ("sexual", sexual)) if on]
    found = matching(protocols_in_force(session), age_group=age_group, outcome=outcome,
                     indicators=indicators)  # fmt: skip
    now = utcnow()
    for protocol in found:
        if _started(session, screening.id, protocol.key):
            continue
        trigger = "outcome" if outcome in protocol.trigger.outcomes else "indicator"
        begin_run(session, actor=actor, client=client, protocol=protocol, trigger=trigger,
                  screening_id=screening.id, now=now)  # fmt: skip


def _on_disclosure(
    session: Session, actor: Actor, screening: ScreeningSession, client: Client
) -> None:
    now = utcnow()
    _audit(session, actor, screening, "screening_disclosure_reported")
    for protocol in matching(protocols_in_force(session), age_group="minor",
                             events=("minor_disclosure",)):  # fmt: skip
        if not _started(session, screening.id, protocol.key):
            begin_run(session, actor=actor, client=client, protocol=protocol, trigger="event",
                      screening_id=screening.id, now=now)  # fmt: skip
    if screening.status in (SETTING, DRAFT):
        screening.move_to(PAUSED, now, actor.user_id)
        _audit(session, actor, screening, "screening_paused")


def _started(session: Session, screening_id: int, key: str) -> bool:
    return (
        session.execute(
            select(ProtocolRun.id).where(
                ProtocolRun.screening_id == screening_id, ProtocolRun.protocol_key == key
            )
        ).first()
        is not None
    )


@contextmanager
def _screening(
    session: Session, actor: Actor, screening_id: int, *, asking: bool = False
) -> Iterator[tuple[ScreeningSession, ScreeningBank, Client]]:
    """Transaction + access check; `asking` calls need the questions open (status draft)."""
    with session.begin():
        screening = session.get(ScreeningSession, screening_id)
        if screening is None:
            raise NotFound("screening", screening_id)
        client = load_client(session, actor, screening.client_id, Permission.RUN_SCREENING)
        if asking and screening.status != DRAFT:
            raise InvalidTransition("screening", screening.status, DRAFT)
        bank = load_screening_bank(screening.form, screening.bank_version)
        yield screening, bank, client
        screening.updated_at, screening.updated_by_id = utcnow(), actor.user_id


def _open(session: Session, client_id: int) -> ScreeningSession | None:
    return session.execute(
        select(ScreeningSession)
        .where(ScreeningSession.client_id == client_id, ScreeningSession.status != COMPLETE)
        .order_by(ScreeningSession.id.desc())
        .limit(1)
    ).scalar()


def _age(client: Client, bank: ScreeningBank) -> str:
    if bank.age_group == "minor":
        return "minor"
    return client_age_group(client, dt.date.today())


def _language(bank: ScreeningBank, language: str | None) -> str:
    if language is None:
        return "en"
    if language not in bank.languages:
        raise ValidationFailed({"question_language": "unknown_choice"})
    return language


def _question(bank: ScreeningBank, key: str) -> ScreeningQuestion:
    question = bank.questions.get(key)
    if question is None:
        raise NotFound("screening_question", key)
    return question


def _domain_keys(bank: ScreeningBank, domain: str) -> tuple[str, ...]:
    if domain not in bank.section_keys():
        raise NotFound("screening_domain", domain)
    return bank.section(domain).question_keys


def _store(
    session: Session,
    actor: Actor,
    screening: ScreeningSession,
    key: str,
    code: str | None,
    state: str,
    answers: dict[str, ScreeningAnswer],
) -> None:
    row = answers.get(key)
    if row is None:
        row = ScreeningAnswer(
            session_id=screening.id, question_key=key, answered_by_id=actor.user_id
        )
        session.add(row)
        answers[key] = row
    row.code, row.state = code, state
    row.answered_at, row.answered_by_id = utcnow(), actor.user_id
    session.flush()


def _audit(
    session: Session,
    actor: Actor,
    screening: ScreeningSession,
    action: str,
    details: dict[str, object] | None = None,
) -> None:
    record_case_event(session, actor, action, "screening_session", screening.id,
                      screening.client_id, dict(details or {}))  # fmt: skip
