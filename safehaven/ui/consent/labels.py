"""Words for the consent codes, marked for translation (shown with `ui.messages.label`)."""

from __future__ import annotations

from safehaven.i18n import N_

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
