"""What a tired caseworker notices: messages that appear without moving the layout, "required"
only once it means something, a window title with the application's name once, each role's own
first page, Reports with figures at once, whole navigation labels, one date format, and tables
that fit the window."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QStyle,
    QStyleOptionComboBox,
)

from safehaven import i18n
from safehaven.demo import vault as demo
from safehaven.services.cases.clients import ClientDraft, register_client
from safehaven.storage.keyslots import FAST_TEST_KDF
from safehaven.ui.cases.case_page import CasePage
from safehaven.ui.directory.organization_dialog import OrganizationDialog
from safehaven.ui.languages import last_language
from safehaven.ui.referrals.referral_dialog import ReferralDialog
from safehaven.ui.widgets.form_inputs import DateInput
from safehaven.ui.widgets.tables import share_width
from tests.conftest import STAFF_PASSWORD
from tests.services.referral_helpers import make_client, make_org, make_referral
from tests.ui.case_support import make_ctx
from tests.ui.shell_support import install_fake_pages, sign_in, start_app, wait_unlocked
from tests.ui.test_intake_tab import click, go_to, make_tab, type_text
from tests.ui.test_intake_tab import client_id as client_id  # the fixture

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("polish") / "vault"
    demo.create_demo_vault(folder, clients=160, kdf=FAST_TEST_KDF, today=dt.date.today())
    return folder


@pytest.fixture
def open_demo(qtbot, demo_folder) -> Iterator:
    apps = []

    def _open(username: str):
        app = start_app(qtbot, demo_folder)
        apps.append(app)
        sign_in(qtbot, app, username, demo.DEMO_PASSWORD)
        wait_unlocked(qtbot, app)
        return app

    yield _open
    for app in apps:
        app.shutdown()


# -- messages keep their place ---------------------------------------------------------------


def test_the_intake_error_line_appears_without_moving_anything(qtbot, vault, staff, client_id):
    tab = make_tab(qtbot, vault, staff.intake, client_id)
    click(qtbot, tab.start_button)
    go_to(qtbot, tab, "B")
    widget = tab.question_widgets["b_age"]
    qtbot.wait(50)
    before = (widget.height(), widget.skip_button.geometry())
    type_text(qtbot, tab, "b_age", "two hundred years and more, said with a long explanation")
    assert widget.error_label.text()
    assert widget.error_label.isVisible()
    qtbot.wait(50)
    assert (widget.height(), widget.skip_button.geometry()) == before


def test_the_intake_state_stands_apart_from_the_language_label(qtbot, vault, staff, client_id):
    tab = make_tab(qtbot, vault, staff.intake, client_id)
    click(qtbot, tab.start_button)
    qtbot.waitUntil(lambda: bool(tab.status_label.text()))
    labels = tab.language_combo.parentWidget().findChildren(QLabel)
    label = next(w for w in labels if w.buddy() is tab.language_combo)
    status = tab.status_label
    drawn_end = status.x() + status.fontMetrics().horizontalAdvance(status.text())
    assert label.x() - drawn_end >= 3 * label.fontMetrics().averageCharWidth()  # not one phrase


def test_a_dialog_error_line_keeps_its_room(qtbot) -> None:
    dialog = OrganizationDialog(None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    save_at = dialog.save_button.mapTo(dialog, dialog.save_button.rect().topLeft())
    dialog.inputs["name"].setText("x")
    dialog.inputs["name"].clear()  # edited, then cleared: now the message shows
    assert "required" in dialog.error.text()
    QApplication.processEvents()
    assert dialog.save_button.mapTo(dialog, dialog.save_button.rect().topLeft()) == save_at


def test_required_is_not_shown_on_open_but_after_editing_or_saving(qtbot) -> None:
    fresh = OrganizationDialog(None)
    qtbot.addWidget(fresh)
    fresh.show()
    assert not fresh.error.text()
    assert fresh.save_button.isEnabled()
    qtbot.mouseClick(fresh.save_button, Qt.MouseButton.LeftButton)  # pressing Save shows why
    assert "required" in fresh.error.text()
    assert fresh.isVisible()  # and the dialog stays open
    edited = OrganizationDialog(None)
    qtbot.addWidget(edited)
    edited.show()
    qtbot.keyClicks(edited.inputs["name"], "Casa")
    assert not edited.error.text()
    edited.inputs["name"].selectAll()
    qtbot.keyClick(edited.inputs["name"], Qt.Key.Key_Backspace)
    assert "required" in edited.error.text()
    assert not edited.save_button.isEnabled()


# -- the window ------------------------------------------------------------------------------


def test_the_window_title_names_the_case_and_the_application_once(qtbot, vault, staff, monkeypatch):
    install_fake_pages(monkeypatch)
    with vault.session() as session:
        client = register_client(
            session, actor=staff.supervisor, draft=ClientDraft(chosen_name="Lucía Mar")
        )
    vault.close()
    app = start_app(qtbot, vault.folder)
    try:
        sign_in(qtbot, app, "supervisor", STAFF_PASSWORD)
        wait_unlocked(qtbot, app)
        window = app.window
        assert window.windowTitle() == "Cases — SafeHaven"
        window.open_case(client.id)
        title = window.windowTitle()
        assert title == f"{client.case_number} — SafeHaven"
        assert title.count("SafeHaven") == 1
        assert "Lucía" not in title
        i18n.set_language("es")
        window.show_page("tasks")
        assert window.windowTitle() == "Tareas — SafeHaven"
    finally:
        app.shutdown()


def test_a_director_lands_on_reports_with_this_years_figures(open_demo) -> None:
    app = open_demo("director")
    window = app.window
    assert window.current_key == "reports"
    page = window.pages["reports"]
    assert page.period().id == str(dt.date.today().year)
    qtbotless_wait(lambda: page.report is not None or bool(page.error.text()))
    assert page.report is not None, page.error.text()
    assert page.table_choice.count() > 0
    assert page.model.rowCount() > 0
    assert str(dt.date.today().year) in page.mode.text()


def test_a_period_asked_for_while_this_years_report_loads_is_the_one_shown(
    qtbot, open_demo
) -> None:
    page = open_demo("director").window.pages["reports"]
    page.clear()
    page.show_report()  # this year's report, as on opening the page ...
    page.part.setCurrentIndex(3)  # ... and the first quarter asked for before it came
    qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    runner = page.ctx.runner
    qtbotless_wait(lambda: runner.active_count() == 0)
    assert page.report is not None
    assert page.report.period == f"{dt.date.today().year}-Q1"


def test_an_administrator_lands_on_administration(open_demo) -> None:
    assert open_demo("admin").window.current_key == "admin"


def qtbotless_wait(condition, timeout_ms: int = 60_000) -> None:
    from PySide6.QtCore import QDeadlineTimer

    deadline = QDeadlineTimer(timeout_ms)
    while not condition():
        assert not deadline.hasExpired(), "the report did not arrive"
        QApplication.processEvents()
        QApplication.instance().thread().msleep(20)


@pytest.mark.parametrize("language", ["en", "es"])
def test_no_navigation_label_is_cut_off(open_demo, language) -> None:
    app = open_demo("admin")
    i18n.set_language(language)
    navigation = app.window.navigation
    navigation.show()
    QApplication.processEvents()
    metrics = navigation.fontMetrics()
    for number in range(navigation.count()):
        item = navigation.item(number)
        rect = navigation.visualItemRect(item)
        needed = metrics.horizontalAdvance(item.text()) + navigation.iconSize().width()
        assert rect.width() >= needed, item.text()
        assert rect.right() <= navigation.viewport().width(), item.text()
    assert any(navigation.item(n).text().startswith("Administra") for n in range(3))


def test_the_selected_navigation_icon_is_drawn_for_the_highlight(open_demo) -> None:
    navigation = open_demo("admin").window.navigation
    icon = navigation.currentItem().icon()
    normal = icon.pixmap(18, 18).toImage()
    selected = icon.pixmap(18, 18, icon.Mode.Selected).toImage()
    assert normal != selected  # tinted for the highlight, not the dark line on dark blue


# -- dates and tables ------------------------------------------------------------------------


def test_referral_and_appointment_dates_read_like_every_other_date(
    qtbot, vault, staff, monkeypatch
):
    with vault.session() as session:
        client_id = make_client(session, staff.caseworker)
        org_id = make_org(session, staff.admin)
        make_referral(
            session,
            staff.caseworker,
            client_id,
            org_id,
            appointment_at=dt.datetime(2026, 3, 4, 9, 30, tzinfo=dt.UTC),
            follow_up_due=dt.date(2026, 3, 18),
        )
    page = CasePage(make_ctx(qtbot, vault, staff.caseworker), client_id)
    qtbot.addWidget(page)
    page.show_tab("referrals")
    tab = page.tab("referrals")
    model = tab.model
    qtbot.waitUntil(lambda: model.rowCount() == 1)  # read on the read pool
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    appointment = model.index(0, headers.index("Appointment")).data()
    follow_up = model.index(0, headers.index("Follow up on")).data()
    assert ISO_DATE_TIME.match(appointment), appointment
    assert follow_up == "2026-03-18"
    profile_date = DateInput("Date")
    profile_date.set_value(dt.date(2026, 3, 18))
    assert profile_date.text() == follow_up  # the same form as a typed date
    shown = []

    def look(dialog: ReferralDialog) -> int:  # the dialog as it opens, instead of waiting
        dialog.has_appointment.setChecked(True)
        shown.append(dialog.appointment.text())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(ReferralDialog, "exec", look)
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    assert shown
    assert ISO_DATE_TIME.match(shown[0]), shown[0]


def test_the_directory_fits_a_1180_pixel_window(open_demo) -> None:
    window = open_demo("admin").window
    window.resize(1180, 760)
    window.show()
    page = window.show_page("directory")
    qtbotless_wait(lambda: page.model.rowCount() > 0)
    QApplication.processEvents()
    table = page.table
    assert not table.horizontalScrollBar().isVisible()
    header = table.horizontalHeader()
    assert header.length() <= table.viewport().width()
    longest = max(range(page.model.rowCount()), key=lambda r: len(page.model.index(r, 4).data()))
    services = page.model.index(longest, 4)
    assert services.data(Qt.ItemDataRole.ToolTipRole) == services.data()  # the whole text


def test_the_case_list_shows_every_column_on_a_laptop_at_150_percent(open_demo) -> None:
    window = open_demo("caseworker").window
    window.resize(1366 * 2 // 3, 768 * 2 // 3 - 12)  # a 1366x768 screen at 150 %, less a bar
    window.show()
    page = window.show_page("cases")
    qtbotless_wait(lambda: page.model.rowCount() > 0)
    QApplication.processEvents()
    view, header = page.view, page.view.horizontalHeader()
    assert not view.horizontalScrollBar().isVisible()
    assert header.length() <= view.viewport().width()
    for column in range(header.count()):  # every title whole, the intake date too
        assert header.sectionSize(column) >= header.sectionSizeHint(column), column


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_profile_needs_no_sideways_scrolling_on_a_laptop_at_150_percent(
    open_demo, language
) -> None:
    window = open_demo("intake").window
    i18n.set_language(language)
    try:
        window.resize(1366 * 2 // 3, 768 * 2 // 3 - 12)
        window.show()
        page = window.pages["cases"]
        qtbotless_wait(lambda: page.model.rowCount() > 0)
        tab = window.open_case(page.model.case_id(0)).tab("profile")
        QApplication.processEvents()
        scroll = tab.scroll_area
        assert scroll.widget().minimumSizeHint().width() <= scroll.viewport().width()
        assert not scroll.horizontalScrollBar().isVisible()
        for editor in tab.editors.values():  # every field is inside the visible width
            right = editor.input.mapTo(scroll.widget(), editor.input.rect().topRight()).x()
            assert right <= scroll.viewport().width(), editor.spec.name
    finally:
        i18n.set_language("en")


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_case_list_filters_are_whole_on_a_laptop_at_150_percent(open_demo, language) -> None:
    window = open_demo("caseworker").window
    i18n.set_language(language)
    try:
        window.resize(1366 * 2 // 3, 768 * 2 // 3 - 12)
        window.show()
        page = window.show_page("cases")
        qtbotless_wait(lambda: page.model.rowCount() > 0)
        QApplication.processEvents()
        for widget in (page.search_label, page.status_label, page.worker_label, page.new_button):
            assert widget.width() >= widget.sizeHint().width(), widget.text()
        for combo in (page.status_filter, page.worker_filter):  # the chosen entry whole
            needed = combo.fontMetrics().horizontalAdvance(combo.currentText())
            assert _text_room(combo) >= needed, combo.currentText()
        placeholder = page.search.placeholderText()
        needed = page.search.fontMetrics().horizontalAdvance(placeholder)
        assert page.search.width() >= needed, placeholder  # the hint read whole
        assert page.new_button.geometry().right() <= page.width()
    finally:
        i18n.set_language("en")


def _column_whole(table, column: int) -> bool:  # type: ignore[no-untyped-def]
    """Every row's text in `column` fits its width (measured as Qt measures a cell)."""
    return table.horizontalHeader().sectionSize(column) >= table.sizeHintForColumn(column)


