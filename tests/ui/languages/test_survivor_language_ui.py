"""The survivor's language on screen: Arabic lays the survivor panel out right to left with the
draft notice; the person's language is pre-selected; an administrator marks a language
reviewed; a complete right-to-left catalogue (the pseudo-RTL locale) turns the whole interface."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QStyle

from safehaven import i18n
from safehaven.services.cases.clients import ClientDraft, register_client
from safehaven.services.languages.review import mark_language_reviewed
from safehaven.ui.context import UiContext
from safehaven.ui.intake.intake_tab import IntakeTab
from safehaven.ui.languages.direction import apply_interface_direction
from safehaven.ui.languages.review_panel import LanguageReviewPanel
from safehaven.ui.shell.main_window import MainWindow
from safehaven.ui.tasks import TaskRunner

RTL, LTR = Qt.LayoutDirection.RightToLeft, Qt.LayoutDirection.LeftToRight


def new_client(vault, staff, **fields) -> int:
    with vault.session() as s:
        draft = ClientDraft(chosen_name="Leila", **fields)
        return register_client(s, actor=staff.intake, draft=draft).id


def make_tab(qtbot, vault, actor, client_id) -> IntakeTab:
    tab = IntakeTab(UiContext(vault, actor, TaskRunner()), client_id)
    qtbot.addWidget(tab)
    tab.resize(1100, 800)
    tab.show()
    qtbot.waitExposed(tab)
    return tab


def start_in(qtbot, tab: IntakeTab, language: str) -> None:
    tab.language_combo.setCurrentIndex(tab.language_combo.findData(language))
    qtbot.mouseClick(tab.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(tab.question_widgets), timeout=5000)


def test_arabic_lays_the_survivor_panel_out_right_to_left(qtbot, vault, staff) -> None:
    tab = make_tab(qtbot, vault, staff.intake, new_client(vault, staff))
    start_in(qtbot, tab, "ar")
    panel = tab.survivor_panel
    assert panel.isVisible()
    assert panel.layoutDirection() == RTL
    assert panel.title.text() == "عن هذه المقابلة"
    shown = QStyle.visualAlignment(panel.title.layoutDirection(), panel.title.alignment())
    assert shown & Qt.AlignmentFlag.AlignRight  # the Arabic starts at the right edge
    assert panel.draft_notice.isVisible()
    assert "interpreter" in panel.draft_notice.text()
    question = next(iter(tab.question_widgets.values()))
    assert question.survivor_label.isVisible()
    assert question.survivor_label.layoutDirection() == RTL
    assert tab.layoutDirection() == LTR  # the staff side stays left to right
    assert question.text_label.text() == "Date of this intake"


def test_french_is_left_to_right_and_english_alone_hides_the_panel(qtbot, vault, staff) -> None:
    tab = make_tab(qtbot, vault, staff.intake, new_client(vault, staff))
    start_in(qtbot, tab, "fr")
    assert tab.survivor_panel.isVisible()
    assert tab.survivor_panel.layoutDirection() == LTR
    assert tab.survivor_panel.title.text() == "À propos de cet entretien"
    tab.language_combo.setCurrentIndex(tab.language_combo.findData("en"))
    qtbot.waitUntil(lambda: not tab.survivor_panel.isVisible(), timeout=5000)


def test_a_reviewed_language_shows_no_draft_notice(qtbot, vault, staff) -> None:
    with vault.session() as s:
        day = dt.date(2026, 12, 1)
        mark_language_reviewed(s, actor=staff.admin, bank="intake", language="ar",
                               reviewer="Amina Haddad", reviewed_on=day)  # fmt: skip
    tab = make_tab(qtbot, vault, staff.intake, new_client(vault, staff))
    start_in(qtbot, tab, "ar")
    assert tab.survivor_panel.isVisible()
    assert not tab.survivor_panel.draft_notice.isVisible()


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"preferred_language": "ar"}, "ar"),
        ({"languages": "uk,ru", "interpreter_needed": True}, "uk"),
        ({"languages": "zh"}, "zh_Hans"),
        ({}, "en"),
    ],
)
def test_the_persons_language_is_pre_selected(qtbot, vault, staff, fields, expected) -> None:
    tab = make_tab(qtbot, vault, staff.intake, new_client(vault, staff, **fields))
    assert tab.language_combo.currentData() == expected


def test_an_administrator_marks_a_language_reviewed(qtbot, vault, staff) -> None:
    panel = LanguageReviewPanel(UiContext(vault, staff.admin, TaskRunner()))
    qtbot.addWidget(panel)
    panel.show()
    panel.refresh()
    row = next(i for i, r in enumerate(panel.model.rows())
               if (r.bank, r.language) == ("intake", "vi"))  # fmt: skip
    assert not panel.mark_button.isEnabled()
    panel.table.selectRow(row)
    qtbot.keyClicks(panel.reviewer, "Lan Pham")
    assert panel.mark_button.isEnabled()
    qtbot.mouseClick(panel.mark_button, Qt.MouseButton.LeftButton)
    marked = next(r for r in panel.model.rows() if (r.bank, r.language) == ("intake", "vi"))
    assert marked.review.reviewed
    assert marked.review.reviewer == "Lan Pham"
    assert "Lan Pham" in panel.model.index(row, 2).data()


def test_a_complete_right_to_left_catalogue_turns_the_interface(
    qtbot, vault, staff, monkeypatch
) -> None:
    monkeypatch.setenv(i18n.PSEUDO_ENV, "1")
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    try:
        i18n.set_language("qps-plocm")
        apply_interface_direction(app, i18n.current_language())
        window = MainWindow(UiContext(vault, staff.supervisor, TaskRunner()))
        qtbot.addWidget(window)
        window.show()
        assert window.layoutDirection() == RTL
        assert i18n._("&Resume").startswith("\u202b[")  # every string comes from the catalogue
    finally:
        i18n.set_language("en")
        apply_interface_direction(app, "en")
    assert app.layoutDirection() == LTR
