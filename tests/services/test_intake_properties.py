"""Property: any sequence of answers, skips, section jumps, pauses and resumes leaves a consistent
intake session (no duplicate answers, coherent status, valid resume position, nothing lost), on
both stores (on an office server as the person's own login, under row-level security)."""

from __future__ import annotations

import contextlib
import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from safehaven.models.intake import IntakeAnswer, IntakeSession, consistency_problems
from safehaven.services.errors import DomainError
from safehaven.services.intake import intake as svc
from safehaven.services.intake.question_bank import Question, load_bank
from tests.services.helpers_intake import new_client
from tests.services.stores import session_as

BANK = load_bank()
KEYS = sorted(BANK.questions)
SECTIONS = BANK.section_keys()
STATES = ("answered", "answered", "answered", "doesnt_know", "prefers_not", "not_asked")


@st.composite
def values(draw, question: Question):
    kind = question.type
    real = [c for c in question.codes if c not in ("doesnt_know", "prefers_not_to_answer")]
    if kind in ("single", "yes_no"):
        return draw(st.sampled_from(question.codes))
    if kind == "multiple":
        return draw(st.lists(st.sampled_from(real), max_size=4, unique=True))
    if kind == "number":
        return draw(st.integers(min_value=0, max_value=30))
    if kind == "date":
        return draw(st.dates(dt.date(1990, 1, 1), dt.date(2024, 1, 1))).isoformat()
    return draw(st.text(max_size=20))


@st.composite
def operations(draw):
    kind = draw(
        st.sampled_from(
            (
                "answer",
                "answer",
                "answer",
                "skip",
                "skip_section",
                "go",
                "pause",
                "resume",
                "reopen",
                "revisit_flag",
                "complete",
            )
        )
    )
    if kind == "answer":
        key = draw(st.sampled_from(KEYS))
        return (kind, key, draw(values(BANK.questions[key])), draw(st.sampled_from(STATES)))
    if kind == "skip":
        return (kind, draw(st.sampled_from(KEYS)))
    if kind in ("skip_section", "go", "revisit_flag"):
        return (kind, draw(st.sampled_from(SECTIONS)), draw(st.booleans()))
    return (kind,)


def apply(db, actor, client_id, intake_id, op) -> None:
    kind = op[0]
    calls = {
        "answer": lambda s: svc.answer_question(
            s, actor=actor, intake_id=intake_id, question_key=op[1], value=op[2], state=op[3]
        ),
        "skip": lambda s: svc.skip_question(
            s, actor=actor, intake_id=intake_id, question_key=op[1]
        ),
        "skip_section": lambda s: svc.skip_section(
            s, actor=actor, intake_id=intake_id, section=op[1], revisit=op[2]
        ),
        "go": lambda s: svc.go_to_section(s, actor=actor, intake_id=intake_id, section=op[1]),
        "revisit_flag": lambda s: svc.mark_for_revisit(
            s, actor=actor, intake_id=intake_id, section=op[1], revisit=op[2]
        ),
        "pause": lambda s: svc.pause_intake(s, actor=actor, intake_id=intake_id),
        "resume": lambda s: svc.resume_intake(s, actor=actor, intake_id=intake_id),
        "reopen": lambda s: svc.start_or_resume_intake(s, actor=actor, client_id=client_id),
        "complete": lambda s: svc.complete_intake(s, actor=actor, intake_id=intake_id),
    }
    # a refused call (bad value, no consent, already complete) must change nothing
    with session_as(db, actor) as s, contextlib.suppress(DomainError):
        calls[kind](s)


def snapshot(db, actor, intake_id):
    with session_as(db, actor) as s:
        intake = s.get(IntakeSession, intake_id)
        answers = list(
            s.execute(select(IntakeAnswer).where(IntakeAnswer.session_id == intake_id)).scalars()
        )
        return (
            intake.status,
            intake.completed_at is not None,
            (intake.current_section, intake.current_question),
            intake.skipped,
            [(a.question_key, a.state) for a in answers],
        )


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(operations(), max_size=25), as_caseworker=st.booleans())
def test_any_sequence_leaves_a_consistent_session(db, staff, ops, as_caseworker) -> None:
    actor = staff.caseworker if as_caseworker else staff.intake
    client_id = new_client(db, staff.intake)
    with session_as(db, actor) as s:
        intake_id = svc.start_or_resume_intake(s, actor=actor, client_id=client_id).id
    sections = [(sec.key, sec.question_keys) for sec in BANK.sections]
    seen: set[str] = set()
    for op in ops:
        before = snapshot(db, actor, intake_id)
        apply(db, actor, client_id, intake_id, op)
        status, completed, position, skipped, answers = snapshot(db, actor, intake_id)
        keys = [k for k, _ in answers]
        problems = consistency_problems(
            status=status,
            completed=completed,
            position=position,
            sections=sections,
            answer_keys=keys,
            answer_states=[st_ for _, st_ in answers],
            skipped=skipped,
        )
        assert problems == [], (op, problems)
        assert seen <= set(keys), "a recorded question was lost"
        seen = set(keys)
        if op[0] == "pause" and before[0] == "draft":
            assert status == "paused"
            assert position == before[2]
        if op[0] in ("resume", "reopen") and before[0] == "paused":
            assert status == "draft"
            assert position == before[2]
