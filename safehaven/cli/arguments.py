"""Argument types and readers that turn odd input into one human sentence, before anything runs.

- ids beyond SQLite's 64-bit integers (`--referral 2**70`) are usage errors, not overflows;
- a `--data-dir` that is a file (or lies under one) is refused before a folder is made;
- an output file whose folder is a file, or that is itself a folder, is refused up front;
- names, passwords and secrets must be UTF-8 text: bytes that are not (in an argument, an
  environment variable or a password file) get a sentence. File *paths* may hold any bytes.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

MAX_ID = 2**63 - 1  # SQLite INTEGER
MAX_SECRET_BYTES = 4096  # a password or key file is small; /dev/zero is not


class TextError(Exception):
    """A secret or name that is not UTF-8 text (the message is ready for the user)."""


def record_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a record number") from None
    if not 1 <= value <= MAX_ID:
        raise argparse.ArgumentTypeError(f"record numbers run from 1 to {MAX_ID}")
    return value


def folder_path(text: str) -> Path:
    """A folder that exists, or could be made: nothing on the way is a file."""
    path = Path(text)
    for part in (path, *path.parents):
        if part.exists() and not part.is_dir():
            what = "is a file" if part == path else f"lies inside {part}, which is a file"
            raise argparse.ArgumentTypeError(f"{text} {what}, not a folder")
    return path


def new_file_path(text: str) -> Path:
    """A file to write: not a folder, and its folder exists."""
    path = Path(text)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is a folder; give a file name")
    parent = path.parent
    if not parent.is_dir():
        raise argparse.ArgumentTypeError(f"the folder {parent} does not exist")
    return path


def existing_file(text: str) -> Path:
    """A file to read that is not a folder, device or pipe (a missing one is the command's to
    report, in its own words)."""
    path = Path(text)
    if path.exists() and not path.is_file():
        raise argparse.ArgumentTypeError(f"{text} is not a regular file")
    return path


def backup_target(text: str) -> Path:
    """`backup --out`: a folder, or a new `.shbackup` file in an existing folder."""
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} already exists; give a new file name or a folder")
    return folder_path(text)


def undecodable_argument(args: argparse.Namespace) -> str | None:
    """The first option whose text value is not UTF-8 (Python keeps such bytes as surrogates)."""
    for name, value in sorted(vars(args).items()):
        values = value if isinstance(value, list) else [value]
        if any(isinstance(v, str) and not _is_text(v) for v in values):
            return name
    return None


def _is_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def env_text(name: str) -> str | None:
    value = os.environ.get(name)
    if value is not None and not _is_text(value):
        raise TextError(f"{name} is not valid UTF-8 text")
    return value


def read_secret_file(path: Path, *, what: str) -> str:
    """A password or key from a file: UTF-8 text, trailing newline removed."""
    try:
        with Path(path).open("rb") as fh:
            raw = fh.read(MAX_SECRET_BYTES + 1)
    except OSError as exc:
        raise TextError(f"cannot read {what} {path}: {exc.strerror}") from None
    if len(raw) > MAX_SECRET_BYTES:
        raise TextError(f"{what} {path} is too large to hold a password or key")
    try:
        return raw.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError:
        raise TextError(f"{what} {path} is not UTF-8 text; save it as UTF-8") from None
