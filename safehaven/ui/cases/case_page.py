"""One case: a header with the case number and chosen name, and the tabs areas add.

Tabs come from `registry.CASE_TABS` (filtered by the actor's permissions); each gets
`(ctx, client_id, parent)`. A tab is built the first time it is shown (or asked for with
`tab(key)`), so opening a case builds one tab, not eight. The window title carries the case
number only, never a name.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from safehaven.i18n import _
from safehaven.services.cases.case_view import case_header
from safehaven.services.cases.clients import ClientRow
from safehaven.ui.context import UiContext, survive
from safehaven.ui.messages import explain
from safehaven.ui.pages import CaseTabWidget, PageWidget
from safehaven.ui.registry import CASE_TABS, available
from safehaven.ui.style import MUTED


class CasePage(PageWidget):
    def __init__(self, ctx: UiContext, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.client_id = client_id
        self.tabs_by_key: dict[str, CaseTabWidget | QLabel] = {}  # the tabs built so far
        self._slots: dict[str, QWidget] = {}  # one holder per tab, filled when first shown
        self._classes: dict[str, type[CaseTabWidget]] = {}
        self._ready = False
        self._titles: list[str] = []  # untranslated tab titles, in tab order
        self._build_ui()
        self._load()

    def _build_ui(self) -> None:
        self.number_label = QLabel(self)
        self.number_label.setStyleSheet(f"color:{MUTED}; font-size:11pt;")
        self.name_label = QLabel(self)
        self.name_label.setStyleSheet("font-size:16pt; font-weight:600;")
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(_("Case sections"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.number_label)
        layout.addWidget(self.name_label)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)

    def _load(self) -> None:
        header = self.ctx.call(
            lambda s: case_header(s, actor=self.ctx.actor, client_id=self.client_id),
            where=self.message,
        )
        if header is None:  # no access, erased: say so instead of showing tabs
            self.tabs.setVisible(False)
            return
        self.case_number = header.case_number
        self._show_name(header.chosen_name)
        for spec in available(CASE_TABS, self.ctx.actor.permissions, self.ctx.store_kind):
            self._titles.append(spec.title)
            self._add_slot(spec.key, _(spec.title), spec.widget)
        self._ready = True
        self.retranslate()
        self._on_tabs_current_changed(self.tabs.currentIndex())

    def _add_slot(self, key: str, title: str, klass: type[CaseTabWidget]) -> None:
        slot = QWidget(self.tabs)
        QVBoxLayout(slot).setContentsMargins(0, 0, 0, 0)
        self._slots[key] = slot
        self._classes[key] = klass
        self.tabs.addTab(slot, title)

    def tab_keys(self) -> list[str]:
        """The keys of this case's tabs, in tab order (built or not)."""
        return list(self._slots)

    def tab(self, key: str) -> CaseTabWidget | QLabel | None:
        """The tab `key` (None when the role has no such tab), built the first time it is needed."""
        if key in self.tabs_by_key:
            return self.tabs_by_key[key]
        slot, klass = self._slots.get(key), self._classes.get(key)
        if slot is None or klass is None:
            return None
        tab: CaseTabWidget | QLabel
        built = survive(lambda: klass(self.ctx, self.client_id, slot), what="a case tab")
        if isinstance(built, BaseException):  # one broken tab must not hide the others
            tab = QLabel(explain(built), slot)
            tab.setWordWrap(True)
        else:
            tab = built
            tab.saved.connect(self._on_tab_saved)
        layout = slot.layout()
        if layout is not None:
            layout.addWidget(tab)
        self.tabs_by_key[key] = tab
        return tab

    def _show_name(self, name: str) -> None:
        """The heading reads the chosen name itself; "chosen name" is what it is, said after."""
        self.name_label.setText(name)
        self.name_label.setAccessibleName(name)
        self.name_label.setAccessibleDescription(_("Chosen name") if name else "")

    def retranslate(self) -> None:
        self._show_name(self.name_label.text())
        self.tabs.setAccessibleName(_("Case sections"))
        if self.case_number:
            title = _("Case {number}").format(number=self.case_number)
            self.setWindowTitle(title)
            self.number_label.setText(title)
        for number, title in enumerate(self._titles):
            self.tabs.setTabText(number, _(title))

    def refresh(self) -> None:
        self._on_tabs_current_changed(self.tabs.currentIndex())

    def clear(self) -> None:
        """Drop every piece of client data from the header and every tab (called on lock)."""
        self.case_number = ""
        self._show_name("")
        self.number_label.clear()
        self.message.clear()
        self.setWindowTitle("")
        for tab in self.tabs_by_key.values():
            if isinstance(tab, CaseTabWidget):
                tab.clear()

    # -- unsaved work, per tab ----------------------------------------------------------------
    def _tabs(self) -> list[tuple[str, CaseTabWidget]]:
        return [(k, t) for k, t in self.tabs_by_key.items() if isinstance(t, CaseTabWidget)]

    def pending_changes(self) -> object | None:
        found = {key: tab.pending_changes() for key, tab in self._tabs()}
        kept = {key: value for key, value in found.items() if value is not None}
        if not kept:
            return None
        return {"tab": self.current_tab_key(), "tabs": kept}

    def restore_changes(self, changes: object) -> None:
        if not isinstance(changes, dict):
            return
        for key, kept in changes["tabs"].items():
            tab = self.tab(key)
            if isinstance(tab, CaseTabWidget):
                tab.restore_changes(kept)
        self.show_tab(str(changes["tab"]))

    def save_changes(self) -> bool:
        return all(tab.save_changes() for _key, tab in self._tabs() if tab.pending_changes())

    def discard_changes(self) -> None:
        for _key, tab in self._tabs():
            tab.discard_changes()

    def current_tab_key(self) -> str:
        current = self.tabs.currentWidget()
        return next((k for k, slot in self._slots.items() if slot is current), "")

    def show_tab(self, key: str) -> None:
        slot = self._slots.get(key)
        if slot is not None:
            self.tabs.setCurrentWidget(slot)

    def _on_tabs_current_changed(self, index: int) -> None:
        if not self._ready:  # the slots are still being added
            return
        key = next((k for k, slot in self._slots.items() if slot is self.tabs.widget(index)), "")
        tab = self.tab(key)
        if isinstance(tab, CaseTabWidget):
            tab.refresh()

    def _on_tab_saved(self, row: object) -> None:
        if isinstance(row, ClientRow):
            self._show_name(row.chosen_name)
