"""Sentences about referrals that the windows show (consent refusals, statuses)."""

from __future__ import annotations

from safehaven.i18n import N_, _

CONSENT_PROBLEMS = {
    "none": N_(
        "No consent to share with this organization or for this service is on file. Record the "
        "survivor's consent on the Consent tab first."
    ),
    "refused": N_("The survivor refused consent to share with this organization or service."),
    "expired": N_("The survivor's consent for this referral has expired. Ask again and record it."),
    "withdrawn": N_("The survivor withdrew consent for this referral."),
}


def consent_problem_text(reason: str) -> str:
    return _(CONSENT_PROBLEMS.get(reason, CONSENT_PROBLEMS["none"]))
