"""Words for the client's coded fields, field names and audit actions, shown in lists and forms."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError

from safehaven.i18n import N_, _, current_language
from safehaven.models.client import DOESNT_KNOW, PREFERS_NOT
from safehaven.ui.screening.labels import ACTION_LABELS as SCREENING_ACTIONS

NOT_COLLECTED = N_("Not collected")

CODE_LABELS: dict[str, str] = {
    "active": N_("Active"),
    "closed": N_("Closed"),
    "female": N_("Female"),
    "male": N_("Male"),
    "transgender": N_("Transgender"),
    "non_binary": N_("Non-binary"),
    "another": N_("Another gender"),
    "citizen_or_lpr": N_("Citizen or permanent resident"),
    "foreign_national": N_("Foreign national"),
    "sex": N_("Sex trafficking"),
    "labor": N_("Labor trafficking"),
    "both": N_("Sex and labor trafficking"),
    "unknown": N_("Type not yet known"),
    DOESNT_KNOW: N_("Doesn't know"),
    PREFERS_NOT: N_("Prefers not to answer"),
}

FIELD_LABELS: dict[str, str] = {
    "chosen_name": N_("Chosen name"),
    "other_names": N_("Other names"),
    "pronouns": N_("Pronouns"),
    "legal_name": N_("Legal name"),
    "date_of_birth": N_("Date of birth"),
    "estimated_age": N_("Estimated age"),
    "age_is_estimated": N_("Age is estimated"),
    "gender": N_("Gender"),
    "languages": N_("Languages"),
    "interpreter_needed": N_("Interpreter needed"),
    "preferred_language": N_("Preferred language"),
    "country_of_origin": N_("Country of origin"),
    "citizenship_category": N_("Citizenship"),
    "trafficking_type": N_("Trafficking type"),
    "phone": N_("Phone"),
    "email": N_("Email"),
    "address": N_("Address"),
    "safe_contact": N_("Safe contact"),
    "status": N_("Status"),
    "assigned_caseworker_id": N_("Caseworker"),
    "intake_date": N_("Intake date"),
    "closure_date": N_("Closure date"),
}

ACTION_LABELS: dict[str, str] = {
    "client_registered": N_("Registered the client"),
    "client_viewed": N_("Opened the case"),
    "client_updated": N_("Changed the profile"),
    "client_erased": N_("Erased the client's data"),
    "consent_recorded": N_("Recorded a consent"),
    "consent_withdrawn": N_("Recorded a consent withdrawal"),
    "consent_overridden": N_("Overrode a missing consent"),
    "case_reopened": N_("Reopened the case"),
    "family_contact_added": N_("Added a family contact"),
    "family_contact_updated": N_("Changed a family contact"),
    "reunification_assessment_started": N_("Started a reunification safety assessment"),
    "reunification_assessment_saved": N_("Changed a reunification safety assessment"),
    "reunification_assessment_submitted": N_("Submitted a reunification recommendation"),
    "reunification_assessment_approved": N_("Approved a reunification recommendation"),
    "reunification_assessment_returned": N_("Returned a reunification assessment"),
    "reunification_assessment_closed_refused": N_("Closed an assessment: not wished"),
    "reunification_recorded": N_("Recorded a reunification"),
    "reunification_updated": N_("Changed a reunification record"),
    "reunification_follow_up_recorded": N_("Recorded a reunification follow-up visit"),
    "employment_baseline_saved": N_("Recorded the employment baseline"),
    "placement_added": N_("Added a job placement"),
    "placement_updated": N_("Changed a job placement"),
    "placement_separated": N_("Ended a job placement"),
    "retention_check_recorded": N_("Recorded a retention check"),
    "training_enrolled": N_("Enrolled in a training program"),
    "training_enrollment_updated": N_("Changed a training enrollment"),
    "referral_consent_flagged": N_("Flagged a referral for missing consent"),
    "note_added": N_("Added a case note"),
    "intake_started": N_("Started the intake"),
    "intake_resumed": N_("Resumed the intake"),
    "intake_reopened": N_("Reopened the intake"),
    "intake_paused": N_("Paused the intake"),
    "intake_completed": N_("Completed the intake"),
    "intake_answer_saved": N_("Saved an intake answer"),
    "intake_question_skipped": N_("Skipped an intake question"),
    "intake_section_skipped": N_("Skipped an intake section"),
    "intake_section_revisited": N_("Went back to an intake section"),
    "task_completed": N_("Completed a task"),
    **SCREENING_ACTIONS,
}

# Extra input-format problems the form finds before the service's own checks.
FORM_ERRORS: dict[str, str] = {
    "bad_date": N_("Use the form YYYY-MM-DD, e.g. 2026-03-31."),
    "not_a_number": N_("Enter a whole number."),
    "unknown_country": N_("Choose a country from the list."),
    "unknown_language": N_("Type language names or codes separated by commas, e.g. Spanish, ar."),
    "one_language": N_("Name one language."),
}


def code_label(code: str | None) -> str:
    if code is None:
        return _(NOT_COLLECTED)
    return _(CODE_LABELS.get(code, code))


def field_label(name: str) -> str:
    return _(FIELD_LABELS.get(name, name))


def action_label(action: str) -> str:
    if action in ACTION_LABELS:
        return _(ACTION_LABELS[action])
    return action.replace("_", " ").capitalize()


def country_names() -> list[tuple[str, str]]:
    """(ISO code, name in the interface language) for every country, sorted by name."""
    try:
        locale = Locale.parse(current_language())
    except (UnknownLocaleError, ValueError):
        locale = Locale("en")
    names = {
        code: name
        for code, name in locale.territories.items()
        if len(code) == 2 and code.isalpha() and code not in ("ZZ", "XA", "XB", "QO", "EU", "EZ")
    }
    return sorted(names.items(), key=lambda kv: kv[1].casefold())
