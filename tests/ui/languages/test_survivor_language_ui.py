"""The survivor's language on screen: Arabic lays the survivor panel out right to left with the
draft notice; the person's language is pre-selected; an administrator marks a language
reviewed; a complete right-to-left catalogue (the pseudo-RTL locale) turns the whole interface."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyle

from safehaven import i18n
from safehaven.services.cases.clients import ClientDraft, register_client
from safehaven.services.languages.review import mark_language_reviewed
from safehaven.ui.context import UiContext
from safehaven.ui.intake.intake_tab import IntakeTab
from safehaven.ui.languages.review_panel import LanguageReviewPanel
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
    qtbot.waitUntil(lambda: not tab.load.loading)  # read on the read pool
    return tab


def start_in(qtbot, tab: IntakeTab, language: str) -> None:
    tab.language_combo.setCurrentIndex(tab.language_combo.findData(language))
    qtbot.mouseClick(tab.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(tab.question_widgets) and not tab.build.building, timeout=5000)


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
        mark_language_reviewed(
            s,
            actor=staff.admin,
            bank="intake",
            language="ar",
            reviewer="Amina Haddad",
            reviewed_on=day,
        )
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
    row = next(
        i for i, r in enumerate(panel.model.rows()) if (r.bank, r.language) == ("intake", "vi")
    )
    assert not panel.mark_button.isEnabled()
    panel.table.selectRow(row)
    qtbot.keyClicks(panel.reviewer, "Lan Pham")
    assert panel.mark_button.isEnabled()
    qtbot.mouseClick(panel.mark_button, Qt.MouseButton.LeftButton)
    marked = next(r for r in panel.model.rows() if (r.bank, r.language) == ("intake", "vi"))
    assert marked.review.reviewed
    assert marked.review.reviewer == "Lan Pham"
    assert "Lan Pham" in panel.model.index(row, 2).data()


RTL_SCRIPT = """
import os, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from safehaven import i18n
from safehaven.services.accounts import accounts
from safehaven.storage.keyslots import FAST_TEST_KDF
from safehaven.ui.context import UiContext
from safehaven.ui.languages.direction import apply_interface_direction
from safehaven.ui.shell.main_window import MainWindow
from safehaven.ui.tasks import TaskRunner

app = QApplication([])
i18n.set_language("qps-plocm")
apply_interface_direction(app, i18n.current_language())  # at start-up, before any window
made = accounts.initialize_vault(
    Path(sys.argv[1]), admin_username="admin", admin_password="correct horse battery staple",
    kdf=FAST_TEST_KDF,
)
signed = made.signed_in
window = MainWindow(UiContext(signed.vault, signed.actor, TaskRunner()))
window.show()
app.processEvents()
print(window.layoutDirection().name, i18n._("&Resume").startswith("\\u202b["))
window.close()
signed.vault.close()
"""


def test_a_complete_right_to_left_catalogue_turns_the_interface(tmp_path) -> None:
    # A fresh process: the direction is set once at start-up, as the application does; changing
    # it under another test's left-over widgets is not something the application ever does.
    env = {**os.environ, i18n.PSEUDO_ENV: "1", "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", RTL_SCRIPT, str(tmp_path / "vault")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["RightToLeft", "True"], done.stdout
