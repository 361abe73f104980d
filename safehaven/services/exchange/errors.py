"""Typed failures of the exchange. `code` names the reason; safehaven.exchange_messages words it."""

from __future__ import annotations

from safehaven.services.errors import DomainError

# Reasons a received file is refused, in the order they are checked.
REFUSALS = (
    "not_a_package",
    "unknown_sender",
    "unverified_sender",
    "bad_signature",
    "wrong_recipient",
    "cannot_decrypt",
    "not_fhir",
    "replayed",
    "expired",
    "from_future",
    "unknown_referral",
)


class ExchangeFailure(DomainError):
    """Base of the exchange's expected failures."""


class ExchangeError(ExchangeFailure):
    """`code`: a refusal (REFUSALS) or no_identity, keys_restricted, identity_exists, no_partner,
    partner_unverified, card_invalid, own_card, card_in_use, not_incoming…"""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code, detail)
        self.code = code
        self.detail = detail  # a field name or a short technical reason; never personal data


class HsdsRejected(ExchangeFailure):
    """An HSDS file refused as a whole: `errors` are (record, field, code), nothing imported."""

    def __init__(self, errors: tuple[tuple[str, str, str], ...]) -> None:
        super().__init__(len(errors))
        self.errors = errors
