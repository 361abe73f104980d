"""The Screening tab in the survivor's language: the person's recorded language is pre-selected;
Arabic shows the opening and each question right to left with the draft notice while the staff's
side stays in English, left to right; French sits beside the staff's English; a reviewed language
shows no notice."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyle

from safehaven.services.languages.review import mark_language_reviewed
from safehaven.services.screening.bank import load_screening_bank
from safehaven.ui.screening.tab import QUESTIONS, SETTING_PAGE
from tests.services.screening.helpers import new_client, train
from tests.ui.screening.test_screening_tab import click, make_tab

RTL, LTR = Qt.LayoutDirection.RightToLeft, Qt.LayoutDirection.LeftToRight
SHORT = load_screening_bank("short")


def start_in(qtbot, tab, language: str | None = None) -> None:
    if language is not None:
        tab.language_combo.setCurrentIndex(tab.language_combo.findData(language))
    click(qtbot, tab, tab.start_button)
    assert tab.stack.currentIndex() == SETTING_PAGE


def begin_questions(qtbot, tab) -> None:
    for box in tab.setting_page.checks.values():
        click(qtbot, tab, box)
    click(qtbot, tab, tab.setting_page.begin_button)
    assert tab.stack.currentIndex() == QUESTIONS


def starts_at_leading_edge(label) -> bool:
    shown = QStyle.visualAlignment(label.layoutDirection(), label.alignment())
    return bool(shown & Qt.AlignmentFlag.AlignRight)


def test_arabic_questions_are_right_to_left_with_the_draft_notice(qtbot, vault, staff) -> None:
    train(vault, staff.admin, staff.intake.user_id, "screening_basics")
    client_id = new_client(vault, staff.intake, preferred_language="ar")
    tab = make_tab(qtbot, vault, staff.intake, client_id)
    assert tab.language_combo.currentData() == "ar"  # the person's recorded language
    start_in(qtbot, tab)
    panel = tab.survivor_panel
    assert panel.isVisible()
    assert panel.layoutDirection() == RTL
    assert panel.intro.text() == SHORT.opening["ar"]
    assert panel.intro.text().startswith("قبل أن نبدأ")
    assert starts_at_leading_edge(panel.intro)  # the Arabic starts at the right edge
    assert panel.draft_notice.isVisible()
    assert "interpreter" in panel.draft_notice.text()
    assert "You do not have to answer anything" in tab.setting_page.opening.text()
    assert "قبل" not in tab.setting_page.opening.text()  # the staff's opening stays English
    begin_questions(qtbot, tab)
    question = tab.question_widgets["s_false_promise"]
    assert question.text_label.text() == SHORT.questions["s_false_promise"].text["en"]
    assert question.survivor_label.isVisible()
    assert question.survivor_label.text() == SHORT.questions["s_false_promise"].text["ar"]
    assert question.survivor_label.layoutDirection() == RTL
    assert starts_at_leading_edge(question.survivor_label)
    assert question.choice_buttons["yes"].text() == "Yes · نعم"
    assert panel.isVisible()
    assert panel.draft_notice.isVisible()
    assert not panel.intro.isVisible()  # the opening is read once, before the questions
    assert tab.layoutDirection() == LTR  # the staff side stays left to right
    assert tab.domain_title.text().endswith("Recruitment and deception")


def test_french_questions_sit_beside_the_staffs_english(qtbot, vault, staff) -> None:
    train(vault, staff.admin, staff.intake.user_id, "screening_basics")
    tab = make_tab(qtbot, vault, staff.intake, new_client(vault, staff.intake))
    assert tab.language_combo.currentData() == "en"  # nothing recorded: the staff's language
    start_in(qtbot, tab, "fr")
    assert tab.survivor_panel.intro.text().startswith("Avant de commencer : je vais vous poser")
    begin_questions(qtbot, tab)
    question = tab.question_widgets["s_arranged_travel"]
    assert question.text_label.text().startswith("Did someone arrange your travel")
    assert question.survivor_label.text().startswith("Quelqu'un a-t-il organisé votre voyage")
    assert question.survivor_label.layoutDirection() == LTR
    assert question.choice_buttons["prefers_not_to_answer"].text() == (
        "Prefer not to say · Je préfère ne pas le dire"
    )
    click(qtbot, tab, question.why_button)
    assert "A debt created by the person" in question.why_label.text()
    assert "Une dette créée par la personne" in question.why_label.text()
    assert tab.survivor_panel.layoutDirection() == LTR
    assert tab.survivor_panel.draft_notice.isVisible()


@pytest.mark.parametrize(
    ("fields", "expected"),
    [({"languages": "uk,ru", "interpreter_needed": True}, "uk"), ({"languages": "zh"}, "zh_Hans")],
)
def test_the_persons_language_is_pre_selected(qtbot, vault, staff, fields, expected) -> None:
    tab = make_tab(qtbot, vault, staff.intake, new_client(vault, staff.intake, **fields))
    assert tab.language_combo.currentData() == expected
    offered = {tab.language_combo.itemData(i) for i in range(tab.language_combo.count())}
    assert offered == {"en", "es", "ar", "fr", "pt", "ru", "tl", "uk", "vi", "zh_Hans"}


def test_a_reviewed_screening_language_shows_no_draft_notice(qtbot, vault, staff) -> None:
    with vault.session() as s:
        mark_language_reviewed(
            s,
            actor=staff.admin,
            bank="screening",
            language="ar",
            reviewer="Amina Haddad",
            reviewed_on=dt.date(2026, 12, 1),
        )
    tab = make_tab(qtbot, vault, staff.intake, new_client(vault, staff.intake))
    start_in(qtbot, tab, "ar")
    assert tab.survivor_panel.isVisible()
    assert not tab.survivor_panel.draft_notice.isVisible()


def test_english_for_english_staff_shows_no_survivor_panel(qtbot, vault, staff) -> None:
    tab = make_tab(qtbot, vault, staff.intake, new_client(vault, staff.intake))
    start_in(qtbot, tab, "en")
    assert not tab.survivor_panel.isVisible()
