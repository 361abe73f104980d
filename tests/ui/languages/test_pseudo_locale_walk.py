"""The pseudo-locale walk: every page and case tab in qps-ploc (accented, ~40 % longer) shows
no label or button whose text is cut off."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from safehaven import i18n
from safehaven.demo import vault as demo
from safehaven.i18n_pseudo import PSEUDO_LONG, pseudo_text
from safehaven.models.permissions import permissions_for
from safehaven.services.accounts import accounts
from safehaven.storage.keyslots import FAST_TEST_KDF
from safehaven.ui import registry
from safehaven.ui.context import UiContext
from safehaven.ui.tasks import TaskRunner
from tests.ui.a11y.walk import show
from tests.ui.languages.clipping import clipped

ACTORS = ("supervisor", "admin")


@pytest.fixture(scope="module")
def demo_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pseudo") / "vault"
    demo.create_demo_vault(folder, clients=12, kdf=FAST_TEST_KDF)
    return folder


@pytest.fixture
def pseudo(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(i18n.PSEUDO_ENV, "1")
    i18n.set_language(PSEUDO_LONG)
    assert i18n.current_language() == PSEUDO_LONG
    yield
    i18n.set_language("en")


def _signed_in(folder: Path, user: str) -> UiContext:
    signed = accounts.sign_in(folder, user, demo.DEMO_PASSWORD)
    return UiContext(signed.vault, signed.actor, TaskRunner())


def _walk(qtbot, ctx: UiContext, widget: QWidget) -> list[str]:
    show(qtbot, widget, ctx)
    found = [*widget.findChildren(QLabel), *widget.findChildren(QAbstractButton)]
    shown = [w for w in found if w.isVisibleTo(widget)]
    assert any(w.text().startswith("[") for w in shown), "the pseudo-locale is not in use"
    return clipped(widget)


def test_pseudo_text_is_accented_longer_and_keeps_placeholders() -> None:
    text = pseudo_text(PSEUDO_LONG, "Section {key} of {count}: &Next")
    assert "{key}" in text
    assert "{count}" in text
    assert "&N" in text
    assert "Šéçţîöñ" in text
    source = "Survivor's question language"
    assert len(pseudo_text(PSEUDO_LONG, source)) >= len(source) * 1.4


def test_the_walk_finds_a_cut_off_label(qtbot, pseudo) -> None:
    label = QLabel(i18n._("Survivor's question language"))
    qtbot.addWidget(label)
    label.setFixedWidth(120)
    label.show()
    assert clipped(label.parentWidget() or _holder(qtbot, label))


def _holder(qtbot, child: QWidget) -> QWidget:
    holder = QWidget()
    qtbot.addWidget(holder)
    child.setParent(holder)
    holder.show()
    return holder


@pytest.mark.parametrize("user", ACTORS)
def test_no_page_cuts_off_text_in_the_pseudo_locale(qtbot, demo_vault, pseudo, user) -> None:
    ctx = _signed_in(demo_vault, user)
    problems = []
    try:
        allowed = registry.available(registry.PAGES, permissions_for(ctx.actor.roles))
        for spec in allowed:
            problems += [f"page {spec.key}: {p}" for p in _walk(qtbot, ctx, spec.widget(ctx))]
        assert len(allowed) >= 3
    finally:
        ctx.vault.close()
    assert not problems, "\n".join(problems)


def test_no_case_tab_cuts_off_text_in_the_pseudo_locale(qtbot, demo_vault, pseudo) -> None:
    from sqlalchemy import select

    from safehaven.models.client import Client

    ctx = _signed_in(demo_vault, "supervisor")
    problems = []
    try:
        with ctx.session() as session:
            client_id = int(session.execute(select(Client.id).limit(1)).scalar_one())
        for spec in registry.available(registry.CASE_TABS, permissions_for(ctx.actor.roles)):
            tab = spec.widget(ctx, client_id)
            problems += [f"tab {spec.key}: {p}" for p in _walk(qtbot, ctx, tab)]
    finally:
        ctx.vault.close()
    assert not problems, "\n".join(problems)
