"""The screen walk of test_accessibility.py: show a screen over the demo vault, then read every
control through the rules of accessibility_rules.py and look_rules.py."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import exists, select

from safehaven.models.client import Client
from safehaven.models.permissions import Permission
from safehaven.models.referral import Referral
from safehaven.services.access import case_scope
from safehaven.ui.context import UiContext
from tests.ui.accessibility_rules import (
    accessible_name,
    controls,
    describe,
    group_problem,
    keyboard_problem,
    naming_problem,
    render_at,
    table_problem,
)
from tests.ui.look_rules import disabled_look_problem, fit_problem


def problems(root: QWidget) -> list[str]:
    found = []
    for widget in controls(root):
        if not accessible_name(widget):
            found.append(f"no accessible name: {describe(widget)}")
        reason = keyboard_problem(widget)
        if reason:
            found.append(f"not keyboard reachable ({reason}): {describe(widget)}")
        look = disabled_look_problem(widget) if widget.isVisible() else None
        if look:
            found.append(f"{look}: {describe(widget)}")
        for rule in (naming_problem, group_problem, table_problem):
            reason = rule(widget)
            if reason:
                found.append(f"{reason}: {describe(widget)}")
    fit = fit_problem(root)
    if fit:
        found.append(f"does not fit a 1024×640 window ({fit}): {describe(root)}")
    return found


def settle(qtbot, ctx: UiContext) -> None:
    """Let pages finish their first background load before they are inspected (Reports
    prepares this year's report as it opens: protected numbers take a few seconds)."""

    def idle() -> bool:
        runner = ctx.runner
        return runner.read_pool.activeThreadCount() == 0 == runner.write_pool.activeThreadCount()

    for _round in range(20):  # an answer delivered may start the next step (a list's full count)
        qtbot.waitUntil(idle, timeout=60_000)
        QApplication.processEvents()
        if idle():
            break
    QApplication.processEvents()  # the layouts the last answers asked for


def show(qtbot, widget: QWidget, ctx: UiContext | None = None) -> QWidget:
    qtbot.addWidget(widget)
    widget.resize(1180, 760)
    widget.show()
    qtbot.waitExposed(widget)
    refresh = getattr(widget, "refresh", None)
    if callable(refresh):
        refresh()
    if ctx is not None:
        settle(qtbot, ctx)
    return widget


def check_screen(widget: QWidget, label: str) -> None:
    found = problems(widget)
    for scale in (1.0, 2.0):
        pixmap = render_at(widget, scale)
        assert not pixmap.isNull(), f"{label}: nothing rendered at {scale}x"
    assert not found, f"{label}:\n  " + "\n  ".join(found)


def walk_client_id(ctx: UiContext) -> int:
    """The case the walk opens for this actor: for a supervisor the first client of all; for
    anyone else the first case they may open, one with a referral first (its buttons show)."""
    order = [Client.id]
    if not ctx.actor.can(Permission.READ_ALL_CLIENTS):
        order.insert(0, exists().where(Referral.client_id == Client.id).desc())
    query = select(Client.id).where(case_scope(ctx.actor)).order_by(*order).limit(1)
    with ctx.session() as session:
        found = session.execute(query).scalar()
    assert found is not None, f"no case {ctx.actor.username} may open"
    return int(found)
