# ruff: noqa: F401, F811  (pytest fixtures imported from case_support)
"""Saving a profile someone else saved meanwhile keeps both: theirs on screen, mine on top."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt

from safehaven.services.cases.clients import ClientDraft, get_client, update_client
from safehaven.ui.cases.case_page import CasePage
from tests.ui.case_support import clients, make_ctx


def test_a_colleagues_save_is_kept_and_my_edit_stays_on_screen(qtbot, vault, staff, clients):  # type: ignore[no-untyped-def]
    page = CasePage(make_ctx(qtbot, vault, staff.supervisor), clients["Kwame"])
    qtbot.addWidget(page)
    page.show()
    tab = page.tab("profile")
    qtbot.keyClicks(tab.editors["pronouns"].input, "he/him")

    with vault.session() as s:  # a colleague saves the same profile meanwhile
        theirs = get_client(s, actor=staff.caseworker, client_id=clients["Kwame"])
        kept = {f.name: getattr(theirs, f.name) for f in dataclasses.fields(ClientDraft)}
        update_client(
            s,
            actor=staff.caseworker,
            client_id=clients["Kwame"],
            draft=ClientDraft(**{**kept, "other_names": "Kwame Mensah"}),
            expected_version=theirs.version,
        )

    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Someone saved this record" in tab.status.text(), timeout=5000)
    assert tab.editors["other_names"].input.text() == "Kwame Mensah"
    assert tab.editors["pronouns"].input.text() == "he/him"
    with vault.session() as s:
        assert get_client(s, actor=staff.supervisor, client_id=clients["Kwame"]).pronouns is None

    assert tab.save_button.isEnabled()
    with qtbot.waitSignal(tab.saved, timeout=5000):
        qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    with vault.session() as s:
        saved = get_client(s, actor=staff.supervisor, client_id=clients["Kwame"])
    assert (saved.pronouns, saved.other_names) == ("he/him", "Kwame Mensah")
