"""`safehaven gui`: the desktop application (the default command)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from safehaven.cli.common import CliError, add_data_dir, data_dir


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("gui", help="open the desktop application (default)")
    add_data_dir(p)
    p.add_argument(
        "--profile",
        type=Path,
        help="sign in to the office server of this connection profile (office.json)",
    )
    p.set_defaults(func=run)


def display_available() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    if os.environ.get("QT_QPA_PLATFORM", "").startswith(("offscreen", "minimal", "vnc")):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run(args: argparse.Namespace) -> int:
    if not display_available():
        raise CliError(
            "no display is available to open the window; try `make demo` on a desktop, or the "
            "command line (`safehaven --help`)"
        )
    profile = None
    if getattr(args, "profile", None) is not None:
        from safehaven.services.office.sign_in import choice_for
        from safehaven.storage.postgres.errors import OfficeSetupFailed

        try:
            profile = choice_for(args.profile)
        except OfficeSetupFailed:
            raise CliError(f"cannot read the connection profile {args.profile}") from None
    from safehaven.app import run_app

    return int(run_app(data_dir(args), profile))
