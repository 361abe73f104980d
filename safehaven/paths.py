"""Where SafeHaven keeps things: the vault folder, logs, bundled resources."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "SafeHaven"
ENV_HOME = "SAFEHAVEN_HOME"


def default_data_dir() -> Path:
    """The vault folder: `SAFEHAVEN_HOME` if set, else the platform's user data folder."""
    override = os.environ.get(ENV_HOME)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    """The platform's log folder (never inside the vault, and never holding personal data)."""
    override = os.environ.get("SAFEHAVEN_LOG_DIR")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def state_dir() -> Path:
    """Where window sizes are remembered (`SAFEHAVEN_STATE_DIR` to override); no personal data."""
    override = os.environ.get("SAFEHAVEN_STATE_DIR")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))


def resource_root() -> Path:
    """The `resources/` folder, in the source tree or inside a frozen bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(name: str) -> Path:
    """Path of a bundled resource file, e.g. `resource("intake/bank.json")`."""
    return resource_root() / name