@pytest.mark.parametrize("size", [(1200, 760), (1366 * 2 // 3, 768 * 2 // 3 - 12)])
def test_organization_names_are_whole_in_the_directory(open_demo, size) -> None:
    """Every name up to a third of the table's width is read whole, and the status beside it
    (a longer name is elided, whole in its tooltip)."""
    window = open_demo("supervisor").window
    window.resize(*size)
    window.show()
    page = window.show_page("directory")
    qtbotless_wait(lambda: page.model.rowCount() > 0)
    QApplication.processEvents()
    table, model = page.table, page.model
    third = table.viewport().width() // 3
    width = table.horizontalHeader().sectionSize(0)
    for row in range(model.rowCount()):
        needed = table.sizeHintForIndex(model.index(row, 0)).width()
        assert needed > third or needed <= width, model.index(row, 0).data()
    assert _column_whole(table, 1)
    assert table.horizontalHeader().length() <= table.viewport().width()


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("size", [(1200, 760), (1366 * 2 // 3, 768 * 2 // 3 - 12)])
def test_task_due_dates_are_whole(open_demo, size, language) -> None:
    window = open_demo("supervisor").window
    i18n.set_language(language)
    try:
        window.resize(*size)
        window.show()
        page = window.show_page("tasks")
        qtbotless_wait(lambda: page.task_model.rowCount() > 0)
        QApplication.processEvents()
        table = page.task_table
        assert _column_whole(table, 0)  # the date and "(overdue)"
        header = table.horizontalHeader()
        assert header.length() <= table.viewport().width()
        due = header.sectionSize(0)
        assert due <= max(header.sectionSize(c) for c in range(1, header.count()))  # no gulf
    finally:
        i18n.set_language("en")


def _text_room(combo: QComboBox) -> int:
    """The width a combo box leaves for its text, beside the arrow."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    control, field = QStyle.ComplexControl.CC_ComboBox, QStyle.SubControl.SC_ComboBoxEditField
    return combo.style().subControlRect(control, option, field, combo).width()


def test_kept_columns_are_cut_last() -> None:
    assert share_width([100, 300, 300], 500, stretch=1, keep=(0,)) == [100, 200, 200]
    assert share_width([400, 200, 200], 500, stretch=0, keep=(0,)) == [250, 125, 125]  # half
    assert share_width([400, 90, 200], 500, stretch=0, keep=(0, 1)) == [210, 90, 200]
    assert share_width([100, 50], 400, stretch=1, keep=(0,)) == [100, 300]  # room to spare


def test_columns_share_the_width_short_ones_whole() -> None:
    assert share_width([50, 60, 70], 300, stretch=1) == [50, 180, 70]
    widths = share_width([60, 400, 500, 80], 500, stretch=2)
    assert sum(widths) == 500
    assert (widths[0], widths[3]) == (60, 80)  # the short columns stay whole
    assert widths[1] == widths[2] == 180


# -- the sign-in screen's language -------------------------------------------------------------


def test_the_sign_in_screen_opens_in_the_language_last_used(qtbot, vault, staff) -> None:
    vault.close()
    first = start_app(qtbot, vault.folder)
    try:
        first.panel.form.language.setCurrentIndex(first.panel.form.language.findData("es"))
        sign_in(qtbot, first, "supervisor", STAFF_PASSWORD)
        wait_unlocked(qtbot, first)
    finally:
        first.shutdown()
    assert last_language.last_language() == "es"
    i18n.set_language("en")  # a new run starts in English ...
    second = start_app(qtbot, vault.folder)
    try:
        assert i18n.current_language() == "es"  # ... and the sign-in screen speaks Spanish
        assert second.panel.form.language.currentData() == "es"
        stored = (last_language.state_dir() / last_language.FILE_NAME).read_text("utf-8")
        assert stored == '{"language": "es"}'  # a language code and nothing else
    finally:
        second.shutdown()


def test_the_administration_page_fits_a_laptop_at_150_percent_in_spanish(open_demo) -> None:
    """Its widest tab (Backups, six buttons) once made the window wider than a 1366-pixel screen
    at 150 % in Spanish; every tab now fits beside the navigation list."""
    window = open_demo("admin").window
    i18n.set_language("es")
    try:
        page = window.show_page("admin")
        QApplication.processEvents()
        room = 1366 * 2 // 3 - window.navigation.sizeHint().width()
        widths = {
            page.tabs.tabText(i): page.tabs.widget(i).minimumSizeHint().width()
            for i in range(page.tabs.count())
        }
        assert max(widths.values()) <= room, widths
    finally:
        i18n.set_language("en")


def test_columns_are_measured_as_qt_measures_them_asking_each_cell_once(qtbot) -> None:
    """A table's columns want the width of their widest text with the cell's margins, as Qt's
    own measure gives, but each cell is asked for its text once: Qt asks every role of every
    cell (3,564 calls into Python for the directory's 18 columns, 21 ms of the GUI thread)."""
    from PySide6.QtWidgets import QWidget

    from safehaven.ui.models.record_table import RecordTableModel, TableColumn
    from safehaven.ui.widgets.tables import CONTENTS_ROWS, ColumnFit, row_table

    asked: list[int] = []

    class Counted(RecordTableModel[tuple[str, str]]):
        def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
            asked.append(role)
            return super().data(index, role)

    columns = [TableColumn("Name", lambda r: r[0]), TableColumn("Service", lambda r: r[1])]
    texts = [("Ana", "Casa Refugio Norte — legal aid"), ("ليلى حسن", "x"), ("王秀英", "Jurídico")]
    rows = [(f"{name} {n}", service * (1 + n % 3)) for n in range(80) for name, service in texts]
    model = Counted(columns)
    parent = QWidget()
    qtbot.addWidget(parent)
    table = row_table(model, "Services", parent)
    parent.resize(900, 400)
    parent.show()
    model.set_rows(rows)
    fit = table.findChild(ColumnFit)
    asked.clear()
    wants = [fit._content_width(column) for column in range(2)]
    assert len(asked) < 2 * (CONTENTS_ROWS + 20)
    assert wants == [table.sizeHintForColumn(column) for column in range(2)]
    assert wants[1] > wants[0] > 0
