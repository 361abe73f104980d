"""Pure intake rules: the session state machine, section states and positions."""

from __future__ import annotations

from safehaven.models.intake import (
    can_move,
    consistency_problems,
    first_open_question,
    next_position,
    section_state,
)

SECTIONS = [("A", ("a1", "a2")), ("B", ("b1", "b2", "b3"))]


def test_state_machine() -> None:
    assert can_move("draft", "paused")
    assert can_move("paused", "draft")
    assert can_move("draft", "complete")
    assert can_move("complete", "draft")
    assert not can_move("complete", "paused")
    assert not can_move("draft", "draft")


def test_section_state_priority() -> None:
    keys = ("b1", "b2")
    assert section_state(keys, {}, skipped=False, revisit=False) == "not_started"
    assert section_state(keys, {"b1": "answered"}, skipped=False, revisit=False) == "in_progress"
    both = {"b1": "answered", "b2": "not_asked"}
    assert section_state(keys, both, skipped=False, revisit=False) == "done"
    assert section_state(keys, both, skipped=True, revisit=False) == "skipped"
    assert section_state(keys, both, skipped=True, revisit=True) == "to_revisit"


def test_positions() -> None:
    assert next_position(SECTIONS, "a1") == ("A", "a2")
    assert next_position(SECTIONS, "a2") == ("A", "a2")  # stays on the last one
    assert first_open_question(("b1", "b2"), {"b1": "answered"}) == "b2"
    assert first_open_question(("b1", "b2"), {"b1": "answered", "b2": "prefers_not"}) == "b1"


def test_consistency_problems_detects_each_fault() -> None:
    ok = {
        "status": "draft",
        "completed": False,
        "position": ("A", "a1"),
        "sections": SECTIONS,
        "answer_keys": ["a1"],
        "answer_states": ["answered"],
        "skipped": [],
    }
    assert consistency_problems(**ok) == []
    assert "duplicate_answer" in consistency_problems(
        **{**ok, "answer_keys": ["a1", "a1"], "answer_states": ["answered"] * 2}
    )
    assert "bad_position" in consistency_problems(**{**ok, "position": ("A", "b1")})
    assert "completed_at_mismatch" in consistency_problems(**{**ok, "completed": True})
    assert "skipped_section_not_recorded" in consistency_problems(**{**ok, "skipped": ["B"]})
    assert "complete_with_unrecorded_questions" in consistency_problems(
        **{**ok, "status": "complete", "completed": True}
    )
