"""Words for the screening area's codes: outcomes, domains, statuses, checks, courses, actions."""

from __future__ import annotations

from collections.abc import Mapping

from safehaven.i18n import N_, _

DISCLAIMER = N_(
    "Indicators neither prove nor disprove trafficking. Note what you heard and choose what "
    "happens next: SafeHaven never adds answers up and never labels a person."
)
FORMS = {
    "short": N_("Short screening (first contact)"),
    "full": N_("Full screening interview"),
    "minor": N_("Screening for people under 18"),
}
OUTCOMES = {
    "offer_assessment": N_("Indicators noted — offer full assessment"),
    "immediate_safety": N_("Indicators noted — immediate safety concern"),
    "no_indicators": N_("No indicators noted today"),
    "declined": N_("Person declined"),
    "stopped": N_("Stopped"),
}
DOMAINS = {
    "recruitment": N_("Recruitment and deception"),
    "movement": N_("Movement and control"),
    "violence": N_("Violence and threats"),
    "work": N_("Work and pay"),
    "commercial_sex": N_("Commercial sex"),
}
EXPLOITATION = {
    "labour": N_("Labour exploitation indicators"),
    "sexual": N_("Sexual exploitation indicators"),
}
STATUSES = {
    "setting": N_("Setting checks"),
    "draft": N_("In progress"),
    "paused": N_("Paused"),
    "complete": N_("Finished"),
}
DOMAIN_STATES = {
    "not_started": N_("not started"),
    "in_progress": N_("in progress"),
    "done": N_("done"),
    "skipped": N_("skipped"),
}
SETTING_CHECKS = {
    "private_room": N_("We are in a private room; no companion or employer can hear us"),
    "interpreter": N_("An independent interpreter is here, or none is needed"),
    "agreed_to_talk": N_("The person agreed to talk and knows they may skip or stop at any time"),
    "basic_needs": N_("Basic needs are met (water, food, rest, urgent medical care)"),
}
COURSES = {
    "screening_basics": N_("Screening basics"),
    "screening_interview": N_("Screening interview"),
    "child_safeguarding": N_("Child safeguarding"),
    "protocol_response": N_("Response protocols"),
}
TRAINING_STATES = {
    "current": N_("Current"),
    "expiring": N_("Expires soon"),
    "expired": N_("Expired"),
    "missing": N_("Not trained"),
}
NOTICES = {
    "expired": N_(
        "Your training \u201c{course}\u201d has expired. You can continue: your supervisor has "
        "been asked to review this screening with you."
    ),
    "missing": N_(
        "No training \u201c{course}\u201d is recorded for you. You can continue: your supervisor "
        "has been asked to review this screening with you."
    ),
}
STEP_STATES = {"open": N_("To do"), "done": N_("Done"), "skipped": N_("Skipped")}
RUN_STATUSES = {"in_progress": N_("In progress"), "completed": N_("Completed")}
TRIGGERS = {
    "outcome": N_("started by the outcome"),
    "event": N_("started by a disclosure"),
    "indicator": N_("started by the indicators noted"),
    "manual": N_("started by hand"),
}
ACTION_LABELS = {
    "screening_started": N_("Started a screening"),
    "screening_setting_confirmed": N_("Confirmed the screening setting checks"),
    "screening_answer_saved": N_("Saved a screening answer"),
    "screening_question_skipped": N_("Skipped a screening question"),
    "screening_domain_skipped": N_("Skipped a screening domain"),
    "screening_domain_revisited": N_("Went back to a screening domain"),
    "screening_paused": N_("Paused the screening"),
    "screening_resumed": N_("Resumed the screening"),
    "screening_completed": N_("Recorded the screening outcome"),
    "screening_stopped": N_("Stopped the screening"),
    "screening_disclosure_reported": N_("Recorded a disclosure by a person under 18"),
    "protocol_started": N_("Started a response protocol"),
    "protocol_step_done": N_("Completed a protocol step"),
    "protocol_step_skipped": N_("Skipped a protocol step (reason recorded)"),
    "protocol_completed": N_("Completed a response protocol"),
    "training_notice_shown": N_("Was shown a training notice"),
}
SERVICE_CATEGORIES = {
    "safehouse": N_("Safe house or shelter"),
    "legal": N_("Legal services"),
    "psychosocial": N_("Counselling and psychosocial support"),
    "child_protection": N_("Child protection"),
    "identity_documents": N_("Identity documents"),
    "employment": N_("Employment"),
}


def label(table: Mapping[str, str], code: str | None) -> str:
    if code is None:
        return ""
    return _(table[code]) if code in table else code


def pick(texts: Mapping[str, str], language: str) -> str:
    """The text in `language`, else English."""
    return texts.get(language) or texts.get("en") or next(iter(texts.values()), "")
