"""`safehaven letter`: print a referral letter to a PDF file, through the same consent gate and
audit as the window. An existing file is never overwritten unless --force is given; the file is
written atomically (temporary file in the same folder, fsync, rename)."""

from __future__ import annotations

import argparse
from pathlib import Path

from safehaven.cli.arguments import read_secret_file, record_id
from safehaven.cli.common import CliError, add_user, signed_in_user
from safehaven.services.referrals.letters import LANGUAGES, build_letter
from safehaven.storage.files import write_atomic


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("letter", help="write a referral letter (PDF) for one referral")
    add_user(p)
    p.add_argument("--referral", type=record_id, required=True, help="referral id")
    p.add_argument("--out", type=Path, required=True, help="PDF file to write")
    p.add_argument("--language", choices=LANGUAGES, default="en")
    p.add_argument(
        "--fields",
        default=None,
        help="comma list of client fields to include (default: every consented field)",
    )
    p.add_argument("--override-reason", default=None, help="supervisors: why consent is overridden")
    p.add_argument("--pdf-password-file", type=Path, help="encrypt the PDF (AES-256) with this")
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p.set_defaults(func=run_letter)


def run_letter(args: argparse.Namespace) -> int:
    out: Path = args.out
    if out.exists() and not args.force:
        raise CliError(f"{out} already exists; use --force to replace it")
    if not out.parent.is_dir():
        raise CliError(f"the folder {out.parent} does not exist")
    pdf_password = _read_pdf_password(args.pdf_password_file)
    fields = [f.strip() for f in args.fields.split(",") if f.strip()] if args.fields else None
    with signed_in_user(args) as signed, signed.vault.session() as session:
        result = build_letter(
            session,
            actor=signed.actor,
            referral_id=args.referral,
            purpose="save",
            fields=fields,
            language=args.language,
            override_reason=args.override_reason,
            channel="cli",
            pdf_password=pdf_password,
        )
    try:
        write_atomic(out, result.pdf)
    except OSError as exc:
        raise CliError(f"cannot write {out}: {exc.strerror}") from None
    included = ", ".join(result.fields) or "none"
    print(f"Letter {result.reference} written to {out} (client fields: {included}).")
    return 0


def _read_pdf_password(path: Path | None) -> str | None:
    if path is None:
        return None
    text = read_secret_file(path, what="the PDF password file")
    if not text:
        raise CliError(f"{path} is empty")
    return text
