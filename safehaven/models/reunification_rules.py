"""Pure rules of the reunification safety check. No I/O, no Qt.

The domain is described in docs/reunification-and-employment.md.

"Reunify only when it is safe": a reunification can be *recommended* only when every mandatory
check item is answered and every red flag is either not raised or has a documented mitigation.
The survivor's refusal ends the assessment whatever else it says. A minor (or a survivor whose age
is not established) needs a best-interests determination. Approval needs a supervisor who is not
the assessor.

Stable codes (read by reports; do not rename):
- answers to yes/no questions: ``yes``, ``no``, ``unknown`` (`TRI`);
  the survivor's wish: ``yes``, ``no``, ``unsure`` (`WISHES`).
- red flags (`RED_FLAGS`): ``family_involvement``, ``custody_claim``, ``trafficker_in_community``,
  ``debts``, ``abuse_history``, ``retaliation_threats``, ``stigma``. A flag answered ``yes`` or
  ``unknown`` counts as raised and needs a mitigation text.
- risk rating (`RISK_RATINGS`): ``low``, ``medium``, ``high``.
- recommendation (`RECOMMENDATIONS`): ``reunify``, ``reunify_enhanced_support``,
  ``further_tracing``, ``alternative_care``, ``not_recommended``; the first two are `REUNIFY`.
- assessment status (`STATUSES`): ``draft`` → ``submitted`` → ``approved`` | ``returned``
  (``returned`` → ``submitted`` again); ``closed_refused`` from any open state.
- reason codes returned by the rules: a bare code (``survivor_refused``) or ``code:item``
  (``missing:identity_verified``, ``red_flag_open:debts``); see `REASON_CODES`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TRI = ("yes", "no", "unknown")
WISHES = ("yes", "no", "unsure")
RED_FLAGS = (
    "family_involvement",
    "custody_claim",
    "trafficker_in_community",
    "debts",
    "abuse_history",
    "retaliation_threats",
    "stigma",
)
RISK_RATINGS = ("low", "medium", "high")
RECOMMENDATIONS = (
    "reunify",
    "reunify_enhanced_support",
    "further_tracing",
    "alternative_care",
    "not_recommended",
)
REUNIFY = ("reunify", "reunify_enhanced_support")
BEST_INTERESTS_OUTCOMES = (
    "reunification",
    "local_integration",
    "alternative_care",
    "repatriation",
    "resettlement",
    "other",
)
STATUSES = ("draft", "submitted", "approved", "returned", "closed_refused")
OPEN_STATUSES = ("draft", "submitted", "returned", "approved")
EDITABLE_STATUSES = ("draft", "returned")
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "draft": ("submitted", "closed_refused"),
    "returned": ("submitted", "closed_refused"),
    "submitted": ("approved", "returned", "closed_refused"),
    "approved": ("closed_refused",),
    "closed_refused": (),
}

# Mandatory items in the order of the form (section letter, item key).
MANDATORY_ITEMS: tuple[tuple[str, str], ...] = (
    ("A", "wants_contact"),
    ("A", "wishes_reunify"),
    ("B", "survivor_knows_adult"),
    ("B", "accounts_match"),
    ("B", "identity_verified"),
    *(("C", f"red_flag.{code}") for code in RED_FLAGS),
    ("D", "household_willing"),
    ("D", "household_able"),
    ("E", "home_visit_done"),
    ("E", "risk_rating"),
    ("E", "risk_rationale"),
)

REASON_CODES = (
    "survivor_refused",  # the survivor does not wish to be reunified with this person
    "missing",  # missing:<item> — a mandatory item is unanswered
    "wishes_not_confirmed",  # the survivor is unsure
    "identity_not_verified",
    "accounts_do_not_match",
    "red_flag_open",  # red_flag_open:<flag> — raised (or unknown) without a mitigation
    "household_not_willing",
    "household_not_able",
    "home_visit_missing",
    "home_visit_date_missing",
    "risk_high",
    "best_interests_missing",  # a minor (or age unknown) without a best-interests determination
    "best_interests_against",  # the determination recommends something else
    "not_submitted",
    "not_supervisor",
    "own_assessment",
    "not_reunify",
    "wrong_status",
)


@dataclass(frozen=True)
class RedFlag:
    raised: str | None = None  # yes | no | unknown | None (unanswered)
    mitigation: str | None = None

    @property
    def is_raised(self) -> bool:
        return self.raised in ("yes", "unknown")

    @property
    def is_open(self) -> bool:
        """Raised (or unknown) and no mitigation documented."""
        return self.is_raised and not (self.mitigation or "").strip()


@dataclass(frozen=True)
class AssessmentState:
    """The check items the rules look at, decoupled from the database."""

    wants_contact: str | None = None
    wishes_reunify: str | None = None
    survivor_knows_adult: str | None = None
    accounts_match: str | None = None
    identity_verified: str | None = None
    red_flags: dict[str, RedFlag] = field(default_factory=dict)
    household_willing: str | None = None
    household_able: str | None = None
    home_visit_done: str | None = None
    home_visit_date_set: bool = False
    risk_rating: str | None = None
    risk_rationale: str | None = None
    is_minor: bool | None = None  # None: age not established
    best_interests_done: bool = False
    best_interests_outcome: str | None = None

    def flag(self, code: str) -> RedFlag:
        return self.red_flags.get(code, RedFlag())

    def value_of(self, item: str) -> object:
        if item.startswith("red_flag."):
            return self.flag(item.removeprefix("red_flag.")).raised
        return getattr(self, item)


@dataclass(frozen=True)
class Decision:
    ok: bool
    reasons: tuple[str, ...] = ()


def refused(state: AssessmentState) -> bool:
    return state.wishes_reunify == "no"


def missing_items(state: AssessmentState) -> tuple[str, ...]:
    """Mandatory items still unanswered (blank text counts as unanswered)."""
    out = []
    for _section, item in MANDATORY_ITEMS:
        value = state.value_of(item)
        if value is None or (isinstance(value, str) and not value.strip()):
            out.append(item)
    return tuple(out)


def open_red_flags(state: AssessmentState) -> tuple[str, ...]:
    return tuple(code for code in RED_FLAGS if state.flag(code).is_open)


def can_recommend(state: AssessmentState) -> Decision:
    """May this assessment recommend reunification (`REUNIFY`)? All reasons if not."""
    if refused(state):
        return Decision(False, ("survivor_refused",))
    reasons = [f"missing:{item}" for item in missing_items(state)]
    reasons += _answer_reasons(state)
    reasons += [f"red_flag_open:{code}" for code in open_red_flags(state)]
    reasons += _best_interests_reasons(state)
    return Decision(not reasons, tuple(reasons))


def _answer_reasons(state: AssessmentState) -> list[str]:
    checks = (
        (state.wishes_reunify == "unsure", "wishes_not_confirmed"),
        (state.identity_verified in ("no", "unknown"), "identity_not_verified"),
        (state.accounts_match == "no", "accounts_do_not_match"),
        (state.household_willing in ("no", "unknown"), "household_not_willing"),
        (state.household_able in ("no", "unknown"), "household_not_able"),
        (state.home_visit_done in ("no", "unknown"), "home_visit_missing"),
        (
            state.home_visit_done == "yes" and not state.home_visit_date_set,
            "home_visit_date_missing",
        ),
        (state.risk_rating == "high", "risk_high"),
    )
    return [code for failed, code in checks if failed]


def _best_interests_reasons(state: AssessmentState) -> list[str]:
    if state.is_minor is False:
        return []
    if not state.best_interests_done or state.best_interests_outcome is None:
        return ["best_interests_missing"]
    if state.best_interests_outcome != "reunification":
        return ["best_interests_against"]
    return []


def can_submit(state: AssessmentState, status: str, recommendation: str | None) -> Decision:
    """Submitting a recommendation: reunification needs `can_recommend`; any other outcome needs
    at least the survivor's wishes (asked first)."""
    if refused(state):
        return Decision(False, ("survivor_refused",))
    if status not in EDITABLE_STATUSES:
        return Decision(False, ("wrong_status",))
    if recommendation not in RECOMMENDATIONS:
        return Decision(False, ("missing:recommendation",))
    if recommendation in REUNIFY:
        return can_recommend(state)
    if state.wishes_reunify is None:
        return Decision(False, ("missing:wishes_reunify",))
    return Decision(True)


def can_approve(
    *,
    status: str,
    assessor_ids: tuple[int | None, ...],
    approver_id: int,
    approver_is_supervisor: bool,
) -> Decision:
    """Approval (or return) needs a submitted assessment and a supervisor who is not the
    assessor (nor the one who submitted it)."""
    reasons = []
    if status != "submitted":
        reasons.append("not_submitted")
    if not approver_is_supervisor:
        reasons.append("not_supervisor")
    if approver_id in assessor_ids:
        reasons.append("own_assessment")
    return Decision(not reasons, tuple(reasons))


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, ())


def wishes_first_violation(state: AssessmentState, other_items_set: bool) -> bool:
    """True when later items are filled in before the survivor's wishes were asked."""
    return other_items_set and (state.wants_contact is None or state.wishes_reunify is None)


def split_reason(reason: str) -> tuple[str, str | None]:
    code, _, item = reason.partition(":")
    return code, (item or None)
