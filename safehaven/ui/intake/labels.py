"""Words for the intake and consent codes, marked for translation."""

from __future__ import annotations

from safehaven.i18n import N_, _

SECTION_STATES = {
    "not_started": N_("not started"),
    "in_progress": N_("in progress"),
    "done": N_("done"),
    "skipped": N_("skipped"),
    "to_revisit": N_("to revisit"),
}
ANSWER_STATES = {
    "answered": N_("Saved"),
    "doesnt_know": N_("Saved: doesn't know"),
    "prefers_not": N_("Saved: prefers not to answer"),
    "not_asked": N_("Not asked"),
}
SESSION_STATUSES = {
    "draft": N_("In progress"),
    "paused": N_("Paused"),
    "complete": N_("Complete"),
}
PURPOSES = {
    "data_keeping": N_("Keeping records"),
    "referral_service": N_("Referral to a type of service"),
    "referral_organization": N_("Referral to an organization"),
    "family_contact": N_("Family contact"),
    "statistics": N_("Anonymous statistics"),
    "legal_name": N_("Asking for the legal name"),
}
CONSENT_STATUSES = {
    "granted": N_("Granted"),
    "refused": N_("Refused"),
    "expired": N_("Expired"),
    "withdrawn": N_("Withdrawn"),
    "none": N_("Not asked yet"),
}
METHODS = {"written": N_("Written"), "verbal": N_("Verbal")}
LANGUAGE_NAMES = {"en": N_("English"), "es": N_("Spanish")}


def label(table: dict[str, str], code: str | None) -> str:
    if code is None:
        return ""
    return _(table[code]) if code in table else code
