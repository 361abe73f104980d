"""The Intake tab driven like a user: a whole intake with a section skipped and revisited, a pause
and a resume in a new tab, and closing mid-section — every answer there, nothing duplicated."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QRadioButton
from sqlalchemy import func, select

from safehaven.i18n import set_language
from safehaven.models.intake import IntakeAnswer
from safehaven.services.cases.clients import ClientDraft, register_client
from safehaven.services.consent.consent import record_consent
from safehaven.services.intake import intake as intake_service
from safehaven.ui.context import UiContext
from safehaven.ui.intake.intake_tab import IntakeTab
from safehaven.ui.tasks import TaskRunner


@pytest.fixture
def client_id(vault, staff) -> int:
    with vault.session() as s:
        return register_client(s, actor=staff.intake, draft=ClientDraft(chosen_name="Ana")).id


def make_tab(qtbot, vault, actor, client_id) -> IntakeTab:
    tab = IntakeTab(UiContext(vault, actor, TaskRunner()), client_id)
    qtbot.addWidget(tab)
    tab.resize(1100, 800)
    tab.show()
    settled(qtbot, tab)
    return tab


def settled(qtbot, tab) -> IntakeTab:
    """Wait for the read on the read pool and for the section's questions, built in slices."""
    qtbot.waitUntil(lambda: not tab.load.loading and not tab.build.building)
    return tab


def tab_of(widget) -> IntakeTab | None:
    while widget is not None and not isinstance(widget, IntakeTab):
        widget = widget.parentWidget()
    return widget


def stored(vault, actor, client_id):
    with vault.session() as s:
        return intake_service.find_intake(s, actor=actor, client_id=client_id)


