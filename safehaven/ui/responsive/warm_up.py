"""Load the heavy libraries the services use only when needed, on the read pool, while the
sign-in screen waits for a password (and, for what a quick sign-in left, after it).

The pages and tabs themselves are imported with the registry (ui/registry.py holds classes), but
reportlab loaded on the GUI thread froze the first letter or report for 0.7 s or more. Imported
here in the background, it is ready by the time anyone clicks. Modules import without side
effects (docs/architecture.md), so where they are imported does not matter. The question banks
and the names of their languages are read here too, for the first Intake or Screening tab. When
all is loaded, the objects alive are set aside from the cycle collector (`gui_thread_gc`).
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QTimer

from safehaven.models.base import configure_models
from safehaven.models.screening import FORMS
from safehaven.services.intake.question_bank import load_bank
from safehaven.services.languages.codes import english_name, own_name
from safehaven.services.languages.explanations import load_explanations
from safehaven.services.screening.bank import load_screening_bank
from safehaven.ui.responsive.gui_thread_gc import freeze_long_lived
from safehaven.ui.tasks import TaskRunner

log = logging.getLogger(__name__)
DELAY_MS = 2000
# scipy is left out: only the export's audit needs it, and it loads there, on a worker thread
# (importing it here would add about 100 MB to every session).
LIBRARIES = ("reportlab.pdfgen.canvas",)
_LOADING = threading.Lock()
_HELD = threading.Event()  # signing in has begun: the preparation stops


def modules_to_warm() -> list[str]:
    """The libraries the services load only when used."""
    return list(LIBRARIES)


def warm_up(
    runner: TaskRunner,
    *,
    delay_ms: int = DELAY_MS,
    settled: Callable[[], object] = freeze_long_lived,
) -> None:
    """After `delay_ms` (the case list's first rows come first), load on the read pool the
    libraries and question banks the sign-in screen's `prepare` has not loaded yet (a quick
    sign-in), then call `settled` on the GUI thread: by default, set the objects alive aside
    (full collections no longer walk what is loaded by now); the application sets them aside
    only if the session is still open (a lock in the meantime handed everything back). Nothing
    it does shows on screen. The fonts are left to the first letter or export then (80 ms on
    its worker thread): read here, their parsing (one step of pure Python) stalled a search
    typed meanwhile for up to 80 ms."""

    def job(_progress: object, _cancelled: object) -> None:
        _load(steps=_AFTER_SIGN_IN)

    def done(_result: object) -> None:
        settled()

    def start() -> None:
        runner.run(job, show_progress=False, on_done=done)

    QTimer.singleShot(delay_ms, runner, start)


def prepare(runner: TaskRunner) -> None:
    """While the sign-in screen waits for a password, on the read pool: the models' set-up
    that the sign-in's first query would otherwise do, then the libraries, question banks and
    fonts. Read after sign-in instead, they competed with the first pages for the interpreter:
    the pure-Python font parsing alone stalled the first case list for 110–137 ms. Once signing
    in begins (`hold_preparation`), it stops after the step it is in: what is left is read
    after sign-in, and the sign-in does not wait behind it."""
    _HELD.clear()

    def job() -> None:
        if not _HELD.is_set():
            configure_models()
        _load(_HELD)

    runner.read_pool.start(job)


def hold_preparation() -> None:
    """Signing in has begun: the sign-in screen's preparation stops after its current step."""
    _HELD.set()


def _load(
    held: threading.Event | None = None, *, steps: tuple[Callable[[], object], ...] | None = None
) -> None:
    """The libraries, question banks and PDF fonts (or only `steps`), each loaded once per
    process (a second caller waits for the first instead of reading the same files beside it);
    with `held`, stop before the next step once it is set."""
    with _LOADING:
        for step in _STEPS if steps is None else steps:
            if held is not None and held.is_set():
                return
            step()


def _import_libraries() -> None:
    for name in modules_to_warm():
        try:
            importlib.import_module(name)
        except ImportError as exc:  # reported where the library is used, with its message
            log.info("warm-up import failed: %s", type(exc).__name__)


def _read_fonts() -> None:
    # Reading the PDF fonts once here keeps it out of the first letter or export, where it
    # could not be cancelled (imported here, not at the top, so that reportlab loads on this
    # thread).
    fonts = importlib.import_module("safehaven.services.languages.pdf_fonts")
    fonts.font_set()


def _name_languages() -> None:
    languages = set(load_bank().languages) | set(load_explanations().languages)
    for form in FORMS:
        languages.update(load_screening_bank(form).languages)
    for code in sorted(languages):
        english_name(code)
        own_name(code)


# The intake and screening question banks and the consent explanations (each parsed and
# merged with its translations) and the names of their languages (Babel's locale data): read
# here, they took 0.65 s of the GUI thread when the first Intake tab opened, and 0.14 s when
# the first Record consent dialog did. Small steps (each under about 40 ms), so that signing in
# stops the preparation soon.
_BANK_STEPS: tuple[Callable[[], object], ...] = (
    load_bank,
    *(partial(load_screening_bank, form) for form in FORMS),
    load_explanations,
    _name_languages,
)
_AFTER_SIGN_IN = (_import_libraries, *_BANK_STEPS)
_STEPS = (*_AFTER_SIGN_IN, _read_fonts)
