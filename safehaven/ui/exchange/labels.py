"""How a partner's verification state reads on screen."""

from __future__ import annotations

from safehaven.i18n import _
from safehaven.services.exchange.partners import PartnerRow
from safehaven.ui.widgets.dates import date_text


def partner_state(partner: PartnerRow | None) -> str:
    if partner is None:
        return _("No key card: import this organization's key card before sending securely.")
    if partner.verified_at is None:
        return _("Not verified: compare the safety number by phone before sending.")
    return _("Verified by phone on {date} by {name}.").format(
        date=date_text(partner.verified_at), name=partner.verified_by or "?"
    )
