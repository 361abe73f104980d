"""The main window: navigation, pages, status bar and lock actions. It composes; pages implement.

Pages come from `registry.PAGES` (only those the actor's roles allow) and are built when first
shown; each is a `pages.PageWidget`. `open_case(client_id)` shows `CASE_PAGE` (the case page).
The title is "<page> — SafeHaven" or "<case number> — SafeHaven", never a client's name.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import _
from safehaven.paths import APP_NAME
from safehaven.ui import registry
from safehaven.ui.a11y.focus import reach_toolbar
from safehaven.ui.cases.case_page import CasePage
from safehaven.ui.context import UiContext, survive
from safehaven.ui.icons import icon
from safehaven.ui.messages import role_list
from safehaven.ui.pages import PageWidget
from safehaven.ui.shell.drafts import HeldDrafts, hold, may_leave
from safehaven.ui.shell.lock import BlankScreen
from safehaven.ui.widgets.banner import Banner
from safehaven.ui.widgets.navigation import NavigationBar
from safehaven.ui.widgets.window_size import fit_to_screen

log = logging.getLogger(__name__)
CASE_PAGE: Callable[..., PageWidget] = CasePage  # (ctx, client_id, parent=...)


class MainWindow(QMainWindow):
    lock_requested = Signal()
    quick_hide_requested = Signal()
    pin_requested = Signal()
    password_requested = Signal()  # change my own password (offered on an office server)
    settings_saved = Signal(dict)

    def __init__(self, ctx: UiContext, *, demo: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx: UiContext | None = ctx
        self.demo = demo
        self.pages: dict[str, PageWidget | QLabel] = {}
        self.case_page: PageWidget | None = None
        self.current_key = ""
        self.lock_screen: BlankScreen | None = None
        self.case_shown = False  # the case page, not pages[current_key], is on show
        self.held: HeldDrafts | None = None  # unsaved work kept in memory across a lock
        self._build_ui()
        self._connect_signals()
        self._build_navigation()
        self._retranslate()

    # -- building -------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.toolbar = QToolBar(self)
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(self.toolbar)
        self.lock_action = QAction(icon("lock"), "", self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.hide_action = QAction(icon("eye-off"), "", self)
        self.hide_action.setShortcut(QKeySequence("Ctrl+Shift+H"))
        self.pin_action = QAction(icon("key-round"), "", self)
        self.pin_action.setVisible(False)
        self.password_action = QAction(icon("key-round"), "", self)
        self.password_action.setVisible(False)
        for action in (self.hide_action, self.lock_action, self.pin_action, self.password_action):
            self.toolbar.addAction(action)
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.demo_banner = Banner("demo", central)
        outer.addWidget(self.demo_banner)
        body = QHBoxLayout()
        self.navigation = NavigationBar(central)
        self.stack = QStackedWidget(central)
        self.blank = BlankScreen(parent=self.stack)
        self.stack.addWidget(self.blank)
        body.addWidget(self.navigation)
        body.addWidget(self.stack, 1)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)
        self.user_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.user_label)
        fit_to_screen(self, "main", QSize(1180, 760))

    def _connect_signals(self) -> None:
        self.lock_action.triggered.connect(self.lock_requested)
        self.hide_action.triggered.connect(self.quick_hide_requested)
        self.pin_action.triggered.connect(self.pin_requested)
        self.password_action.triggered.connect(self.password_requested)
        self.stack.currentChanged.connect(self._update_title)
        self.navigation.page_requested.connect(self.show_page)

    def _build_navigation(self) -> None:
        actor = self.ctx.actor if self.ctx else None
        kind = self.ctx.store_kind if self.ctx else "vault"
        self.specs = registry.available(registry.PAGES, actor.permissions, kind) if actor else []
        self.navigation.set_specs(self.specs)
        self.navigation.setVisible(bool(self.specs))

    def _retranslate(self) -> None:
        self.lock_action.setText(_("Lock"))
        self.lock_action.setToolTip(_("Lock now (Ctrl+L)"))
        self.hide_action.setText(_("Quick hide"))
        self.hide_action.setToolTip(_("Hide everything and lock (Esc Esc)"))
        self.pin_action.setText(_("Quick-unlock PIN…"))
        self.password_action.setText(_("Change my password…"))
        self.toolbar.setWindowTitle(_("Main toolbar"))
        self.toolbar.setAccessibleName(_("Main toolbar"))
        reach_toolbar(self.toolbar)
        self.navigation.retranslate()
        self.demo_banner.show_message(
            _("DEMO DATA — synthetic records for practice only") if self.demo and self.ctx else ""
        )
        if self.ctx is not None:
            actor = self.ctx.actor
            self.user_label.setText(
                _("Signed in: {name} ({roles})").format(
                    name=actor.display_name, roles=role_list(actor.roles)
                )
            )
        self.user_label.setAccessibleName(self.user_label.text())
        self._update_title()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    # -- pages ----------------------------------------------------------------------------------
    def page_keys(self) -> list[str]:
        return [spec.key for spec in self.specs]

    def show_page(self, key: str) -> PageWidget | QLabel | None:
        spec = next((s for s in self.specs if s.key == key), None)
        if spec is None or self.ctx is None:
            return None
        leaving = self._shown_page()
        target = self.pages.get(key)
        if leaving is not None and leaving is not target and not may_leave(leaving, self):
            self.navigation.set_current(self.current_key)
            return None
        page = target or self._make_page(spec, self.ctx)
        self.case_shown = False
        self.current_key = key
        self.navigation.set_current(key)
        self.stack.setCurrentWidget(page)
        if isinstance(page, PageWidget):
            page.refresh()
        return page

    def _make_page(
        self, spec: registry.WidgetSpec[PageWidget], ctx: UiContext
    ) -> PageWidget | QLabel:
        stack = self.stack
        built = survive(lambda: spec.widget(ctx, parent=stack), what=f"page {spec.key}")
        page: PageWidget | QLabel
        if isinstance(built, Exception):
            page = QLabel(
                _("This page could not be opened ({kind}).").format(kind=type(built).__name__),
                self.stack,
            )
        else:
            page = built
            self._wire(page)
        self.pages[spec.key] = page
        self.stack.addWidget(page)
        return page

    def _wire(self, page: PageWidget) -> None:
        page.open_case_requested.connect(self.open_case)
        page.settings_saved.connect(self.settings_saved.emit)

    def open_case(self, client_id: int) -> PageWidget | None:
        """Show the case page of `client_id` (replacing any open one)."""
        if self.ctx is None:
            return None
        leaving = self._shown_page()
        if leaving is not self.case_page and not may_leave(leaving, self):
            return None
        if not may_leave(self.case_page, self):
            return None
        self._drop(self.case_page)
        page = CASE_PAGE(self.ctx, client_id, parent=self.stack)
        self._wire(page)
        self.case_page = page
        self.case_shown = True
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        self.navigation.set_current("cases")  # a case belongs to Cases, wherever it was opened
        return page

    def _shown_page(self) -> PageWidget | QLabel | None:
        return self.case_page if self.case_shown else self.pages.get(self.current_key)

    def keep_drafts(self, user_id: int) -> None:
        """Before locking: hold the shown page's unsaved work in memory for `user_id`."""
        self.held = hold(self._shown_page(), user_id=user_id, page_key=self.current_key)

    def _restore_drafts(self, ctx: UiContext) -> bool:
        """After unlock: the same person gets the page and its draft back; anyone else, nothing."""
        held, self.held = self.held, None
        if held is None or held.user_id != ctx.actor.user_id:
            return False
        page: PageWidget | QLabel | None
        if held.client_id is not None:
            page = self.open_case(held.client_id)
        else:
            page = self.show_page(held.page_key)
        if isinstance(page, PageWidget) and held.changes is not None:
            page.restore_changes(held.changes)
        return page is not None

    def _update_title(self, *_args: Any) -> None:
        """ "<case number or page> — SafeHaven": the application's name once, and last, so the
        window system (which adds the application's name to a title lacking it) adds nothing."""
        current = self.stack.currentWidget()
        shown = ""
        if self.case_page is not None and current is self.case_page:
            shown = self.case_page.case_number
        elif current is not None and current is self.pages.get(self.current_key):
            spec = next((s for s in self.specs if s.key == self.current_key), None)
            shown = _(spec.title) if spec is not None else ""
        self.setWindowTitle(f"{shown} — {APP_NAME}" if shown else APP_NAME)

    # -- locking --------------------------------------------------------------------------------
    def blank_now(self) -> None:
        """Instantly show nothing: first step of every lock and of quick-hide."""
        self.stack.setCurrentWidget(self.blank)
        self.navigation.setVisible(False)
        self.toolbar.setVisible(False)
        self.demo_banner.clear_message()
        self.user_label.clear()
        self.user_label.setAccessibleName("")  # the name must leave the accessibility tree too
        self.statusBar().clearMessage()
        self.setWindowTitle(APP_NAME)

    def drop_pages(self) -> None:
        """Ask every page to clear its data, then delete the pages."""
        self.blank_now()
        for page in [*self.pages.values(), self.case_page]:
            self._drop(page)
        self.pages.clear()
        self.case_page = None
        self.case_shown = False
        self.ctx = None
        self.pin_action.setEnabled(False)

    def _drop(self, page: PageWidget | QLabel | None) -> None:
        if page is None:
            return
        if isinstance(page, PageWidget):
            survive(page.clear, what="clearing a page")  # the others are still cleared
        self.stack.removeWidget(page)
        page.setParent(None)
        page.deleteLater()

    def show_lock_screen(self, panel: QWidget) -> None:
        """Show `panel` alone; the keyboard goes to the field it chose (the password box when
        the username is filled in), not to what had the focus before locking."""
        chosen = panel.focusWidget() or panel
        screen = BlankScreen(panel, self.stack)
        self.stack.addWidget(screen)
        self.stack.setCurrentWidget(screen)
        self.lock_screen = screen
        chosen.setFocus(Qt.FocusReason.OtherFocusReason)

    def resume(self, ctx: UiContext) -> None:
        """After unlock: rebuild navigation for the (possibly new) actor and show the last page."""
        screen = self.lock_screen
        if screen is not None:
            self.stack.removeWidget(screen)
            screen.setParent(None)
            screen.deleteLater()
            self.lock_screen = None
        self.ctx = ctx
        self._build_navigation()
        self.pin_action.setEnabled(True)
        self.toolbar.setVisible(True)
        self._retranslate()
        if self._restore_drafts(ctx):
            return
        keys = self.page_keys()
        if keys:
            first = registry.first_page(keys, frozenset(ctx.actor.roles))
            self.show_page(self.current_key if self.current_key in keys else first)
            # first focus on the pages' list, not on the toolbar's Quick hide (Enter would hide)
            self.navigation.setFocus(Qt.FocusReason.OtherFocusReason)