def click(qtbot, button) -> None:
    assert button.isVisible(), button.text()
    assert button.isEnabled(), button.text()
    if isinstance(button, QRadioButton | QCheckBox):  # on the indicator, as a user would
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(6, button.height() // 2))
    else:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    tab = tab_of(button)
    if tab is not None and not tab.isHidden():
        settled(qtbot, tab)


def reveal(qtbot, tab, widget):
    """Scroll the section so the control is on screen, as a user would."""
    tab.scroll_area.ensureWidgetVisible(widget)
    qtbot.waitUntil(lambda: not widget.visibleRegion().isEmpty(), timeout=2000)
    return widget


def choose(qtbot, tab, key, code) -> None:
    click(qtbot, reveal(qtbot, tab, tab.question_widgets[key].choice_buttons[code]))


def type_text(qtbot, tab, key, text) -> None:
    editor = reveal(qtbot, tab, tab.question_widgets[key].editor)
    editor.setFocus()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def go_to(qtbot, tab, section) -> None:
    index = tab.section_model.index(tab.section_model.row_of(section))
    rect = tab.section_view.visualRect(index)
    qtbot.mouseClick(tab.section_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert tab._row.current_section == section
    settled(qtbot, tab)


def answer_count(vault) -> tuple[int, int]:
    with vault.session() as s:
        total = s.scalar(select(func.count()).select_from(IntakeAnswer))
        distinct = s.scalar(select(func.count(func.distinct(IntakeAnswer.question_key))))
    return total, distinct


def test_whole_intake_with_skip_revisit_pause_and_resume(qtbot, vault, staff, client_id):
    tab = make_tab(qtbot, vault, staff.caseworker, client_id)
    assert "skip" in tab.opening.text()
    tab.language_combo.setCurrentIndex(tab.language_combo.findData("es"))
    click(qtbot, tab.start_button)
    assert tab._row.question_language == "es"
    widget = tab.question_widgets["a_intake_type"]
    assert widget.survivor_label.isVisible()
    assert "¿" in widget.survivor_label.text()
    assert not widget.why_label.isVisible()
    click(qtbot, reveal(qtbot, tab, widget.why_button))  # "why we ask" one click away
    assert widget.why_label.isVisible()
    assert "Funders" in widget.why_label.text()

    choose(qtbot, tab, "a_intake_type", "walk_in")
    choose(qtbot, tab, "a_interpreter_used", "no")
    type_text(qtbot, tab, "a_location", "Office 2")
    click(qtbot, tab.next_section_button)
    assert tab._row.current_section == "B"
    choose(qtbot, tab, "b_gender", "female")
    choose(qtbot, tab, "b_languages", "es")
    choose(qtbot, tab, "b_languages", "en")
    type_text(qtbot, tab, "b_age", "23")
    click(qtbot, reveal(qtbot, tab, tab.question_widgets["b_citizenship"].skip_button))

    go_to(qtbot, tab, "E")
    click(qtbot, tab.skip_section_button)  # hard section: skipped, to revisit
    assert tab._row.current_section == "F"
    states = {s.key: s.state for s in tab._row.sections}
    assert states["E"] == "to_revisit"
    assert states["A"] == "in_progress"
    choose(qtbot, tab, "f_needs", "legal")
    click(qtbot, tab.pause_button)
    assert tab._row.status == "paused"
    tab.close()

    # later, in a new window: resume exactly where it stopped
    tab2 = make_tab(qtbot, vault, staff.caseworker, client_id)
    assert tab2.resume_button.isVisible()
    assert not tab2.pause_button.isVisible()
    click(qtbot, tab2.resume_button)
    assert (tab2._row.status, tab2._row.current_section) == ("draft", "F")
    assert tab2._row.current_question == "f_wants_referral"
    assert tab2.question_widgets["f_needs"].choice_buttons["legal"].isChecked()
    go_to(qtbot, tab2, "E")  # revisit the skipped section
    assert "E" not in tab2._row.skipped_sections
    choose(qtbot, tab2, "e_trafficking_type", "labor")
    e_control = tab2.question_widgets["e_control"]
    click(qtbot, reveal(qtbot, tab2, e_control.non_answer_buttons["prefers_not_to_answer"]))
    go_to(qtbot, tab2, "B")
    assert tab2.question_widgets["b_gender"].choice_buttons["female"].isChecked()
    assert tab2.question_widgets["b_age"].editor.text() == "23"
    click(qtbot, tab2.complete_button)
    assert tab2._row.status == "complete"

    row = stored(vault, staff.caseworker, client_id)
    expected = {
        "a_intake_type": ("answered", "walk_in"),
        "a_interpreter_used": ("answered", "no"),
        "a_location": ("answered", "Office 2"),
        "b_gender": ("answered", "female"),
        "b_languages": ("answered", ["en", "es"]),
        "b_age": ("answered", 23),
        "b_citizenship": ("not_asked", None),
        "f_needs": ("answered", ["legal"]),
        "e_trafficking_type": ("answered", "labor"),
        "e_control": ("prefers_not", None),
    }
    for key, (state, value) in expected.items():
        assert (row.answers[key].state, row.answers[key].value) == (state, value), key
    total, distinct = answer_count(vault)
    assert total == distinct == len(row.answers)


def test_closing_mid_section_loses_no_answer(qtbot, vault, staff, client_id):
    tab = make_tab(qtbot, vault, staff.intake, client_id)
    click(qtbot, tab.start_button)
    go_to(qtbot, tab, "D")
    choose(qtbot, tab, "d_safe_now", "yes")
    choose(qtbot, tab, "d_risk_level", "medium")
    editor = reveal(qtbot, tab, tab.question_widgets["d_safe_times"].editor)
    editor.setFocus()
    qtbot.keyClicks(editor, "after 6pm")  # typed, not yet confirmed
    tab.close()
    tab.deleteLater()
    row = stored(vault, staff.intake, client_id)
    assert row.answers["d_safe_now"].value == "yes"
    assert row.answers["d_risk_level"].value == "medium"
    assert row.answers["d_safe_times"].value == "after 6pm"
    assert (row.current_section, row.status) == ("D", "draft")


def test_text_is_saved_after_a_pause_in_typing(qtbot, vault, staff, client_id):
    tab = make_tab(qtbot, vault, staff.intake, client_id)
    click(qtbot, tab.start_button)
    editor = tab.question_widgets["a_location"].editor
    editor.setFocus()
    qtbot.keyClicks(editor, "Clinic")
    qtbot.waitUntil(
        lambda: stored(vault, staff.intake, client_id).answers.get("a_location") is not None,
        timeout=5000,
    )


def test_bad_number_shows_a_message_and_saves_nothing(qtbot, vault, staff, client_id):
    tab = make_tab(qtbot, vault, staff.intake, client_id)
    click(qtbot, tab.start_button)
    go_to(qtbot, tab, "B")
    type_text(qtbot, tab, "b_age", "200")
    assert tab.question_widgets["b_age"].error_label.text()
    assert "b_age" not in stored(vault, staff.intake, client_id).answers


def test_legal_name_is_locked_until_consent_and_hidden_from_intake_staff(
    qtbot, vault, staff, client_id
):
    intake_tab = make_tab(qtbot, vault, staff.intake, client_id)
    click(qtbot, intake_tab.start_button)
    go_to(qtbot, intake_tab, "B")
    assert "b_legal_name" not in intake_tab.question_widgets
    assert "b_date_of_birth" not in intake_tab.question_widgets
    intake_tab.close()
    tab = make_tab(qtbot, vault, staff.caseworker, client_id)
    go_to(qtbot, tab, "B")
    assert not tab.question_widgets["b_legal_name"].isEnabled()
    with vault.session() as s:
        record_consent(
            s,
            actor=staff.caseworker,
            client_id=client_id,
            purpose="legal_name",
            granted=True,
            method="verbal",
        )
    with qtbot.waitSignal(tab.loaded):
        tab.refresh()
    assert tab.question_widgets["b_legal_name"].isEnabled()
    type_text(qtbot, tab, "b_legal_name", "Ana Maria Perez")
    assert stored(vault, staff.caseworker, client_id).answers["b_legal_name"].state == "answered"


def test_spanish_interface_shows_spanish_questions(qtbot, vault, staff, client_id):
    set_language("es")
    try:
        tab = make_tab(qtbot, vault, staff.intake, client_id)
        click(qtbot, tab.start_button)
        widget = tab.question_widgets["a_intake_type"]
        assert widget.text_label.text().startswith("¿")
        assert not widget.survivor_label.isVisible()
    finally:
        set_language("en")


def test_section_model(qtmodeltester, qtbot, vault, staff, client_id):
    tab = make_tab(qtbot, vault, staff.intake, client_id)
    click(qtbot, tab.start_button)
    qtmodeltester.check(tab.section_model)
    assert tab.section_model.rowCount() == 7


def test_leaving_the_tab_saves_typed_text(qtbot, vault, staff, client_id):
    tab = make_tab(qtbot, vault, staff.intake, client_id)
    click(qtbot, tab.start_button)
    editor = reveal(qtbot, tab, tab.question_widgets["a_location"].editor)
    editor.setFocus()
    qtbot.keyClicks(editor, "Hospital")
    tab.hide()  # another case tab chosen
    assert stored(vault, staff.intake, client_id).answers["a_location"].value == "Hospital"


@pytest.mark.parametrize("section", ["A", "B", "E", "F"])
def test_every_question_control_is_named_and_keyboard_reachable(
    qtbot, vault, staff, client_id, section
):
    from tests.ui.accessibility_rules import accessible_name, controls, keyboard_problem

    tab = make_tab(qtbot, vault, staff.supervisor, client_id)
    click(qtbot, tab.start_button)
    go_to(qtbot, tab, section)
    problems = [
        f"{type(w).__name__} {w.text() if hasattr(w, 'text') else ''}"
        for w in controls(tab)
        if not accessible_name(w) or keyboard_problem(w)
    ]
    assert problems == []


def test_profile_values_are_shown_beside_unanswered_questions(qtbot, vault, staff, client_id):
    tab = make_tab(qtbot, vault, staff.intake, client_id)
    click(qtbot, tab.start_button)
    go_to(qtbot, tab, "B")
    known = tab.question_widgets["b_chosen_name"].known_label
    assert not known.isHidden()
    assert "Ana" in known.text()
    assert tab.question_widgets["b_gender"].known_label.isHidden()


def test_progress_says_not_started_until_the_intake_starts(qtbot, vault, staff, client_id):
    tab = make_tab(qtbot, vault, staff.intake, client_id)
    assert tab.progress.text() == "Not started"  # not "0 of 1 questions recorded"
    click(qtbot, tab.start_button)
    total = stored(vault, staff.intake, client_id).total
    assert total > 1
    assert tab.progress.text() == f"0 of {total} questions recorded"


def test_the_tab_reads_in_the_background_and_holds_its_actions_until_shown(
    qtbot, vault, staff, client_id
):
    with vault.session() as s:
        intake_service.start_or_resume_intake(
            s, actor=staff.intake, client_id=client_id, question_language="en"
        )
    tab = IntakeTab(UiContext(vault, staff.intake, TaskRunner()), client_id)
    qtbot.addWidget(tab)
    tab.show()
    # the stored intake has not been delivered yet: nothing on screen can be acted on
    assert tab.load.notice.isVisible()
    assert not tab.start_button.isEnabled()
    assert not tab.next_section_button.isEnabled()
    assert not tab.questions_box.isEnabled()
    qtbot.waitUntil(lambda: tab.section_model.rowCount() > 0)
    assert not tab.load.notice.isVisible()
    settled(qtbot, tab)  # and the section's questions are built
    assert tab.pause_button.isVisible()
    assert tab.pause_button.isEnabled()
    assert tab.next_section_button.isEnabled()
    assert tab.questions_box.isEnabled()
    assert tab.question_widgets


def start_unsettled(qtbot, tab) -> None:
    """Press Start and return at once: the section's questions are still being built."""
    qtbot.mouseClick(tab.start_button, Qt.MouseButton.LeftButton)
    assert tab.build.building


def test_a_long_section_shows_every_question_in_reading_order_once_built(
    qtbot, vault, staff, client_id
):
    tab = make_tab(qtbot, vault, staff.supervisor, client_id)
    click(qtbot, tab.start_button)
    go_to(qtbot, tab, "B")
    expected = [
        k for k in tab._bank.section("B").question_keys if k not in tab._row.hidden_questions
    ]
    assert len(expected) > tab.build.per_turn  # built over several turns of the event loop
    layout = tab.questions_layout
    shown = [layout.itemAt(i).widget() for i in range(layout.count())]
    assert [w.question.key for w in shown if w is not None] == expected
    assert all(not w.isHidden() for w in tab.question_widgets.values())
    # Tab moves from the first question's answer field to the second's, in reading order
    first, second = (tab.question_widgets[k] for k in expected[:2])
    assert first.editor.nextInFocusChain() is not second.editor  # sanity: buttons lie between
    chain, widget = [], first.editor
    while widget is not second.editor and len(chain) < 50:
        widget = widget.nextInFocusChain()
        chain.append(widget)
    assert chain[-1] is second.editor


def test_typing_in_the_first_question_while_the_rest_is_built_is_kept(
    qtbot, vault, staff, client_id
):
    tab = make_tab(qtbot, vault, staff.intake, client_id)
    start_unsettled(qtbot, tab)
    editor = tab.question_widgets["a_intake_date"].editor
    editor.setFocus()
    qtbot.keyClicks(editor, "2026-03-04")
    assert tab.build.building  # typed before the section was complete
    settled(qtbot, tab)
    assert editor.text() == "2026-03-04"
    assert editor.hasFocus()
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert stored(vault, staff.intake, client_id).answers["a_intake_date"].value == "2026-03-04"


def test_moving_on_waits_until_the_section_is_built(qtbot, vault, staff, client_id):
    tab = make_tab(qtbot, vault, staff.intake, client_id)
    start_unsettled(qtbot, tab)
    held = (
        tab.next_section_button,
        tab.skip_section_button,
        tab.complete_button,
        tab.section_view,
    )
    assert [w.isEnabled() for w in held] == [False] * len(held)
    assert tab.question_widgets["a_intake_date"].isEnabled()  # what is built can be answered
    assert tab.pause_button.isEnabled()  # the survivor may need to stop at any moment
    settled(qtbot, tab)
    assert [w.isEnabled() for w in held] == [True] * len(held)
    click(qtbot, tab.next_section_button)
    assert tab._row.current_section == "B"


def test_pausing_while_the_section_is_built_keeps_it_closed(qtbot, vault, staff, client_id):
    tab = make_tab(qtbot, vault, staff.intake, client_id)
    start_unsettled(qtbot, tab)
    qtbot.mouseClick(tab.pause_button, Qt.MouseButton.LeftButton)
    assert tab._row.status == "paused"
    settled(qtbot, tab)
    assert len(tab.question_widgets) == 9  # the section was built to the end
    assert not tab.questions_box.isEnabled()
    assert not tab.next_section_button.isEnabled()
    assert tab.resume_button.isVisible()


def test_a_paused_intake_stays_closed_after_its_section_is_built(qtbot, vault, staff, client_id):
    with vault.session() as s:
        row = intake_service.start_or_resume_intake(
            s, actor=staff.intake, client_id=client_id, question_language="en"
        )
        intake_service.pause_intake(s, actor=staff.intake, intake_id=row.id)
    tab = make_tab(qtbot, vault, staff.intake, client_id)
    assert tab.question_widgets
    assert not tab.section_view.isEnabled()
    assert not tab.questions_box.isEnabled()
    assert not tab.next_section_button.isEnabled()
    assert tab.resume_button.isEnabled()


def test_showing_the_tab_again_keeps_the_questions_and_what_was_typed(
    qtbot, vault, staff, client_id
):
    tab = make_tab(qtbot, vault, staff.intake, client_id)
    click(qtbot, tab.start_button)
    widget = tab.question_widgets["a_location"]
    editor = reveal(qtbot, tab, widget.editor)
    editor.setFocus()
    qtbot.keyClicks(editor, "Shelter office")
    tab.refresh()  # the tab is shown again: read again, same section
    settled(qtbot, tab)
    assert tab.question_widgets["a_location"] is widget  # not built again
    assert widget.editor.text() == "Shelter office"
