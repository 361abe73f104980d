"""`safehaven export`: a de-identified export of one fixed period (tables.csv, summary.pdf,
manifest.json). A free-form or malformed period is a usage error (exit 2) naming the forms."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy.orm import Session

from safehaven.cli.arguments import folder_path
from safehaven.cli.common import CliError, add_user, signed_in_user
from safehaven.i18n import available_languages
from safehaven.models.period import ACCEPTED_FORMS, Period, PeriodFormatError, parse_period
from safehaven.services import settings as settings_service
from safehaven.services.accounts.accounts import SignedIn
from safehaven.services.disclosure.policy import DEFAULT_POLICY
from safehaven.services.reports import reports


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("export", help="write a de-identified export of one fixed period")
    add_user(p)
    p.add_argument(
        "--period",
        required=True,
        type=period_arg,
        help="a fixed period: " + ", ".join(ACCEPTED_FORMS),
    )
    p.add_argument(
        "--out", required=True, type=folder_path, help="an empty folder (made when missing)"
    )
    p.add_argument("--policy", default=DEFAULT_POLICY, help="export policy name")
    p.add_argument(
        "--language",
        choices=available_languages(),
        default=None,
        help="language of the table titles and the PDF (default: the vault's language setting)",
    )
    p.set_defaults(func=run_export)


def period_arg(text: str) -> Period:
    try:
        return parse_period(text)
    except PeriodFormatError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a fixed period; use a quarter (2026-Q1), "
            "a half-year (2026-H1) or a year (2026)"
        ) from None


def run_export(args: argparse.Namespace) -> int:
    out: Path = args.out
    if out.is_dir() and any(out.iterdir()):
        raise CliError(f"{out} is not empty; give an empty or new folder")
    made = not out.exists()
    if made:
        try:
            out.mkdir(parents=True)
        except OSError as exc:
            raise CliError(f"cannot make {out}: {exc.strerror or type(exc).__name__}") from None
    try:
        with signed_in_user(args) as signed:
            with signed.vault.session() as session:
                language = args.language or str(settings_service.get_setting(session, "language"))
            with signed.vault.session() as session:
                result = _export(session, signed, args, out, language)
    except BaseException:
        if made and out.is_dir() and not any(out.iterdir()):
            out.rmdir()  # nothing was written: no empty folder is left behind
        raise
    print(
        f"Export {result.export_id} for {result.period} written to {result.folder}: "
        f"{', '.join(result.files)} ({result.primary_suppressed} small numbers hidden, "
        f"{result.complementary_suppressed} more hidden to protect them)."
    )
    return 0


def _export(
    session: Session, signed: SignedIn, args: argparse.Namespace, out: Path, language: str
) -> reports.ExportResult:
    return reports.export_period(
        session,
        actor=signed.actor,
        period=args.period,
        out_dir=out,
        policy_name=args.policy,
        progress=_progress,
        head_signer=signed.vault.sign_audit_head,
        language=language,
    )


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty() and total:
        print(f"\raudit {done}/{total}", end="", file=sys.stderr, flush=True)
