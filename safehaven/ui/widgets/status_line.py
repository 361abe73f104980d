"""The one-line status under a tab's tables: what just happened, or why it could not."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtWidgets import QLabel

from safehaven.services.errors import ValidationFailed
from safehaven.ui.context import UiContext
from safehaven.ui.messages import explain
from safehaven.ui.style import ERROR, MUTED
from safehaven.ui.widgets.form_inputs import validation_text

T = TypeVar("T")


def say(status: QLabel, text: str, *, error: bool = False) -> None:
    status.setStyleSheet(f"color:{ERROR}" if error else f"color:{MUTED}")
    status.setText(text)


def run_reporting(
    ctx: UiContext, call: Callable[[Any], T], status: QLabel, label: Callable[[str], str]
) -> T | None:
    """Run one service call in a session; a refused field list or any failure is said in
    `status` (fields named with `label`) and the result is None."""
    try:
        with ctx.vault.session() as session:
            return call(session)
    except ValidationFailed as exc:
        say(status, validation_text(exc.errors, label), error=True)
    except Exception as exc:
        say(status, explain(exc), error=True)
    return None
