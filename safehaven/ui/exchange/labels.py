"""How a partner's verification state reads on screen."""

from __future__ import annotations

from babel.dates import format_date

from safehaven.i18n import _, current_language
from safehaven.services.exchange.partners import PartnerRow


def partner_state(partner: PartnerRow | None) -> str:
    if partner is None:
        return _("No key card: import this organization's key card before sending securely.")
    if partner.verified_at is None:
        return _("Not verified: compare the safety number by phone before sending.")
    day = format_date(partner.verified_at.date(), format="long", locale=current_language())
    return _("Verified by phone on {date} by {name}.").format(
        date=day, name=partner.verified_by or "?"
    )
