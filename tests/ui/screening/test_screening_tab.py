"""The Screening tab driven like a user: a short-form screening with the setting checks, a skipped
domain, a pause, a resume in a new tab, and the outcome chosen — every answer there, nothing lost;
a minor's disclosure shows the stop-and-report step with the jurisdiction's contact."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QRadioButton, QStyle, QStyleOptionComboBox
from sqlalchemy import func, select

from safehaven import i18n
from safehaven.models.screening import ScreeningAnswer
from safehaven.services.screening import sessions as svc
from safehaven.services.screening.protocols import list_protocol_runs, start_protocol
from safehaven.ui.context import UiContext
from safehaven.ui.screening.tab import IDLE, OUTCOME, QUESTIONS, SETTING_PAGE, ScreeningTab
from safehaven.ui.tasks import TaskRunner
from tests.services.screening.helpers import REPORT_LINE, new_client, set_contacts, train


def make_tab(qtbot, vault, actor, client_id) -> ScreeningTab:
    tab = ScreeningTab(UiContext(vault, actor, TaskRunner()), client_id)
    qtbot.addWidget(tab)
    tab.resize(1200, 900)
    tab.show()
    settled(qtbot, tab)
    return tab


def settled(qtbot, tab) -> None:
    """Wait for the read on the read pool and for the domain's questions, built in slices."""
    qtbot.waitUntil(lambda: not tab.load.loading and not tab.build.building)


