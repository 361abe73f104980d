"""The reunification safety rules, without a database."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from safehaven.models.reunification_rules import (
    MANDATORY_ITEMS,
    RED_FLAGS,
    TRANSITIONS,
    AssessmentState,
    RedFlag,
    can_approve,
    can_recommend,
    can_submit,
    can_transition,
    missing_items,
    split_reason,
    wishes_first_violation,
)

SAFE = AssessmentState(
    wants_contact="yes",
    wishes_reunify="yes",
    survivor_knows_adult="yes",
    accounts_match="yes",
    identity_verified="yes",
    red_flags={code: RedFlag("no") for code in RED_FLAGS},
    household_willing="yes",
    household_able="yes",
    home_visit_done="yes",
    home_visit_date_set=True,
    risk_rating="low",
    risk_rationale="Stable household, no contact with recruiters.",
    is_minor=False,
)


def test_a_complete_safe_assessment_may_recommend():
    assert can_recommend(SAFE).ok
    assert can_recommend(SAFE).reasons == ()


def test_empty_assessment_lists_every_mandatory_item():
    decision = can_recommend(AssessmentState(is_minor=False))
    assert not decision.ok
    missing = {r.split(":", 1)[1] for r in decision.reasons if r.startswith("missing:")}
    assert missing == {item for _, item in MANDATORY_ITEMS}


def test_red_flag_raised_without_mitigation_blocks():
    flags = {**SAFE.red_flags, "debts": RedFlag("yes", None)}
    decision = can_recommend(replace(SAFE, red_flags=flags))
    assert decision.reasons == ("red_flag_open:debts",)


def test_blank_mitigation_counts_as_none():
    flags = {**SAFE.red_flags, "stigma": RedFlag("yes", "   ")}
    assert "red_flag_open:stigma" in can_recommend(replace(SAFE, red_flags=flags)).reasons


def test_unknown_red_flag_needs_mitigation_too():
    flags = {**SAFE.red_flags, "custody_claim": RedFlag("unknown")}
    assert not can_recommend(replace(SAFE, red_flags=flags)).ok
    flags["custody_claim"] = RedFlag("unknown", "Checked with the community leader.")
    assert can_recommend(replace(SAFE, red_flags=flags)).ok


def test_mitigated_red_flag_allows_recommendation():
    flags = {**SAFE.red_flags, "retaliation_threats": RedFlag("yes", "Protective order in place")}
    assert can_recommend(replace(SAFE, red_flags=flags)).ok


def test_unanswered_red_flag_is_missing():
    flags = dict(SAFE.red_flags)
    del flags["family_involvement"]
    assert can_recommend(replace(SAFE, red_flags=flags)).reasons == (
        "missing:red_flag.family_involvement",
    )


def test_refusal_ends_it_whatever_else_it_says():
    assert can_recommend(replace(SAFE, wishes_reunify="no")).reasons == ("survivor_refused",)
    assert can_recommend(AssessmentState(wishes_reunify="no")).reasons == ("survivor_refused",)


def test_unsure_survivor_blocks():
    assert can_recommend(replace(SAFE, wishes_reunify="unsure")).reasons == (
        "wishes_not_confirmed",
    )


def test_minor_needs_best_interests_determination():
    minor = replace(SAFE, is_minor=True)
    assert can_recommend(minor).reasons == ("best_interests_missing",)
    done = replace(minor, best_interests_done=True, best_interests_outcome="reunification")
    assert can_recommend(done).ok
    against = replace(minor, best_interests_done=True, best_interests_outcome="alternative_care")
    assert can_recommend(against).reasons == ("best_interests_against",)


def test_unknown_age_is_treated_like_a_minor():
    assert can_recommend(replace(SAFE, is_minor=None)).reasons == ("best_interests_missing",)


def test_negative_answers_block_with_their_own_reason():
    cases = {
        "identity_verified": ("no", "identity_not_verified"),
        "accounts_match": ("no", "accounts_do_not_match"),
        "household_willing": ("no", "household_not_willing"),
        "household_able": ("unknown", "household_not_able"),
        "home_visit_done": ("no", "home_visit_missing"),
        "risk_rating": ("high", "risk_high"),
    }
    for name, (value, reason) in cases.items():
        assert can_recommend(replace(SAFE, **{name: value})).reasons == (reason,), name


def test_home_visit_needs_a_date():
    assert can_recommend(replace(SAFE, home_visit_date_set=False)).reasons == (
        "home_visit_date_missing",
    )


def test_blank_rationale_is_missing():
    assert can_recommend(replace(SAFE, risk_rationale=" ")).reasons == ("missing:risk_rationale",)


def test_submit_other_outcomes_needs_only_the_wishes():
    early = AssessmentState(wants_contact="yes", wishes_reunify="unsure")
    assert can_submit(early, "draft", "further_tracing").ok
    assert not can_submit(AssessmentState(), "draft", "further_tracing").ok
    assert not can_submit(early, "draft", "reunify").ok
    assert can_submit(SAFE, "returned", "reunify_enhanced_support").ok
    assert can_submit(SAFE, "submitted", "reunify").reasons == ("wrong_status",)
    assert can_submit(SAFE, "draft", "whatever").reasons == ("missing:recommendation",)
    assert can_submit(replace(SAFE, wishes_reunify="no"), "draft", "not_recommended").reasons == (
        "survivor_refused",
    )


def test_approval_needs_a_supervisor_who_is_not_the_assessor():
    ok = can_approve(
        status="submitted", assessor_ids=(1, 1), approver_id=2, approver_is_supervisor=True
    )
    assert ok.ok
    own = can_approve(
        status="submitted", assessor_ids=(2, 2), approver_id=2, approver_is_supervisor=True
    )
    assert own.reasons == ("own_assessment",)
    submitter = can_approve(
        status="submitted", assessor_ids=(1, 2), approver_id=2, approver_is_supervisor=True
    )
    assert submitter.reasons == ("own_assessment",)
    worker = can_approve(
        status="submitted", assessor_ids=(1, 1), approver_id=3, approver_is_supervisor=False
    )
    assert worker.reasons == ("not_supervisor",)
    draft = can_approve(
        status="draft", assessor_ids=(1, None), approver_id=3, approver_is_supervisor=True
    )
    assert draft.reasons == ("not_submitted",)


def test_state_machine():
    assert can_transition("draft", "submitted")
    assert can_transition("submitted", "approved")
    assert can_transition("submitted", "returned")
    assert can_transition("returned", "submitted")
    assert not can_transition("draft", "approved")
    assert not can_transition("closed_refused", "draft")
    for state in TRANSITIONS:
        if state != "closed_refused":
            assert can_transition(state, "closed_refused"), state


def test_wishes_first():
    assert wishes_first_violation(AssessmentState(), other_items_set=True)
    assert not wishes_first_violation(SAFE, other_items_set=True)
    assert not wishes_first_violation(AssessmentState(), other_items_set=False)


def test_split_reason():
    assert split_reason("red_flag_open:debts") == ("red_flag_open", "debts")
    assert split_reason("risk_high") == ("risk_high", None)


# ---- property tests ---------------------------------------------------------------------------

answers = st.sampled_from([None, "yes", "no", "unknown"])
mitigations = st.sampled_from([None, "", "  ", "Protective order and weekly calls"])
flags = st.fixed_dictionaries(
    {code: st.builds(RedFlag, answers, mitigations) for code in RED_FLAGS}
)
states = st.builds(
    AssessmentState,
    wants_contact=answers,
    wishes_reunify=st.sampled_from([None, "yes", "no", "unsure"]),
    survivor_knows_adult=answers,
    accounts_match=answers,
    identity_verified=answers,
    red_flags=flags,
    household_willing=answers,
    household_able=answers,
    home_visit_done=answers,
    home_visit_date_set=st.booleans(),
    risk_rating=st.sampled_from([None, "low", "medium", "high"]),
    risk_rationale=st.sampled_from([None, "", "reasoned"]),
    is_minor=st.sampled_from([None, True, False]),
    best_interests_done=st.booleans(),
    best_interests_outcome=st.sampled_from([None, "reunification", "alternative_care"]),
)


@given(states)
def test_no_open_red_flag_or_missing_item_is_ever_recommended(state):
    decision = can_recommend(state)
    open_flag = any(state.flag(code).is_open for code in RED_FLAGS)
    if open_flag or missing_items(state):
        assert not decision.ok
    if decision.ok:
        assert state.wishes_reunify == "yes"
        assert all(
            state.flag(c).raised == "no" or state.flag(c).mitigation.strip() for c in RED_FLAGS
        )
        assert state.is_minor is False or state.best_interests_outcome == "reunification"
    assert decision.ok == (decision.reasons == ())


@given(states)
def test_refusal_always_ends_it(state):
    refused = replace(state, wishes_reunify="no")
    assert can_recommend(refused).reasons == ("survivor_refused",)
    for rec in ("reunify", "reunify_enhanced_support", "not_recommended", "further_tracing"):
        assert not can_submit(refused, "draft", rec).ok


@given(states, st.sampled_from(["reunify", "reunify_enhanced_support"]))
def test_submit_reunify_agrees_with_can_recommend(state, rec):
    assert can_submit(state, "draft", rec) == can_recommend(state)
