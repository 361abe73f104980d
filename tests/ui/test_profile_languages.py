# ruff: noqa: F401, F811  (pytest fixtures imported from case_support)
"""The Profile tab names a person's languages in the interface language and keeps codes stored."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt

from safehaven import i18n
from safehaven.services.cases.clients import ClientDraft, get_client, update_client
from safehaven.ui.cases.case_page import CasePage
from tests.ui.case_support import clients, make_ctx


def _profile(qtbot, vault, staff, client_id):  # type: ignore[no-untyped-def]
    with vault.session() as session:
        draft = ClientDraft(chosen_name="Kwame", languages="es,ar", preferred_language="ar")
        update_client(session, actor=staff.supervisor, client_id=client_id, draft=draft)
    page = CasePage(make_ctx(qtbot, vault, staff.supervisor), client_id)
    qtbot.addWidget(page)
    page.show()
    return page


def _stored(vault, staff, client_id):  # type: ignore[no-untyped-def]
    with vault.session() as session:
        row = get_client(session, actor=staff.supervisor, client_id=client_id)
    return row.languages, row.preferred_language


def test_languages_are_shown_by_name_not_code(qtbot, vault, staff, clients):
    page = _profile(qtbot, vault, staff, clients["Kwame"])
    tab = page.tab("profile")
    assert tab.editors["languages"].input.text() == "Spanish, Arabic"
    assert tab.editors["preferred_language"].input.text() == "Arabic"
    assert tab.save_reason.text() == "No changes to save."  # the names read back as the codes


def test_language_names_follow_the_interface_language(qtbot, vault, staff, clients):
    page = _profile(qtbot, vault, staff, clients["Kwame"])
    tab = page.tab("profile")
    try:
        i18n.set_language("es")
        QCoreApplication.sendEvent(page, QEvent(QEvent.Type.LanguageChange))
        assert tab.editors["languages"].input.text() == "Español, Árabe"
        assert tab.editors["preferred_language"].input.text() == "Árabe"
        assert not tab.save_button.isEnabled()  # nothing changed
    finally:
        i18n.set_language("en")


def test_names_or_codes_typed_are_saved_as_codes(qtbot, vault, staff, clients):
    page = _profile(qtbot, vault, staff, clients["Kwame"])
    tab = page.tab("profile")
    languages = tab.editors["languages"].input
    languages.clear()
    qtbot.keyClicks(languages, "Klingonese")
    assert tab.editors["languages"].error.text().startswith("Languages: Type language names")
    assert not tab.save_button.isEnabled()
    languages.clear()
    qtbot.keyClicks(languages, "french, uk; Tagalog")
    preferred = tab.editors["preferred_language"].input
    preferred.clear()
    qtbot.keyClicks(preferred, "French, Arabic")
    one = tab.editors["preferred_language"].error.text()
    assert one == "Preferred language: Name one language."
    preferred.clear()
    qtbot.keyClicks(preferred, "fr")
    with qtbot.waitSignal(tab.saved, timeout=5000):
        qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert _stored(vault, staff, clients["Kwame"]) == ("fr,uk,tl", "fr")
    assert languages.text() == "French, Ukrainian, Tagalog"
    assert preferred.text() == "French"
