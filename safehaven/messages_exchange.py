"""Human sentences for the exchange's refusals and problems (one per reason code)."""

from __future__ import annotations

from safehaven.i18n import N_, _
from safehaven.services.exchange.errors import ExchangeError, ExchangeFailure, HsdsRejected

EXCHANGE_MESSAGES: dict[str, str] = {
    "not_a_package": N_(
        "This is not a SafeHaven exchange file, or it is damaged. Nothing was stored."
    ),
    "unknown_sender": N_(
        "This file comes from an organization that is not one of your partners. "
        "Import its key card first. Nothing was stored."
    ),
    "unverified_sender": N_(
        "This file comes from a partner whose safety number has not been "
        "verified by phone. Verify it first. Nothing was stored."
    ),
    "bad_signature": N_(
        "The signature of this file does not match: it was changed after it was "
        "sent, or it was not made by the partner it names. Nothing was stored."
    ),
    "wrong_recipient": N_(
        "This file is addressed to another organization, not to yours. Nothing was stored."
    ),
    "cannot_decrypt": N_(
        "This file cannot be decrypted with your organization's key. Nothing was stored."
    ),
    "not_fhir": N_(
        "The content of this file is not a valid referral or status. Nothing was stored."
    ),
    "replayed": N_(
        "This file was already opened once; it is not applied again. Nothing was stored."
    ),
    "expired": N_(
        "This file is older than the allowed window; ask the sender for a new one. "
        "Nothing was stored."
    ),
    "from_future": N_(
        "This file is dated in the future; check the computer clocks. Nothing was stored."
    ),
    "unknown_referral": N_(
        "This status is about a referral this organization did not send to "
        "that partner, or about a case you cannot open. Nothing was stored."
    ),
    "no_identity": N_(
        "Your organization has no exchange keys yet. "
        "An administrator creates them once (Exchange keys)."
    ),
    "identity_exists": N_("Your organization already has exchange keys."),
    "keys_restricted": N_(
        "Your sign-in cannot use the organization's exchange keys yet. Ask an administrator "
        "to reset your password, then sign in again. Nothing was stored."
    ),
    "no_partner": N_(
        "The receiving organization has no key card in your directory. Import its key card first."
    ),
    "partner_unverified": N_(
        "The safety number of this partner was not verified by phone. Confirm "
        "that you want to send anyway."
    ),
    "card_invalid": N_("This is not a valid SafeHaven key card ({detail})."),
    "own_card": N_("This is your own organization's key card."),
    "card_in_use": N_("This key card already belongs to another organization in your directory."),
    "card_changed": N_("The partner's key card changed meanwhile; compare the new safety number."),
    "no_folder": N_("The chosen folder does not exist."),
    "file_exists": N_("A file with this name already exists in the chosen folder."),
}


def describe_exchange(exc: ExchangeFailure) -> str:
    if isinstance(exc, HsdsRejected):
        first = "; ".join(f"{r} {f or '-'}: {c}" for r, f, c in exc.errors[:5])
        return _(
            "The directory file was refused and nothing was imported ({count} problems: {first})."
        ).format(count=len(exc.errors), first=first)
    if isinstance(exc, ExchangeError) and exc.code in EXCHANGE_MESSAGES:
        return _(EXCHANGE_MESSAGES[exc.code]).format(detail=exc.detail)
    return _("The exchange failed ({kind}).").format(kind=type(exc).__name__)
