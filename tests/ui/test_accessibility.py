"""Accessibility pass over every screen: names, keyboard reach, 200% rendering and contrast.

Builds every page of `registry.PAGES` that the actor may see over a small demo vault, for each
demo role (administrator, director, supervisor, caseworker, intake); every case tab of
`registry.CASE_TABS` and the case page for the roles that open cases (supervisor, caseworker,
intake); every dialog; the main window, the sign-in and the first-run screens. A control fails
when a screen reader would get no name for it, or when the keyboard cannot reach it.
"""

from __future__ import annotations

import ast
import importlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from safehaven.demo import vault as demo
from safehaven.models.permissions import permissions_for
from safehaven.services.accounts import accounts
from safehaven.services.actor import Actor
from safehaven.storage.keyslots import FAST_TEST_KDF
from safehaven.ui import registry
from safehaven.ui.context import UiContext
from safehaven.ui.tasks import TaskRunner
from tests.ui.a11y.dialogs import DIALOGS, WalkWorld, pin_partner
from tests.ui.a11y.walk import check_screen, settle, show, walk_client_id
from tests.ui.a11y.walk import problems as _problems
from tests.ui.accessibility_rules import accessible_name, contrast_ratio
from tests.ui.look_rules import disabled_look_problem, fit_problem

ACTORS = ("supervisor", "admin", "director")  # also shown at 200% (scale_probe)
ROLES = {name: roles for name, _display, roles in demo.DEMO_ACCOUNTS}
CASE_ACTORS = ("supervisor", "caseworker", "intake")
AA_TEXT = 4.5


@pytest.fixture(autouse=True)
def _application_look(qapp: QApplication) -> Iterator[None]:
    """Screens are checked with the look SafeHaven gives them (palette and style sheet)."""
    from safehaven.ui.style import apply_style

    saved = (qapp.palette(), qapp.style().name(), qapp.styleSheet())
    apply_style(qapp)
    yield
    qapp.setPalette(saved[0])
    qapp.setStyle(saved[1])
    qapp.setStyleSheet(saved[2])


@pytest.fixture(scope="module")
def walk_world(tmp_path_factory: pytest.TempPathFactory) -> WalkWorld:
    """One demo vault for the whole module, with an exchange partner pinned."""
    base = tmp_path_factory.mktemp("a11y")
    demo.create_demo_vault(base / "vault", clients=30, kdf=FAST_TEST_KDF)
    rotation = pin_partner(base / "vault", base / "partner")
    return WalkWorld(base / "vault", rotation)


@pytest.fixture(scope="module")
def demo_vault(walk_world: WalkWorld) -> Path:
    return walk_world.folder


@pytest.fixture(scope="module")
def signed_in(demo_vault: Path, request: pytest.FixtureRequest, qapp) -> Iterator[UiContext]:
    signed = accounts.sign_in(demo_vault, request.param, demo.DEMO_PASSWORD)
    runner = TaskRunner()
    ctx = UiContext(signed.vault, signed.actor, runner)
    yield ctx
    runner.read_pool.waitForDone(5000)
    runner.write_pool.waitForDone(5000)
    signed.vault.close()


def _page_cases() -> list[Any]:
    """Every (account, page) pair the account's roles allow; each page is seen by someone."""
    return [
        pytest.param(user, spec.key, id=f"{spec.key}-{user}")
        for user in ROLES
        for spec in registry.PAGES
        if spec.permission in permissions_for(ROLES[user])
    ]


def _tab_cases() -> list[Any]:
    """Every (account, case tab) pair the case-opening roles allow."""
    return [
        pytest.param(user, spec.key, id=f"{spec.key}-{user}")
        for user in CASE_ACTORS
        for spec in registry.CASE_TABS
        if spec.permission in permissions_for(ROLES[user])
    ]


def test_every_page_and_case_tab_is_checked_for_some_role() -> None:
    assert {case.values[1] for case in _page_cases()} == {spec.key for spec in registry.PAGES}
    assert {case.values[1] for case in _tab_cases()} == {spec.key for spec in registry.CASE_TABS}
    assert {case.values[0] for case in _page_cases()} == set(ROLES)  # every role, all five
    assert {case.values[0] for case in _tab_cases()} == set(CASE_ACTORS)


