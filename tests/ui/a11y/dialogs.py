"""Every dialog of the screen walk and how to build it over the walk's demo vault.

The demo vault gets one exchange partner first (`pin_partner`): a second real vault's card
pinned, and verified, on the directory organization of the first referral, so the send dialog
offers a partner. That second vault then has its key rotated, which gives the rotation dialog a
real result to show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from safehaven.demo import vault as demo
from safehaven.models.exchange import ExchangePartner
from safehaven.models.referral import Referral
from safehaven.services.accounts import accounts
from safehaven.services.exchange.partners import import_partner_card, verify_partner
from safehaven.services.office.sign_in import OfficeSignedIn
from safehaven.services.vault_ops.key_rotation import RotationResult, rotate_key
from safehaven.storage.postgres.profile import ConnectionProfile
from safehaven.storage.stores.office_store import OfficeStore
from safehaven.ui.context import UiContext
from tests.conftest import ADMIN_PASSWORD
from tests.services.exchange.helpers import card_bytes, make_vault
from tests.ui.a11y.walk import walk_client_id


@dataclass(frozen=True)
class WalkWorld:
    folder: Path  # the demo vault
    rotation: RotationResult  # of the partner's vault


def pin_partner(demo_folder: Path, partner_folder: Path) -> RotationResult:
    """Pin (and verify) a partner on the first referral's organization of the demo vault."""
    partner = make_vault(partner_folder, "Harbor Legal Clinic", track=False)
    card = card_bytes(partner)
    admin = accounts.sign_in(demo_folder, "admin", demo.DEMO_PASSWORD)
    try:
        with admin.vault.session() as s:
            first = select(Referral.organization_id).where(Referral.organization_id.is_not(None))
            org_id = s.execute(first.order_by(Referral.id).limit(1)).scalar_one()
        with admin.vault.session() as s:
            pinned = import_partner_card(s, actor=admin.actor, organization_id=org_id, data=card)
            fingerprint = pinned.partner.fingerprint
            verify_partner(s, actor=admin.actor, organization_id=org_id, fingerprint=fingerprint)
    finally:
        admin.vault.close()
    try:
        return rotate_key(
            partner.vault, actor=partner.admin, admin_password=ADMIN_PASSWORD, now=_now()
        )
    finally:
        partner.vault.close()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def partner_referral_id(ctx: UiContext) -> int:
    """A referral to the organization `pin_partner` gave a partner card."""
    query = (
        select(Referral.id)
        .join(ExchangePartner, ExchangePartner.organization_id == Referral.organization_id)
        .order_by(Referral.id)
        .limit(1)
    )
    with ctx.session() as session:
        return int(session.execute(query).scalar_one())


def _referral_dialog(cls: Any, ctx: UiContext, _world: WalkWorld) -> Any:
    """With an uncovered organization chosen: the consent notice and Record consent… show."""
    from safehaven.services.directory.directory import search_organizations

    with ctx.session() as session:
        organizations = search_organizations(session, actor=ctx.actor)
    dialog = cls(organizations, ctx=ctx, client_id=walk_client_id(ctx))
    dialog.organization.setCurrentIndex(1)
    return dialog


def _office_password_dialog(cls: Any, ctx: UiContext, _world: WalkWorld) -> Any:
    """Only the widget: the store's engine is made but never connects (nothing is submitted)."""
    from safehaven.ui.tasks import TaskRunner

    profile = ConnectionProfile("office.invalid", 5432, "safehaven", "")
    store = OfficeStore(profile, ctx.actor.username, "never sent")
    return cls(OfficeSignedIn(store, ctx.actor), TaskRunner())


def _choice_dialog(_cls: Any, _ctx: UiContext, _world: WalkWorld) -> Any:
    from safehaven.ui.referrals.referral_dialog import decline_dialog

    return decline_dialog(None)


Builder = Callable[[Any, UiContext, WalkWorld], Any]

# Dialogs (module:Class, how to build it); a few open the first client or a referral.
DIALOGS: dict[str, Builder] = {
    "safehaven.ui.cases.new_client_dialog:NewClientDialog": lambda cls, ctx, w: cls(ctx),
    "safehaven.ui.admin.users:UserDialog": lambda cls, ctx, w: cls(),
    "safehaven.ui.admin.users:TemporaryPasswordDialog": lambda cls, ctx, w: cls("casey", "x-y-z"),
    "safehaven.ui.admin.backup_dialogs:SecretDialog": lambda cls, ctx, w: cls(),
    "safehaven.ui.admin.backup_dialogs:RotationDialog": lambda cls, ctx, w: cls(w.rotation),
    "safehaven.ui.directory.directory_page:ImportErrorsDialog": lambda cls, ctx, w: cls(
        "line 2: name"
    ),
    "safehaven.ui.directory.organization_dialog:OrganizationDialog": lambda cls, ctx, w: cls(),
    "safehaven.ui.referrals.referral_dialog:ReferralDialog": _referral_dialog,
    "safehaven.ui.referrals.referral_dialog:ChoiceDialog": _choice_dialog,
    "safehaven.ui.referrals.letter_dialog:LetterDialog": lambda cls, ctx, w: cls(
        ctx, partner_referral_id(ctx)
    ),
    "safehaven.ui.exchange.send_dialog:SendDialog": lambda cls, ctx, w: cls(
        ctx, partner_referral_id(ctx)
    ),
    "safehaven.ui.exchange.incoming_panel:AcceptDialog": lambda cls, ctx, w: cls(),
    "safehaven.ui.exchange.incoming_panel:AppointmentDialog": lambda cls, ctx, w: cls(),
    "safehaven.ui.consent.record_form:RecordConsentDialog": lambda cls, ctx, w: cls(
        ctx, walk_client_id(ctx), organization_id=None, service_type="legal"
    ),
    "safehaven.ui.referrals.referral_dialog:OverrideDialog": lambda cls, ctx, w: cls(
        "consent_missing"
    ),
    "safehaven.ui.employment.employers_page:EmployerDialog": lambda cls, ctx, w: cls(None),
    "safehaven.ui.employment.employers_page:ProgramDialog": lambda cls, ctx, w: cls(None),
    "safehaven.ui.employment.dialogs:PlacementDialog": lambda cls, ctx, w: cls(
        None, employers=[], exploitation_sector=None
    ),
    "safehaven.ui.employment.dialogs:SeparationDialog": lambda cls, ctx, w: cls(None),
    "safehaven.ui.employment.dialogs:RetentionDialog": lambda cls, ctx, w: cls(None),
    "safehaven.ui.employment.dialogs:EnrollmentDialog": lambda cls, ctx, w: cls(None, []),
    "safehaven.ui.reunification.dialogs:FamilyContactDialog": lambda cls, ctx, w: cls(
        None, details_allowed=True
    ),
    "safehaven.ui.reunification.dialogs:ReunificationDialog": lambda cls, ctx, w: cls(None),
    "safehaven.ui.reunification.dialogs:FollowUpDialog": lambda cls, ctx, w: cls(None),
    "safehaven.ui.shell.pin_dialog:PinDialog": lambda cls, ctx, w: cls(),
    "safehaven.ui.keys.deactivate_dialog:DeactivateDialog": lambda cls, ctx, w: cls("casey"),
    "safehaven.ui.shell.office_password:OfficePasswordDialog": _office_password_dialog,
}
