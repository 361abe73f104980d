# ruff: noqa: F401, F811  (pytest fixtures imported from case_support)
"""The case page: header, Profile validated as you type, History of views and changes, lock."""

from __future__ import annotations

from PySide6.QtCore import Qt

from safehaven.services.cases.clients import ClientDraft, update_client
from safehaven.ui.cases.case_page import CasePage
from safehaven.ui.cases.history_tab import HistoryTab
from safehaven.ui.cases.profile_tab import ProfileTab
from tests.ui.case_support import NAMES, clients, make_ctx
from tests.ui.helpers import assert_text_absent, collect_texts


def _case(qtbot, vault, actor, client_id) -> CasePage:  # type: ignore[no-untyped-def]
    page = CasePage(make_ctx(qtbot, vault, actor), client_id)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    return page


def test_header_shows_number_and_name_but_title_only_the_number(qtbot, vault, staff, clients):
    page = _case(qtbot, vault, staff.supervisor, clients["Zoë"])
    assert page.name_label.text() == "Zoë"
    assert page.case_number.startswith("SH-")
    assert page.case_number in page.number_label.text()
    assert "Zoë" not in page.windowTitle()
    assert page.case_number in page.windowTitle()
    titles = [page.tabs.tabText(i).replace("&", "") for i in range(page.tabs.count())]
    assert titles[:2] == ["Profile", "History"]


def test_a_case_outside_the_scope_shows_a_message_and_no_tabs(qtbot, vault, staff, clients):
    page = _case(qtbot, vault, staff.caseworker2, clients["María"])
    assert page.tabs.isHidden()
    assert "María" not in " ".join(collect_texts(page))
    assert page.message.text()


def test_profile_validates_as_you_type_and_saves(qtbot, vault, staff, clients):
    page = _case(qtbot, vault, staff.supervisor, clients["Kwame"])
    tab = page.tab("profile")
    assert isinstance(tab, ProfileTab)
    assert not tab.save_button.isEnabled()
    assert tab.save_reason.text() == "No changes to save."
    name = tab.editors["chosen_name"].input
    name.selectAll()
    qtbot.keyClick(name, Qt.Key.Key_Backspace)
    assert tab.editors["chosen_name"].error.text() == "Chosen name: This field is required."
    assert not tab.save_button.isEnabled()
    assert "red" in tab.save_button.toolTip()
    qtbot.keyClicks(name, "Kwame A.")
    qtbot.keyClicks(tab.editors["closure_date"].input, "2025-01-01")  # before intake
    assert tab.editors["closure_date"].error.text() == (
        "Closure date: The closure date is before the intake date."
    )
    tab.editors["closure_date"].input.clear()
    qtbot.keyClicks(tab.editors["estimated_age"].input, "abc")
    assert tab.editors["estimated_age"].error.text() == "Estimated age: Enter a whole number."
    tab.editors["estimated_age"].input.clear()
    gender = tab.editors["gender"].input
    gender.setCurrentIndex(gender.findData("prefers_not_to_answer"))
    assert tab.save_button.isEnabled()
    with qtbot.waitSignal(tab.saved, timeout=5000):
        qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert page.name_label.text() == "Kwame A."
    assert tab.status.text() == "Saved."
    assert not tab.save_button.isEnabled()


def test_coded_choices_offer_non_answers(qtbot, vault, staff, clients):
    page = _case(qtbot, vault, staff.supervisor, clients["Kwame"])
    tab = page.tab("profile")
    for name in ("gender", "citizenship_category", "trafficking_type"):
        combo = tab.editors[name].input
        items = [combo.itemText(i) for i in range(combo.count())]
        assert {"Not collected", "Doesn't know", "Prefers not to answer"} <= set(items), name
    country = tab.editors["country_of_origin"].input
    assert country.findData("MX") > 0
    assert country.itemText(0) == "Not collected"


