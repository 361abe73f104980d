"""What every page and tab receives: the open vault, the signed-in actor, the task runner, and
`call`, the one way a window calls a service.

`ctx.call(fn, where=widget)` opens a session, runs `fn(session)` and returns its result. A failure
is turned into one translated sentence (`ui.messages.explain`; refused fields are named) and shown
where the user is looking: in `where` when it is a message line (a `Banner` or a `QLabel`),
otherwise in a message box over `where`; the result is then None. With `on_done`, the call runs
on the task runner instead (for anything that may be slow) and `on_done(result)` follows on
success (`on_failed(exc)`, after the failure is shown, lets the window undo a busy state).
`ctx.attempt(...)` is the same call for a service that returns nothing: it answers
whether the call went through. Exceptions listed in `passthrough` are raised for the caller to
handle on its own terms (e.g. offering a supervisor override when consent is missing); with
`on_done` they reach `on_failed` without being shown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from safehaven.messages import field_error
from safehaven.services.actor import Actor
from safehaven.services.errors import ValidationFailed
from safehaven.storage.vault import OpenVault
from safehaven.ui.a11y.announce import announce
from safehaven.ui.messages import explain
from safehaven.ui.style import ERROR
from safehaven.ui.tasks import TaskRunner
from safehaven.ui.widgets.banner import Banner
from safehaven.ui.widgets.form_inputs import validation_text

log = logging.getLogger(__name__)
T = TypeVar("T")
Label = Callable[[str], str]
Session = Any  # the open session a service takes (the UI never builds a query with it)
_SHOWN = "safehaven_failure_shown"
_STYLE = "safehaven_style_before_failure"


def failure_text(exc: BaseException, label: Label | None = None) -> str:
    """The sentence for a failed call; refused fields are named with `label` when given."""
    if isinstance(exc, ValidationFailed):
        if label is not None:
            return validation_text(exc.errors, label)
        return " ".join(field_error(code) for code in exc.errors.values())
    return explain(exc)


def survive(fn: Callable[[], T], *, what: str) -> T | Exception:
    """Run `fn`; a failure is logged (its type only) and returned instead of raised. For the few
    places where one broken part must not stop the rest: building a page or a tab, clearing on
    lock, the backup taken on closing."""
    try:
        return fn()
    except Exception as exc:  # the caller decides what a failure means; nothing is lost
        log.error("%s failed: %s", what, type(exc).__name__)
        return exc


def present(where: QWidget | None, text: str) -> None:
    """Say `text` where the user is looking (the one way a failure is shown)."""
    if isinstance(where, Banner):
        where.show_message(text)
    elif isinstance(where, QLabel):
        if not where.property(_SHOWN):
            where.setProperty(_STYLE, where.styleSheet())
        where.setStyleSheet(f"color:{ERROR}")
        where.setText(text)
        announce(where, text)
    else:
        QMessageBox.warning(where or QApplication.activeWindow(), "SafeHaven", text)
        return
    where.setProperty(_SHOWN, True)


def clear(where: QWidget | None) -> None:
    """Take back a failure `present` showed there (a success line someone else wrote stays)."""
    if where is None or not where.property(_SHOWN):
        return
    where.setProperty(_SHOWN, False)
    if isinstance(where, Banner):
        where.clear_message()
    elif isinstance(where, QLabel):
        where.clear()
        where.setStyleSheet(str(where.property(_STYLE) or ""))


@dataclass
class UiContext:
    vault: OpenVault
    actor: Actor
    runner: TaskRunner

    @property
    def store_kind(self) -> str:
        """ "vault" (this laptop's SQLCipher vault) or "office" (a PostgreSQL server): windows
        choose which pages and actions to offer by it; services never ask."""
        return self.vault.kind

    def session(self):  # type: ignore[no-untyped-def]
        """A fresh session for one user action (use as a context manager)."""
        return self.vault.session()

    def call(
        self,
        fn: Callable[[Session], T],
        *,
        where: QWidget | None,
        label: Label | None = None,
        passthrough: tuple[type[BaseException], ...] = (),
        on_done: Callable[[T], None] | None = None,
        on_failed: Callable[[BaseException], None] | None = None,
        writes: bool = False,
        title: str = "",
    ) -> T | None:
        """Run `fn(session)`; see the module text. Returns None when it failed or runs later."""
        if on_done is not None:
            self._call_later(fn, where, label, (on_done, on_failed), writes, title, passthrough)
            return None
        return self._call_now(fn, where, label, passthrough)[1]

    def attempt(
        self,
        fn: Callable[[Session], object],
        *,
        where: QWidget | None,
        label: Label | None = None,
        passthrough: tuple[type[BaseException], ...] = (),
    ) -> bool:
        """`call` for a service that returns nothing: True when it went through."""
        return self._call_now(fn, where, label, passthrough)[0]

    def _call_now(
        self,
        fn: Callable[[Session], T],
        where: QWidget | None,
        label: Label | None,
        passthrough: tuple[type[BaseException], ...],
    ) -> tuple[bool, T | None]:
        try:
            with self.vault.session() as session:
                result = fn(session)
        except passthrough:
            raise
        except Exception as exc:  # the one place a window's failed call is caught and shown
            present(where, failure_text(exc, label))
            return False, None
        clear(where)
        return True, result

    def _call_later(
        self,
        fn: Callable[[Session], T],
        where: QWidget | None,
        label: Label | None,
        then: tuple[Callable[[T], None], Callable[[BaseException], None] | None],
        writes: bool,
        title: str,
        passthrough: tuple[type[BaseException], ...] = (),
    ) -> None:
        """As `_call_now`, on the task runner; a `passthrough` failure goes to `on_failed`
        unshown, for the window to present on its own terms."""
        on_done, on_failed = then

        def job(_progress: Any, _cancelled: Any) -> T:
            with self.vault.session() as session:
                return fn(session)

        def done(result: T) -> None:
            clear(where)
            on_done(result)

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, passthrough):
                present(where, failure_text(exc, label))
            if on_failed is not None:
                on_failed(exc)

        self.runner.run(
            job,
            writes=writes,
            title=title,
            parent=where,
            show_progress=bool(title),
            on_done=done,
            on_error=failed,
        )
