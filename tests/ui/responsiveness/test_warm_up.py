"""Heavy libraries are imported in the background after sign-in (pages come with the registry)."""

from __future__ import annotations

import gc
import sys

from safehaven.models.screening import FORMS
from safehaven.services.intake import question_bank
from safehaven.services.languages import pdf_fonts
from safehaven.services.screening import bank as screening_bank
from safehaven.ui.responsive.warm_up import modules_to_warm, warm_up
from safehaven.ui.tasks import TaskRunner


def test_the_letter_library_is_warmed() -> None:
    assert "reportlab.pdfgen.canvas" in modules_to_warm()


def _warmed_up(qtbot, runner: TaskRunner) -> None:  # type: ignore[no-untyped-def]
    """Start the warm-up after sign-in and wait for its last step (the objects set aside)."""
    assert gc.get_freeze_count() == 0
    warm_up(runner, delay_ms=0)
    qtbot.waitUntil(lambda: gc.get_freeze_count() > 0, timeout=60_000)


def test_warm_up_imports_on_the_read_pool(qtbot) -> None:
    pdf_fonts.font_set.cache_clear()
    runner = TaskRunner()
    _warmed_up(qtbot, runner)
    assert _all_imported()
    assert runner.active_count() == 0  # delivered: nothing of it is left running
    # after sign-in the fonts are left to the first letter or export (80 ms on its worker):
    # parsed here, they stalled a search typed meanwhile
    assert pdf_fonts.font_set.cache_info().currsize == 0


def test_the_question_banks_are_read_before_the_first_intake_tab(qtbot) -> None:
    for cached in (question_bank.load_bank, question_bank._load_version):
        cached.cache_clear()
    for cached in (screening_bank.load_screening_bank, screening_bank._load_version):
        cached.cache_clear()
    _warmed_up(qtbot, TaskRunner())
    assert question_bank._load_version.cache_info().currsize == 1
    assert screening_bank._load_version.cache_info().currsize == len(FORMS)
    # the tab asks for the bank by its number once an intake exists: the same bank, not read again
    newest = question_bank.load_bank()
    assert question_bank.load_bank(newest.version) is newest
    assert question_bank._load_version.cache_info().misses == 1


def _all_imported() -> bool:
    return all(name in sys.modules for name in modules_to_warm())


def test_the_consent_explanations_are_read_before_the_first_consent_dialog(qtbot) -> None:
    """The Record consent dialog reads the explanations to read aloud (merged with their
    translations) and names every language they are written in, in the background first."""
    from safehaven.services.languages.explanations import load_explanations

    load_explanations.cache_clear()
    _warmed_up(qtbot, TaskRunner())
    assert load_explanations.cache_info().currsize == 1


def test_the_sign_in_screen_reads_the_fonts_and_banks_while_a_password_is_typed(
    qtbot, tmp_path
) -> None:
    """Read after sign-in, the fonts' pure-Python parsing competed with the first pages for the
    interpreter (the first case list stalled 110–137 ms at 100,000 clients)."""
    from safehaven.services.languages.explanations import load_explanations
    from tests.ui.shell_support import start_app

    for cached in (pdf_fonts.font_set, question_bank.load_bank, load_explanations):
        cached.cache_clear()
    app = start_app(qtbot, tmp_path)  # the first-run wizard here: nobody has signed in
    try:
        assert app.window is None
        qtbot.waitUntil(lambda: pdf_fonts.font_set.cache_info().currsize == 1, timeout=60_000)
        assert question_bank.load_bank.cache_info().currsize == 1
        assert load_explanations.cache_info().currsize == 1
    finally:
        app.runner.wait_all(60_000)
        app.shutdown()


def test_signing_in_stops_the_preparation_and_the_warm_up_reads_the_rest(qtbot) -> None:
    """A person who signs in at once does not wait behind the banks and fonts: the preparation
    stops after the step it is in, and the warm-up after sign-in reads the banks it left."""
    from safehaven.services.languages.explanations import load_explanations
    from safehaven.ui.responsive.warm_up import hold_preparation, prepare

    for cached in (pdf_fonts.font_set, load_explanations):
        cached.cache_clear()
    runner = TaskRunner()
    prepare(runner)
    hold_preparation()
    assert runner.read_pool.waitForDone(60_000)
    assert load_explanations.cache_info().currsize == 0
    assert pdf_fonts.font_set.cache_info().currsize == 0
    _warmed_up(qtbot, runner)
    assert load_explanations.cache_info().currsize == 1


def test_the_warm_up_settles_on_the_gui_thread_through_the_callers_check(qtbot) -> None:
    """The application sets the objects alive aside only if the session is still open: a lock
    while the warm-up was reading had handed everything back (a freeze on the worker thread
    then set aside what the lock had just released)."""
    import threading

    calls: list[bool] = []
    runner = TaskRunner()
    warm_up(
        runner,
        delay_ms=0,
        settled=lambda: calls.append(threading.current_thread() is threading.main_thread()),
    )
    qtbot.waitUntil(lambda: bool(calls), timeout=60_000)
    assert calls == [True]
    assert gc.get_freeze_count() == 0  # the caller chose not to set anything aside