def test_restricted_fields_only_for_roles_that_may_see_them(qtbot, vault, staff, clients):
    intake_view = _case(qtbot, vault, staff.intake, clients["Kwame"])
    assert intake_view.tab("profile").restricted_box.isHidden()
    caseworker_view = _case(qtbot, vault, staff.supervisor, clients["Kwame"])
    assert not caseworker_view.tab("profile").restricted_box.isHidden()


def test_history_shows_the_view_and_the_change(qtbot, vault, staff, clients):
    with vault.session() as session:
        draft = ClientDraft(chosen_name="Zoë", pronouns="she/her", intake_date=None)
        update_client(session, actor=staff.supervisor, client_id=clients["Zoë"], draft=draft)
    page = _case(qtbot, vault, staff.supervisor, clients["Zoë"])
    page.show_tab("history")
    tab = page.tab("history")
    assert isinstance(tab, HistoryTab)
    model = tab.model
    qtbot.waitUntil(lambda: model.rowCount() > 0)  # read on the read pool
    rows = [
        [model.data(model.index(r, c)) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]
    assert rows[0][1:3] == ["Supervisor", "Opened the case"]  # newest first
    assert rows[1][1:4] == ["Supervisor", "Changed the profile", "Pronouns"]
    assert rows[-1][1:3] == ["Intake", "Registered the client"]


def test_models_pass_the_model_tester(qtmodeltester, qtbot, vault, staff, clients):
    page = _case(qtbot, vault, staff.supervisor, clients["Zoë"])
    page.show_tab("history")
    qtbot.waitUntil(lambda: page.tab("history").model.rowCount() > 0)
    qtmodeltester.check(page.tab("history").model)


def test_clear_leaves_no_client_data_in_any_widget_or_model(qtbot, vault, staff, clients):
    with vault.session() as session:
        draft = ClientDraft(
            chosen_name="Zoë", legal_name="Zoe Legalname", phone="+1-555-0100", pronouns="they"
        )
        update_client(session, actor=staff.supervisor, client_id=clients["Zoë"], draft=draft)
    page = _case(qtbot, vault, staff.supervisor, clients["Zoë"])
    page.show_tab("history")
    assert page.tab("profile").editors["legal_name"].input.text() == "Zoe Legalname"
    qtbot.waitUntil(lambda: page.tab("history").model.rowCount() > 0)
    page.clear()
    assert_text_absent([page], [*NAMES, "Zoe Legalname", "+1-555-0100", page.case_number])


def test_language_switch_rewords_tabs_and_profile_keeping_edits(qtbot, vault, staff, clients):
    from PySide6.QtCore import QCoreApplication, QEvent

    from safehaven import i18n

    page = _case(qtbot, vault, staff.supervisor, clients["Kwame"])
    tab = page.tab("profile")
    qtbot.keyClicks(tab.editors["pronouns"].input, "he/him")
    try:
        i18n.set_language("es")
        QCoreApplication.sendEvent(page, QEvent(QEvent.Type.LanguageChange))
        assert page.tabs.tabText(0) == "Perfil"
        assert page.number_label.text().startswith("Caso ")
        gender = tab.editors["gender"].input
        assert gender.itemText(0) == "No recogido"
        assert tab.save_button.text() == "&Guardar perfil"
        assert tab.editors["pronouns"].input.text() == "he/him"
        assert tab.save_button.isEnabled()
    finally:
        i18n.set_language("en")


def test_history_is_read_in_the_background_with_a_quiet_notice(qtbot, vault, staff, clients):
    tab = HistoryTab(make_ctx(qtbot, vault, staff.supervisor), clients["Zoë"])
    qtbot.addWidget(tab)
    tab.show()
    tab.refresh()
    assert tab.load.notice.isVisible()
    assert tab.model.rowCount() == 0
    with qtbot.waitSignal(tab.loaded):
        pass
    assert not tab.load.notice.isVisible()
    assert tab.model.rowCount() > 0