def click(qtbot, tab, button) -> None:
    def scrolled_to() -> bool:
        tab.scroll_area.ensureWidgetVisible(button)  # again once the layout has settled
        return not button.visibleRegion().isEmpty()

    qtbot.waitUntil(scrolled_to, timeout=2000)
    assert button.isVisible(), button.text()
    assert button.isEnabled(), button.text()
    if isinstance(button, QRadioButton | QCheckBox):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(6, button.height() // 2))
    else:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settled(qtbot, tab)


def choose(qtbot, tab, key, code) -> None:
    click(qtbot, tab, tab.question_widgets[key].choice_buttons[code])


def stored(vault, actor, client_id):
    with vault.session() as s:
        return svc.find_screening(s, actor=actor, client_id=client_id)


def _text_room(combo: QComboBox) -> int:
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    control, field = QStyle.ComplexControl.CC_ComboBox, QStyle.SubControl.SC_ComboBoxEditField
    return combo.style().subControlRect(control, option, field, combo).width()


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_form_and_language_are_read_whole_on_a_laptop(qtbot, vault, staff, language) -> None:
    """The forms arrive after the tab is built; the choices once showed as "Short sc"."""
    client_id = new_client(vault, staff.intake)
    i18n.set_language(language)
    try:
        tab = make_tab(qtbot, vault, staff.intake, client_id)
        _check_combos_whole(qtbot, tab)
    finally:
        i18n.set_language("en")


def _check_combos_whole(qtbot, tab) -> None:
    tab.resize(1020, 520)  # the case tab of a 1200-pixel window (the guide's pictures)
    form = tab.form_combo
    widest = max((form.itemText(i) for i in range(form.count())), key=len)
    form.setCurrentText(widest)  # the longest form name; the language as chosen for the person
    for combo in (form, tab.language_combo):
        qtbot.waitUntil(
            lambda c=combo: _text_room(c) >= c.fontMetrics().horizontalAdvance(c.currentText())
        )
    assert tab.scroll_area.widget().minimumSizeHint().width() <= tab.scroll_area.viewport().width()


def test_short_form_with_a_skipped_domain_pause_and_resume(qtbot, vault, staff) -> None:
    train(vault, staff.admin, staff.intake.user_id, "screening_basics")
    client_id = new_client(vault, staff.intake)
    tab = make_tab(qtbot, vault, staff.intake, client_id)
    assert "neither prove nor disprove" in tab.disclaimer.text()
    assert tab.stack.currentIndex() == IDLE
    click(qtbot, tab, tab.start_button)
    assert tab.stack.currentIndex() == SETTING_PAGE
    assert not tab.setting_page.begin_button.isEnabled()  # setting checks first
    assert "You do not have to answer anything" in tab.setting_page.opening.text()
    for box in tab.setting_page.checks.values():
        click(qtbot, tab, box)
    click(qtbot, tab, tab.setting_page.begin_button)
    assert tab.stack.currentIndex() == QUESTIONS
    assert tab._row.current_domain == "recruitment"
    assert not tab.training_banner.isVisible()  # trained: no notice
    choose(qtbot, tab, "s_false_promise", "yes")
    choose(qtbot, tab, "s_lied_conditions", "prefers_not_to_answer")
    click(qtbot, tab, tab.question_widgets["s_arranged_travel"].skip_button)
    click(qtbot, tab, tab.next_domain_button)
    assert tab._row.current_domain == "movement"
    click(qtbot, tab, tab.skip_domain_button)  # the movement domain is skipped
    assert tab._row.current_domain == "violence"
    choose(qtbot, tab, "s_hurt_threatened", "no")
    click(qtbot, tab, tab.pause_button)
    assert stored(vault, staff.intake, client_id).status == "paused"
    assert not tab.questions_box.isEnabled()
    assert tab.resume_button.isVisible()
    tab.close()

    again = make_tab(qtbot, vault, staff.intake, client_id)  # later, in a new window
    assert again.resume_button.isVisible()
    click(qtbot, again, again.resume_button)
    assert again._row.status == "draft"
    assert again._row.current_domain == "violence"
    assert again.question_widgets["s_hurt_threatened"].choice_buttons["no"].isChecked()
    row = again._row
    assert row.answers["s_false_promise"].value == "yes"
    assert row.answers["s_lied_conditions"].state == "prefers_not"
    assert row.answers["s_arranged_travel"].state == "not_asked"
    assert {d.key: d.state for d in row.domains}["movement"] == "skipped"
    choose(qtbot, again, "s_threats_family", "yes")
    click(qtbot, again, again.outcome_button)
    assert again.stack.currentIndex() == OUTCOME
    page = again.outcome_page
    assert page.domain_boxes["recruitment"].isChecked()
    assert page.domain_boxes["violence"].isChecked()
    assert not page.save_button.isEnabled()  # the staff member chooses the outcome
    click(qtbot, again, page.outcome_buttons["offer_assessment"])
    click(qtbot, again, page.save_button)
    assert again.stack.currentIndex() == IDLE
    assert "Outcome recorded" in again.message.text()
    assert again.history_model.rowCount() == 1
    with vault.session() as s:
        runs = list_protocol_runs(s, actor=staff.intake, client_id=client_id)
    assert {r.protocol_key for r in runs} == {"adult_indicators", "labour_indicators"}
    shown = {w.step.id for w in again.protocols.step_widgets.values()}
    assert shown == {step.id for r in runs for step in r.steps}
    with vault.session() as s:
        total = s.scalar(select(func.count()).select_from(ScreeningAnswer))
        distinct = s.scalar(select(func.count(func.distinct(ScreeningAnswer.question_key))))
    assert total == distinct == 15  # every question once; nothing lost, nothing doubled


def test_protocol_steps_are_done_or_skipped_with_a_reason(qtbot, vault, staff) -> None:
    client_id = new_client(vault, staff.caseworker)
    tab = make_tab(qtbot, vault, staff.caseworker, client_id)
    assert tab.training_banner.isVisible() is False
    click(qtbot, tab, tab.start_button)
    assert "supervisor" in tab.training_banner.text()  # not trained: notice, never blocked
    click(qtbot, tab, tab.setting_page.decline_button)  # the person declined
    assert tab.history_model.rowCount() == 1
    assert not tab.protocols.step_widgets
    with vault.session() as s:
        start_protocol(
            s, actor=staff.caseworker, client_id=client_id, protocol_key="labour_indicators"
        )
    with qtbot.waitSignal(tab.loaded):
        tab.refresh()
    widgets = list(tab.protocols.step_widgets.values())
    assert len(widgets) == 4
    first = widgets[0]
    assert not first.skip_button.isEnabled()  # a reason is needed to skip
    tab.scroll_area.ensureWidgetVisible(first.reason_edit)
    first.reason_edit.setFocus()
    qtbot.keyClicks(first.reason_edit, "Documents already with the person")
    click(qtbot, tab, first.skip_button)
    widgets = list(tab.protocols.step_widgets.values())
    assert widgets[0].step.state == "skipped"
    click(qtbot, tab, widgets[1].done_button)
    assert list(tab.protocols.step_widgets.values())[1].step.state == "done"


def test_a_minors_disclosure_shows_stop_and_report_with_the_contact(qtbot, vault, staff) -> None:
    set_contacts(vault, staff.admin)
    client_id = new_client(vault, staff.intake, estimated_age=15)
    tab = make_tab(qtbot, vault, staff.intake, client_id)
    assert [tab.form_combo.itemData(i) for i in range(tab.form_combo.count())] == ["minor"]
    click(qtbot, tab, tab.start_button)
    for box in tab.setting_page.checks.values():
        click(qtbot, tab, box)
    click(qtbot, tab, tab.setting_page.begin_button)
    click(qtbot, tab, tab.next_domain_button)
    click(qtbot, tab, tab.next_domain_button)
    assert tab._row.current_domain == "violence"
    choose(qtbot, tab, "m_hurt", "yes")
    assert tab._row.status == "paused"
    assert "Stop the interview" in tab.disclosure_banner.text()
    first = next(iter(tab.protocols.step_widgets.values()))
    assert first.step.key == "stop_and_report"
    assert REPORT_LINE in first.step.detail["en"]


def test_the_tab_reads_in_the_background_and_holds_its_actions_until_shown(
    qtbot, vault, staff
) -> None:
    client_id = new_client(vault, staff.caseworker)
    with vault.session() as s:
        svc.start_screening(
            s, actor=staff.caseworker, client_id=client_id, form="short", question_language="en"
        )
        start_protocol(
            s, actor=staff.caseworker, client_id=client_id, protocol_key="labour_indicators"
        )
    tab = ScreeningTab(UiContext(vault, staff.caseworker, TaskRunner()), client_id)
    qtbot.addWidget(tab)
    tab.show()
    # the answer has not been delivered: nothing shown yet can be acted on
    assert tab.load.notice.isVisible()
    assert not tab.stop_button.isEnabled()
    assert not tab.setting_page.isEnabled()
    assert not tab.protocols.isEnabled()
    qtbot.waitUntil(lambda: tab.stack.currentIndex() == SETTING_PAGE)
    assert not tab.load.notice.isVisible()
    assert tab.stop_button.isVisible()
    assert tab.stop_button.isEnabled()
    assert tab.setting_page.isEnabled()
    assert tab.protocols.isEnabled()
    assert len(tab.protocols.step_widgets) == 4
    assert tab.status_label.text() != "No screening open"


def test_a_domain_shows_every_indicator_once_built_and_moving_on_waits_for_it(
    qtbot, vault, staff
) -> None:
    train(vault, staff.admin, staff.intake.user_id, "screening_basics")
    tab = make_tab(qtbot, vault, staff.intake, new_client(vault, staff.intake))
    tab.form_combo.setCurrentIndex(tab.form_combo.findData("full"))
    click(qtbot, tab, tab.start_button)
    for box in tab.setting_page.checks.values():
        click(qtbot, tab, box)
    tab.scroll_area.ensureWidgetVisible(tab.setting_page.begin_button)
    qtbot.mouseClick(tab.setting_page.begin_button, Qt.MouseButton.LeftButton)
    expected = list(tab._bank.section(tab._row.current_domain).question_keys)
    assert len(expected) > tab.build.per_turn
    assert tab.build.building  # the rest comes while the loop turns
    assert not tab.next_domain_button.isEnabled()
    assert not tab.outcome_button.isEnabled()
    assert tab.stop_button.isEnabled()  # stopping never waits
    first = tab.question_widgets[expected[0]]
    click(qtbot, tab, first.choice_buttons["yes"])  # what is built can be answered already
    settled(qtbot, tab)
    assert stored(vault, staff.intake, tab._client_id).answers[expected[0]].value == "yes"
    layout = tab.questions_layout
    shown = [layout.itemAt(i).widget().question.key for i in range(layout.count())]
    assert shown == expected
    assert tab.question_widgets[expected[0]] is first  # the answer did not rebuild the domain
    assert tab.next_domain_button.isEnabled()
    assert tab.outcome_button.isEnabled()