@pytest.mark.parametrize(("signed_in", "key"), _page_cases(), indirect=["signed_in"])
def test_every_page_names_its_controls_and_is_keyboard_reachable(
    qtbot, signed_in: UiContext, key: str
) -> None:
    spec = next(s for s in registry.PAGES if s.key == key)
    assert registry.available([spec], signed_in.actor.permissions) == [spec], "not allowed"
    page = show(qtbot, spec.widget(signed_in), signed_in)
    check_screen(page, f"page {key} as {signed_in.actor.username}")


@pytest.mark.parametrize(("signed_in", "key"), _tab_cases(), indirect=["signed_in"])
def test_every_case_tab_names_its_controls_and_is_keyboard_reachable(
    qtbot, signed_in: UiContext, key: str
) -> None:
    spec = next(s for s in registry.CASE_TABS if s.key == key)
    assert registry.available([spec], signed_in.actor.permissions) == [spec], "not allowed"
    tab = show(qtbot, spec.widget(signed_in, walk_client_id(signed_in)), signed_in)
    check_screen(tab, f"case tab {key} as {signed_in.actor.username}")


@pytest.mark.parametrize("signed_in", CASE_ACTORS, indirect=True)
def test_case_page_names_its_controls(qtbot, signed_in: UiContext) -> None:
    from safehaven.ui.cases.case_page import CasePage

    page = show(qtbot, CasePage(signed_in, walk_client_id(signed_in)), signed_in)
    check_screen(page, f"case page as {signed_in.actor.username}")


@pytest.mark.parametrize("signed_in", ACTORS, indirect=True)
def test_main_window_names_its_controls(qtbot, signed_in: UiContext) -> None:
    from safehaven.ui.shell.main_window import MainWindow

    window = show(qtbot, MainWindow(signed_in, demo=True), signed_in)
    for key in window.page_keys():  # the window must shrink with every page in it
        window.show_page(key)
        settle(qtbot, signed_in)
    if signed_in.actor.username == "supervisor":
        window.open_case(walk_client_id(signed_in))
        settle(qtbot, signed_in)
    check_screen(window, f"main window as {signed_in.actor.username}")


def _dialog_classes() -> set[str]:
    """`module:Class` of every QDialog subclass written in safehaven/ui (not the form bases)."""
    root = Path(__file__).resolve().parents[2] / "safehaven" / "ui"
    found = set()
    for path in root.rglob("*.py"):
        module = ".".join(path.relative_to(root.parents[1]).with_suffix("").parts)
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            named = isinstance(node, ast.ClassDef) and node.name.endswith("Dialog")
            if named and node.name != "FormDialog":  # the shared base of the form dialogs
                found.add(f"{module}:{node.name}")
    return found


def test_every_dialog_is_walked() -> None:
    assert _dialog_classes() == set(DIALOGS)


@pytest.mark.parametrize("signed_in", ["supervisor"], indirect=True)
@pytest.mark.parametrize("target", sorted(DIALOGS))
def test_every_dialog_names_its_controls(
    qtbot, signed_in: UiContext, walk_world: WalkWorld, target: str
) -> None:
    module, _, name = target.partition(":")
    cls = getattr(importlib.import_module(module), name)
    dialog = show(qtbot, DIALOGS[target](cls, signed_in, walk_world), signed_in)
    check_screen(dialog, f"dialog {name}")


def test_sign_in_screen_names_its_controls(qtbot, demo_vault: Path) -> None:
    from safehaven.ui.shell.sign_in import SignInPanel, SignInWindow

    runner = TaskRunner()
    window = show(qtbot, SignInWindow(SignInPanel(demo_vault, runner)))
    check_screen(window, "sign-in")


def test_first_run_screen_names_its_controls(qtbot, tmp_path: Path) -> None:
    from safehaven.ui.shell.first_run import FirstRunWizard

    wizard = show(qtbot, FirstRunWizard(tmp_path / "new", TaskRunner(), kdf=FAST_TEST_KDF))
    check_screen(wizard, "first run")


def test_first_run_office_page_names_its_controls(qtbot, tmp_path: Path) -> None:
    from safehaven.ui.shell.first_run import OFFICE_PAGE, FirstRunWizard

    wizard = show(qtbot, FirstRunWizard(tmp_path / "new", TaskRunner(), kdf=FAST_TEST_KDF))
    wizard.language_step.office_button.setChecked(True)
    wizard.next_button.click()
    assert wizard.stack.currentIndex() == OFFICE_PAGE
    wizard.office_step.ca_path.setText(str(tmp_path / "missing.crt"))  # a problem on show
    check_screen(wizard, "first run, office server")


