"""The `safehaven` command line. No Qt is imported unless the window is launched.

Exit codes: 0 ok, 1 expected failure (one human line on stderr), 2 usage error.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from typing import Any

from safehaven import __version__
from safehaven.cli.arguments import TextError, undecodable_argument
from safehaven.cli.common import CliError
from safehaven.logs import setup_logging
from safehaven.messages import describe, is_expected

# Each module has `register(subparsers)`; its subparsers set `func(args) -> int`.
COMMAND_MODULES: tuple[str, ...] = (
    "safehaven.cli.gui",
    "safehaven.cli.vault_cmds",
    "safehaven.cli.users",
    "safehaven.cli.backup",
    "safehaven.cli.letter",
    "safehaven.cli.export",
    "safehaven.cli.keys",
    "safehaven.cli.exchange",
    "safehaven.cli.office",
)

log = logging.getLogger("safehaven.cli")


class _Parser(argparse.ArgumentParser):
    """Exit 2 on usage errors; no abbreviated options (`--password` must never mean a file)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"safehaven: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="safehaven", description="SafeHaven case management")
    parser.add_argument("--version", action="version", version=f"SafeHaven {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not args_list or args_list[0].startswith("--data-dir"):
        args_list = ["gui", *args_list]
    args = parser.parse_args(args_list)
    if (bad := undecodable_argument(args)) is not None:
        parser.error(f"the value of {bad.replace('_', '-')} is not valid UTF-8 text")
    setup_logging()
    try:
        return int(args.func(args))
    except (CliError, TextError) as exc:
        print(f"safehaven: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("safehaven: interrupted", file=sys.stderr)
        return 1
    except Exception as exc:
        if is_expected(exc):
            log.info("command failed: %s", type(exc).__name__)
            print(f"safehaven: {describe(exc)}", file=sys.stderr)
            return 1
        log.exception("unexpected error in command %s", args.command)
        print(
            f"safehaven: unexpected error ({type(exc).__name__}); details are in the log file",
            file=sys.stderr,
        )
        return 1
