"""Building in slices: a few items per turn of the event loop, actions held until the last."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from safehaven.ui.responsive import holding
from safehaven.ui.responsive.sliced_build import SlicedBuild


def make_page(qtbot):
    page = QWidget()
    qtbot.addWidget(page)
    layout = QVBoxLayout(page)
    button = QPushButton("Next", page)
    layout.addWidget(button)
    build = SlicedBuild(page, per_turn=2)
    build.hold(button)
    labels: list[QLabel] = []

    def add(text: str) -> None:
        label = QLabel(text, page)
        layout.addWidget(label)
        labels.append(label)

    page.show()
    return page, button, build, labels, add


def test_the_first_slice_is_there_at_once_and_the_rest_comes_while_the_loop_turns(qtbot):
    _page, button, build, labels, add = make_page(qtbot)
    with qtbot.waitSignal(build.built):
        build.start([f"q{n}" for n in range(7)], add)
        assert [label.text() for label in labels] == ["q0", "q1"]
        assert not button.isEnabled()
    assert [label.text() for label in labels] == [f"q{n}" for n in range(7)]
    assert button.isEnabled()
    assert not build.building


def test_a_new_build_drops_what_was_left_of_the_old_one(qtbot):
    _page, button, build, labels, add = make_page(qtbot)
    build.start(["old1", "old2", "old3", "old4"], add)
    with qtbot.waitSignal(build.built):
        build.start(["new1", "new2", "new3"], add)
    assert [label.text() for label in labels] == ["old1", "old2", "new1", "new2", "new3"]
    assert button.isEnabled()


def test_cancel_gives_the_actions_back_and_builds_nothing_more(qtbot):
    _page, button, build, labels, add = make_page(qtbot)
    build.start(["a", "b", "c", "d"], add)
    build.cancel()
    assert button.isEnabled()
    qtbot.wait(20)  # several turns of the loop
    assert [label.text() for label in labels] == ["a", "b"]


def test_finish_now_builds_the_rest_at_once(qtbot):
    _page, button, build, labels, add = make_page(qtbot)
    build.start(["a", "b", "c", "d", "e"], add)
    build.finish_now()
    assert len(labels) == 5
    assert button.isEnabled()


def test_a_widget_held_twice_comes_back_only_when_both_let_go(qtbot):
    _page, button, build, _labels, add = make_page(qtbot)
    holding.hold(button)  # e.g. the page's read is still on its way
    build.start(["a", "b", "c"], add)
    qtbot.waitUntil(lambda: not build.building)
    assert not button.isEnabled()
    holding.release(button)
    assert button.isEnabled()


def test_a_widget_disabled_before_stays_disabled_after_the_build(qtbot):
    _page, button, build, _labels, add = make_page(qtbot)
    button.setEnabled(False)
    build.start(["a", "b", "c"], add)
    qtbot.waitUntil(lambda: not build.building)
    assert not button.isEnabled()