def test_every_screen_renders_at_200_percent_scaling(tmp_path: Path) -> None:
    """A separate process with QT_SCALE_FACTOR=2 shows every page and a case, for each actor."""
    demo_vault = tmp_path / "vault"  # its own vault: the other tests keep theirs open
    demo.create_demo_vault(demo_vault, clients=30, kdf=FAST_TEST_KDF)
    with_client = accounts.sign_in(demo_vault, "supervisor", demo.DEMO_PASSWORD)
    ctx = UiContext(with_client.vault, with_client.actor, None)  # type: ignore[arg-type]
    client_id = walk_client_id(ctx)
    with_client.vault.close()
    env = {**os.environ, "QT_SCALE_FACTOR": "2", "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.ui.scale_probe",
            str(demo_vault),
            ",".join(ACTORS),
            str(client_id),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [line.split() for line in result.stdout.splitlines() if line.strip()]
    assert {line[0] for line in lines} == set(ACTORS), result.stdout
    assert all(float(line[2]) == 2.0 for line in lines), result.stdout


def _dark_system_palette() -> QPalette:
    palette = QPalette()
    for role, color in {
        QPalette.ColorRole.Window: "#202124",
        QPalette.ColorRole.WindowText: "#e8eaed",
        QPalette.ColorRole.Base: "#121212",
        QPalette.ColorRole.Text: "#e8eaed",
        QPalette.ColorRole.Button: "#303134",
        QPalette.ColorRole.ButtonText: "#e8eaed",
    }.items():
        palette.setColor(role, QColor(color))
    return palette


PAIRS = (
    ("WindowText", "Window"),
    ("Text", "Base"),
    ("Text", "AlternateBase"),
    ("ButtonText", "Button"),
    ("HighlightedText", "Highlight"),
    ("ToolTipText", "ToolTipBase"),
    ("PlaceholderText", "Base"),
    ("Link", "Base"),
    ("Link", "Window"),
)


@pytest.mark.parametrize("system", ["light", "dark"])
def test_palette_contrast_passes_wcag_aa(qapp: QApplication, system: str) -> None:
    style = pytest.importorskip("safehaven.ui.style")
    saved = (qapp.palette(), qapp.style().name(), qapp.styleSheet())
    try:
        qapp.setPalette(_dark_system_palette() if system == "dark" else QPalette())
        style.apply_style(qapp)
        palette = qapp.palette()
        failures = []
        for fg, bg in PAIRS:
            for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
                ratio = contrast_ratio(
                    palette.color(group, getattr(QPalette.ColorRole, fg)),
                    palette.color(group, getattr(QPalette.ColorRole, bg)),
                )
                if ratio < AA_TEXT:
                    failures.append(f"{fg} on {bg} ({group.name}): {ratio:.2f}")
        assert not failures, f"{system} system theme: " + "; ".join(failures)
    finally:
        qapp.setPalette(saved[0])
        qapp.setStyle(saved[1])
        qapp.setStyleSheet(saved[2])


def test_status_and_banner_colours_pass_wcag_aa() -> None:
    style = pytest.importorskip("safehaven.ui.style")
    pairs = {
        "ink on window": (style.INK, style.WINDOW),
        "muted on window": (style.MUTED, style.WINDOW),
        "muted on surface": (style.MUTED, style.SURFACE),
        "error on surface": (style.ERROR, style.SURFACE),
        "error on window": (style.ERROR, style.WINDOW),
        "ok on surface": (style.OK, style.SURFACE),
        "warning banner": (style.WARNING_INK, style.WARNING_BG),
        "demo banner": ("#2b2100", style.DEMO_BG),
        "selected navigation": ("#ffffff", style.ACCENT),
        "link on surface": (style.ACCENT, style.SURFACE),
    }
    failures = [
        f"{label}: {ratio:.2f}"
        for label, (fg, bg) in pairs.items()
        if (ratio := contrast_ratio(QColor(fg), QColor(bg))) < AA_TEXT
    ]
    assert not failures, "; ".join(failures)


def test_the_rules_catch_an_unnamed_or_unreachable_control(qtbot) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFormLayout, QLineEdit, QPushButton

    form = QWidget()
    layout = QFormLayout(form)
    named, unnamed, button = QLineEdit(), QLineEdit(), QPushButton("")
    layout.addRow("&Chosen name", named)
    layout.addRow(unnamed)
    layout.addRow(button)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    qtbot.addWidget(form)
    problems = _problems(form)
    assert len([p for p in problems if "no accessible name" in p]) == 2
    assert len([p for p in problems if "not keyboard reachable" in p]) == 1
    assert accessible_name(named) == "Chosen name"


def test_the_rules_catch_a_disabled_look_and_a_screen_too_big(qtbot) -> None:
    from PySide6.QtWidgets import QPushButton, QVBoxLayout

    screen = QWidget()
    layout = QVBoxLayout(screen)
    same, plain = QPushButton("&Mark sent"), QPushButton("&Edit…")
    same.setStyleSheet("QPushButton { color: #1f2933; background: #e8ebf0; border: none; }")
    for button in (same, plain):
        button.setEnabled(False)
        layout.addWidget(button)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitExposed(screen)
    assert disabled_look_problem(same) is not None
    assert disabled_look_problem(plain) is None
    assert not same.isEnabled()  # the check puts the control back as it was
    assert fit_problem(screen) is None
    plain.setMinimumWidth(1100)
    assert "1024×640" in (fit_problem(screen) or "")
    problems = _problems(screen)
    assert any("painted exactly as when enabled" in p for p in problems)
    assert any("does not fit a 1024×640 window" in p for p in problems)


@pytest.mark.parametrize("system", ["light", "dark"])
def test_disabled_colours_differ_from_enabled_ones(qapp: QApplication, system: str) -> None:
    from safehaven.ui.style import apply_style

    qapp.setPalette(_dark_system_palette() if system == "dark" else QPalette())
    apply_style(qapp)
    palette = qapp.palette()
    same = [
        role.name
        for role in (
            QPalette.ColorRole.WindowText,
            QPalette.ColorRole.Text,
            QPalette.ColorRole.ButtonText,
            QPalette.ColorRole.Button,
        )
        if palette.color(QPalette.ColorGroup.Disabled, role)
        == palette.color(QPalette.ColorGroup.Active, role)
    ]
    assert not same, f"{system} system theme: disabled looks enabled for {same}"


def test_contrast_formula_matches_wcag_reference_values() -> None:
    assert contrast_ratio(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast_ratio(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio(QColor("#ffffff"), QColor("#ffffff")) == pytest.approx(1.0)


def test_actor_fixture_roles_cover_every_page() -> None:
    """Supervisor, administrator and director together may open every registered page."""
    from safehaven.models.permissions import Role

    roles = {"supervisor": Role.SUPERVISOR, "admin": Role.ADMIN, "director": Role.DIRECTOR}
    allowed = set().union(*(permissions_for((roles[a],)) for a in ACTORS))
    assert all(spec.permission in allowed for spec in registry.PAGES)
    assert Actor  # the fixture's actors are real accounts signed in through the service


def test_the_rules_catch_unlabelled_inputs_value_names_unnamed_groups_and_cell_tabbing(
    qtbot,
) -> None:
    """An input needs a visible label of its own; a named-but-unlabelled box still fails."""
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import (
        QComboBox,
        QFormLayout,
        QGroupBox,
        QLabel,
        QLineEdit,
        QRadioButton,
        QTableView,
        QVBoxLayout,
    )

    from safehaven.ui.a11y.fields import label_field

    form = QWidget()
    layout = QFormLayout(form)
    labelled, unlabelled, wrong = QLineEdit(form), QLineEdit(form), QLineEdit(form)
    chosen_label = QLabel(form)
    label_field(chosen_label, labelled, "&Chosen name", required=True)
    unlabelled.setAccessibleName("Pronouns")  # named, but nothing on screen says what it is
    wrong_label = QLabel("Phone", form)
    wrong_label.setBuddy(wrong)
    wrong.setAccessibleName("Telephone number")
    layout.addRow(chosen_label, labelled)
    layout.addRow(unlabelled)
    layout.addRow(wrong_label, wrong)
    combo = QComboBox(form)
    combo.addItems(["Female", "Male"])
    layout.addRow(combo)
    group = QGroupBox(form)
    QVBoxLayout(group).addWidget(QRadioButton("Yes", group))
    layout.addRow(group)
    table = QTableView(form)
    table.setModel(QStandardItemModel(2, 2, table))
    table.setAccessibleName("Cases")
    layout.addRow(table)
    qtbot.addWidget(form)
    problems = _problems(form)
    assert not [p for p in problems if "'Chosen name'" in p], problems
    assert any("input without a visible label" in p and "Pronouns" in p for p in problems)
    assert any("differs from its label 'Phone'" in p for p in problems)
    assert any("named only by its value 'Female'" in p for p in problems)
    assert any("radio in an unnamed group" in p for p in problems)
    assert any("Tab moves between its cells" in p for p in problems)
