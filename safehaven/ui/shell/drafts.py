"""Unsaved work: asking before a changed page is left, and drafts held across a lock.

A page or case tab tells what is unsaved through `pending_changes()` (pages.py). Leaving it asks
Save / Discard / Stay. Locking keeps the pending changes of the page on show **in memory only**
(never in the vault or a file); the same person unlocking gets the same page and draft back,
anyone else unlocking, or quitting, drops them.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QMessageBox, QWidget

from safehaven.i18n import _
from safehaven.ui.pages import PageWidget


@dataclass(frozen=True)
class HeldDrafts:
    user_id: int
    page_key: str
    client_id: int | None  # the case on show, when it was the case page
    changes: object | None


def may_leave(page: QWidget | None, parent: QWidget) -> bool:
    """True when `page` has nothing unsaved, or the user saved or discarded it."""
    if not isinstance(page, PageWidget) or page.pending_changes() is None:
        return True
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("Unsaved changes"))
    box.setText(_("This page has changes that are not saved."))
    box.setInformativeText(_("Save them before leaving, discard them, or stay on this page?"))
    save = box.addButton(_("&Save"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(_("&Discard"), QMessageBox.ButtonRole.DestructiveRole)
    stay = box.addButton(_("S&tay"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(stay)
    box.setEscapeButton(stay)
    box.setObjectName("unsavedChanges")
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return page.save_changes()
    if clicked is discard:
        page.discard_changes()
        return True
    return False


def hold(page: QWidget | None, *, user_id: int, page_key: str) -> HeldDrafts:
    """What to give back after the same person unlocks (taken just before the pages go)."""
    changes = None
    client_id = None
    if isinstance(page, PageWidget):
        changes = page.pending_changes()
        client_id = getattr(page, "client_id", None)
    return HeldDrafts(user_id, page_key, client_id, changes)
