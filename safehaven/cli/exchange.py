"""`safehaven exchange`: key card, partners, sending and opening referral packages, status
files, and the directory in Open Referral HSDS 3.0. Output names ids, codes and field names,
never a client's details."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from safehaven.cli.common import CliError, add_user, signed_in_anywhere
from safehaven.services.exchange.cards import card_file, card_pdf
from safehaven.services.exchange.hsds import export_hsds, import_hsds
from safehaven.services.exchange.identity import (
    OrganizationCard,
    create_organization_identity,
    export_age_identity,
    our_card,
)
from safehaven.services.exchange.incoming import list_incoming
from safehaven.services.exchange.packages import send_package
from safehaven.services.exchange.partners import (
    get_partner,
    import_partner_card,
    list_partners,
    verify_partner,
)
from safehaven.services.exchange.receive import open_received_file
from safehaven.services.exchange.status import respond_to_referral
from safehaven.storage.files import write_atomic


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("exchange", help="referrals between organizations (signed, encrypted)")
    cmds = p.add_subparsers(dest="exchange_command", required=True)
    _card(cmds)
    _partner(cmds)
    send = cmds.add_parser("send", help="write a referral package for a partner")
    add_user(send, office=True)
    send.add_argument("--referral", type=int, required=True, help="referral id")
    send.add_argument("--out", type=Path, required=True, help="folder to write the package into")
    send.add_argument("--fields", default=None, help="comma list of client fields to include")
    send.add_argument("--override-reason", default=None, help="supervisors: consent override")
    send.add_argument(
        "--confirm-unverified",
        action="store_true",
        help="send although the partner's safety number is not verified",
    )
    send.set_defaults(func=run_send)
    opened = cmds.add_parser("open", help="open a received package or status file")
    add_user(opened, office=True)
    opened.add_argument("file", type=Path)
    opened.set_defaults(func=run_open)
    _status(cmds)
    _directory(cmds)


def _card(cmds: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    card = cmds.add_parser("card", help="show or save this organization's key card")
    add_user(card, office=True)
    card.add_argument("--create", action="store_true", help="administrators: make the keys once")
    card.add_argument("--out", type=Path, help="write the .shcard file")
    card.add_argument("--pdf", type=Path, help="write the printable key card")
    card.add_argument(
        "--export-identity",
        type=Path,
        help="administrators: write the age secret key (for the age tool)",
    )
    card.set_defaults(func=run_card)


def _partner(cmds: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    partner = cmds.add_parser("partner", help="partners' key cards")
    pcmds = partner.add_subparsers(dest="partner_command", required=True)
    add = pcmds.add_parser("add", help="import a partner's .shcard onto a directory entry")
    add_user(add, office=True)
    add.add_argument("--organization", type=int, required=True, help="directory entry id")
    add.add_argument("card", type=Path)
    add.set_defaults(func=run_partner_add)
    verify = pcmds.add_parser("verify", help="record the safety number compared by phone")
    add_user(verify, office=True)
    verify.add_argument("--organization", type=int, required=True)
    verify.add_argument("--safety-number", required=True, help="the 60 digits as read aloud")
    verify.set_defaults(func=run_partner_verify)
    listing = pcmds.add_parser("list", help="partners and their verification")
    add_user(listing, office=True)
    listing.set_defaults(func=run_partner_list)


def _status(cmds: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    st = cmds.add_parser("status", help="list received referrals, or answer one")
    add_user(st, office=True)
    st.add_argument("--incoming", type=int, help="received referral id")
    action = st.add_mutually_exclusive_group()
    action.add_argument("--accept", action="store_true")
    action.add_argument("--decline", metavar="REASON")
    action.add_argument("--appointment", metavar="YYYY-MM-DDTHH:MM")
    action.add_argument("--complete", action="store_true")
    st.add_argument("--link-client", type=int, help="accept onto this existing client")
    st.add_argument("--out", type=Path, help="folder to write the status file into")
    st.set_defaults(func=run_status)


def _directory(cmds: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    d = cmds.add_parser("directory", help="the directory as Open Referral HSDS 3.0 JSON")
    add_user(d, office=True)
    d.add_argument("action", choices=("export", "import"))
    d.add_argument("file", type=Path)
    d.set_defaults(func=run_directory)


def _write(path: Path, data: bytes) -> None:
    if path.exists():
        raise CliError(f"{path} already exists")
    if not path.parent.is_dir():
        raise CliError(f"the folder {path.parent} does not exist")
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise CliError(f"cannot write {path}: {exc.strerror}") from None


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror}") from None


def _print_card(card: OrganizationCard) -> None:
    print(f"Organization: {card.name}")
    print(f"Fingerprint:  {card.fingerprint}")
    print(f"Safety number: {card.safety_number}")


def run_card(args: argparse.Namespace) -> int:
    with signed_in_anywhere(args) as signed, signed.vault.session() as session:
        actor = signed.actor
        if args.create:
            create_organization_identity(session, actor=actor)
        card = our_card(session, actor=actor)
        secret = export_age_identity(session, actor=actor) if args.export_identity else None
    _print_card(card)
    if args.out:
        _write(args.out, card_file(card))
    if args.pdf:
        _write(args.pdf, card_pdf(card))
    if secret is not None:
        _write(args.export_identity, (secret + "\n").encode("ascii"))
        args.export_identity.chmod(0o600)
    return 0


def run_partner_add(args: argparse.Namespace) -> int:
    data = _read(args.card)
    with signed_in_anywhere(args) as signed, signed.vault.session() as session:
        result = import_partner_card(
            session, actor=signed.actor, organization_id=args.organization, data=data
        )
    print(f"Partner card {result.outcome} for organization {args.organization}; unverified.")
    print(f"Compare by phone: {result.partner.safety_number}")
    return 0


def run_partner_verify(args: argparse.Namespace) -> int:
    typed = "".join(ch for ch in args.safety_number if ch.isdigit())
    with signed_in_anywhere(args) as signed, signed.vault.session() as session:
        partner = get_partner(session, actor=signed.actor, organization_id=args.organization)
        if partner is None:
            raise CliError(f"organization {args.organization} has no partner key card")
        if typed != partner.safety_number.replace(" ", ""):
            raise CliError("the safety number does not match this partner's card; not verified")
        verify_partner(
            session,
            actor=signed.actor,
            organization_id=args.organization,
            fingerprint=partner.fingerprint,
        )
    print(f"Partner {args.organization} verified by phone.")
    return 0


def run_partner_list(args: argparse.Namespace) -> int:
    with signed_in_anywhere(args) as signed, signed.vault.session() as session:
        rows = list_partners(session, actor=signed.actor)
    for r in rows:
        state = (
            f"verified {r.verified_at:%Y-%m-%d} by {r.verified_by}"
            if r.verified_at
            else "unverified"
        )
        print(f"{r.organization_id}\t{r.organization_name}\t{state}\t{r.safety_number}")
    return 0


def run_send(args: argparse.Namespace) -> int:
    fields = [f.strip() for f in args.fields.split(",") if f.strip()] if args.fields else None
    with signed_in_anywhere(args) as signed, signed.vault.session() as session:
        sent = send_package(
            session,
            actor=signed.actor,
            referral_id=args.referral,
            folder=args.out,
            fields=fields,
            override_reason=args.override_reason,
            confirm_unverified=args.confirm_unverified,
            channel="cli",
        )
    shared = ", ".join(sent.fields) or "none"
    print(f"Package written to {sent.path} ({sent.size} bytes; client fields: {shared}).")
    return 0


def run_open(args: argparse.Namespace) -> int:
    data = _read(args.file)
    with signed_in_anywhere(args) as signed, signed.vault.session() as session:
        opened = open_received_file(session, actor=signed.actor, data=data)
    if opened.incoming is not None:
        names = ", ".join(f for f, _v in opened.incoming.shared) or "none"
        print(
            f"Referral {opened.incoming.sender_reference} received from "
            f"{opened.partner.organization_name}: incoming id {opened.incoming.id} "
            f"(shared fields: {names})."
        )
    elif opened.status is not None:
        moved = "applied" if opened.status.applied else "already known; nothing moved"
        print(
            f"Status {opened.status.status} for referral {opened.status.referral_id}: {moved}; "
            f"the referral is now {opened.status.referral_status}."
        )
    return 0


def run_status(args: argparse.Namespace) -> int:
    action = _action(args)
    if action is None:
        with signed_in_anywhere(args) as signed, signed.vault.session() as session:
            rows = list_incoming(session, actor=signed.actor)
        for r in rows:
            print(f"{r.id}\t{r.partner_name}\t{r.sender_reference}\t{r.service_type}\t{r.status}")
        return 0
    if args.incoming is None or args.out is None:
        raise CliError("answering needs --incoming ID and --out FOLDER")
    when = _when(args.appointment) if action == "appointment" else None
    with signed_in_anywhere(args) as signed, signed.vault.session() as session:
        sent = respond_to_referral(
            session,
            actor=signed.actor,
            incoming_id=args.incoming,
            action=action,
            folder=args.out,
            link_client_id=args.link_client,
            decline_reason=args.decline,
            appointment_at=when,
        )
    client = f"; client {sent.client_id}" if sent.client_id else ""
    print(f"Referral {args.incoming} {sent.status}{client}. Status file: {sent.path}")
    return 0


def _action(args: argparse.Namespace) -> str | None:
    if args.accept:
        return "accept"
    if args.decline:
        return "decline"
    if args.appointment:
        return "appointment"
    return "complete" if args.complete else None


def _when(text: str) -> dt.datetime:
    try:
        at = dt.datetime.fromisoformat(text)
    except ValueError:
        raise CliError(f"{text} is not a date and time like 2026-12-24T10:30") from None
    return at.astimezone(dt.UTC) if at.tzinfo is None else at


def run_directory(args: argparse.Namespace) -> int:
    if args.action == "export":
        with signed_in_anywhere(args) as signed, signed.vault.session() as session:
            data = export_hsds(session, actor=signed.actor)
        _write(args.file, data)
        print(f"Directory written to {args.file} (Open Referral HSDS 3.0).")
        return 0
    data = _read(args.file)
    with signed_in_anywhere(args) as signed, signed.vault.session() as session:
        count = import_hsds(session, actor=signed.actor, data=data)
    print(f"{count} organizations imported.")
    return 0
