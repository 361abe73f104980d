"""Words for the referral and directory codes, marked for translation (UI and letters).

Translate with `_()` for the interface or `gettext_for(lang, …)` for a letter.
"""

from __future__ import annotations

from safehaven.i18n import N_

SERVICE_LABELS: dict[str, str] = {
    "safehouse": N_("Safe house / shelter"),
    "health": N_("Health / medical care"),
    "psychosocial": N_("Psychosocial support / counselling"),
    "police": N_("Police / law enforcement"),
    "legal": N_("Legal assistance"),
    "livelihoods": N_("Livelihoods"),
    "child_protection": N_("Child protection"),
    "family_mediation": N_("Family mediation"),
    "family_reunification": N_("Family reunification"),
    "education": N_("Education"),
    "nfi": N_("Clothes, shoes and other items"),
    "water_sanitation": N_("Water and sanitation"),
    "registration": N_("Registration"),
    "food": N_("Food"),
    "immigration": N_("Immigration / T visa"),
    "employment": N_("Employment / job placement"),
    "identity_documents": N_("Identity documents"),
    "interpretation": N_("Interpretation"),
    "transportation": N_("Transportation"),
    "hotline": N_("Hotline / crisis line"),
    "other": N_("Other service"),
}
URGENCY_LABELS = {
    "high": N_("High"),
    "medium": N_("Medium"),
    "low": N_("Low"),
    "no_action": N_("No action needed"),
}
REASON_LABELS = {
    "additional_services": N_("Additional services required"),
    "relocation": N_("Migration or change of location"),
    "other": N_("Other reason"),
}
TIMEFRAME_LABELS = {
    "1h": N_("Within 1 hour"),
    "3h": N_("Within 3 hours"),
    "1d": N_("Within 1 day"),
    "3d": N_("Within 3 days"),
}
STATUS_LABELS = {
    "draft": N_("Draft"),
    "sent": N_("Sent"),
    "accepted": N_("Accepted"),
    "declined": N_("Declined"),
    "completed": N_("Completed"),
    "withdrawn": N_("Withdrawn"),
}
DECLINE_LABELS = {
    "no_capacity": N_("No capacity"),
    "not_eligible": N_("Not eligible"),
    "survivor_did_not_attend": N_("The survivor did not attend"),
    "unavailable": N_("Service not available"),
    "other": N_("Other reason"),
}
OUTCOME_LABELS = {
    "provided_in_house": N_("Service provided by our own organization"),
    "already_received": N_("Already received elsewhere"),
    "declined_by_survivor": N_("Declined by the survivor"),
    "unavailable": N_("Service unavailable"),
}
FIELD_LABELS = {
    "chosen_name": N_("Name"),
    "pronouns": N_("Pronouns"),
    "legal_name": N_("Legal name"),
    "date_of_birth": N_("Date of birth"),
    "age": N_("Age"),
    "gender": N_("Gender"),
    "languages": N_("Languages"),
    "interpreter_needed": N_("Interpreter needed"),
    "country_of_origin": N_("Country of origin"),
    "phone": N_("Phone"),
    "email": N_("Email"),
    "address": N_("Address"),
    "safe_contact": N_("Safe way to contact"),
    "case_number": N_("Our case number"),
}
GENDER_LABELS = {
    "female": N_("Female"),
    "male": N_("Male"),
    "transgender": N_("Transgender"),
    "non_binary": N_("Non-binary"),
    "another": N_("Another gender"),
    "doesnt_know": N_("Doesn't know"),
    "prefers_not_to_answer": N_("Prefers not to answer"),
}
ORG_TYPE_LABELS = {
    "ngo": N_("Non-governmental organization"),
    "hotline": N_("Hotline"),
    "legal_service": N_("Legal service"),
    "health_service": N_("Health service"),
    "law_enforcement": N_("Law enforcement"),
    "government": N_("Government"),
    "immigration_service": N_("Immigration service"),
    "faith_based": N_("Faith-based organization"),
    "education": N_("School or college"),
    "employment": N_("Employment program"),
    "corporate": N_("Business"),
    "other": N_("Other"),
}
SCOPE_LABELS = {
    "international": N_("International"),
    "national": N_("National"),
    "state": N_("State"),
    "local": N_("Local"),
}
TASK_KIND_LABELS = {
    "referral_follow_up": N_("Referral follow-up"),
    "reunification_follow_up": N_("Reunification follow-up"),
    "retention_check": N_("Retention check"),
    "consent_expiry": N_("Consent expires"),
    "intake_resume": N_("Resume intake"),
    "protocol_step": N_("Protocol step"),
    "training_review": N_("Review a screening (training)"),
    "other": N_("Other task"),
}
IMPORT_ERRORS = {
    "malformed": N_("The file is not a readable CSV file."),
    "empty": N_("The file is empty."),
    "too_many_rows": N_("The file has too many rows."),
    "too_large": N_("The file is too large."),
    "not_utf8": N_("The file is not UTF-8 text. Save it as \u201cCSV UTF-8\u201d and retry."),
    "unknown_column": N_("Unknown column."),
    "repeated_column": N_("This column appears twice."),
    "missing_column": N_("This column is required."),
    "wrong_number_of_cells": N_("This row has a different number of cells than the header."),
    "not_yes_no": N_("Write yes or no."),
    "not_a_date": N_("Write the date as YYYY-MM-DD."),
    "duplicate_in_file": N_("This organization appears twice in the file."),
    "duplicate_existing": N_("This organization is already in the directory."),
    "required": N_("This field is required."),
    "too_long": N_("This is too long."),
    "unknown_choice": N_("Unknown code."),
    "not_language_code": N_("Use two- or three-letter language codes, such as es."),
    "not_iso_code": N_("Use a two-letter country code, such as MX."),
    "invalid": N_("This does not look right."),
    "out_of_range": N_("This date is out of range."),
}
