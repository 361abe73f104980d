"""What a page of the main window and a tab of the case page are.

`Page` and `CaseTab` are the protocols the main window and the case page rely on: `refresh()`
when shown, `clear()` on lock (drop every piece of client data), `retranslate()` when the
language changes. The title, permission and shortcut live in the page's registry entry
(`ui/registry.py`), so the navigation can list pages before any is built.

`PageWidget` and `CaseTabWidget` are the bases every page and tab derives from: they declare the
signals the main window and the case page connect, and do nothing by default.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QWidget

from safehaven.ui.context import UiContext


class Page(Protocol):
    def refresh(self) -> None: ...
    def clear(self) -> None: ...
    def retranslate(self) -> None: ...


class CaseTab(Page, Protocol):
    pass


class _Shown(QWidget):
    def refresh(self) -> None:
        """Read what is shown again (the page or tab just came into view)."""

    def clear(self) -> None:
        """Drop every piece of client data (the window is locking)."""

    def retranslate(self) -> None:
        """Set every text again in the current language."""

    def pending_changes(self) -> object | None:
        """What the user typed and has not saved, or None. Held in memory only across a lock and
        given back by `restore_changes` when the same person unlocks."""
        return None

    def restore_changes(self, changes: object) -> None:
        """Put back what `pending_changes` returned."""

    def save_changes(self) -> bool:
        """Save what is pending; False when it could not be saved (the reason is on screen)."""
        return True

    def discard_changes(self) -> None:
        """Forget what is pending."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class PageWidget(_Shown):
    """Base of the main window's pages: `PageClass(ctx, parent=None)`."""

    open_case_requested = Signal(int)
    settings_saved = Signal(dict)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case_number = ""  # the case on show (the case page only): the window title names it


class CaseTabWidget(_Shown):
    """Base of the case page's tabs: `TabClass(ctx, client_id, parent=None)`."""

    saved = Signal(object)  # a ClientRow when the tab changed the case header's data

    def __init__(self, ctx: UiContext, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.client_id = client_id
