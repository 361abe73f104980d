"""Search as you type without a debounce: every key starts a query at once.

Each `start(query)` bumps a generation counter and cancels the jobs of earlier generations (a
queued job never starts, a running statement is interrupted through SQLite's progress handler).
A query runs in two steps on the read pool: first a screenful of rows (painted on
the next frame), then every id in order (the count and the rest of the list). An answer whose
generation is no longer the newest is dropped, so an earlier key's result can never win.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from safehaven.services.cases.case_list import CaseListRow, CaseQuery, case_ids, first_page
from safehaven.storage.interrupt import Interrupted, interruptible, session_connection
from safehaven.ui.context import UiContext
from safehaven.ui.tasks import TaskHandle

FIRST_PAGE = 60  # rows: more than a full-height window shows
Read = Callable[[Any], Any]  # session -> answer, on a worker thread


class LiveSearch(QObject):
    """`first_page(generation, query, ids, rows, complete)`, then, unless complete,
    `all_ids(generation, query, ids)`; `failed(generation, exc)`. Only the newest generation is
    ever emitted."""

    first_page = Signal(int, object, object, object, bool)
    all_ids = Signal(int, object, object)
    failed = Signal(int, object)

    def __init__(self, ctx: UiContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.generation = 0
        self._handles: list[TaskHandle] = []

    def start(self, query: CaseQuery) -> int:
        """Ask for `query`'s answer; earlier questions are cancelled. Returns its generation."""
        self.stop()
        generation, actor = self.generation, self._ctx.actor

        def read(session: Any) -> tuple[list[int], list[CaseListRow]]:
            rows = first_page(session, actor=actor, query=query, limit=FIRST_PAGE)
            return [row.id for row in rows], rows

        self._run(read, lambda page: self._on_page(generation, query, page), generation)
        return generation

    def stop(self) -> None:
        """Cancel every question still on its way (also on lock)."""
        self.generation += 1
        for handle in self._handles:
            handle.cancel()
        self._handles = [h for h in self._handles if not h.done]

    # -- internals ------------------------------------------------------------------------------
    def _run(self, read: Read, done: Callable[[Any], None], generation: int) -> None:
        vault = self._ctx.vault

        def job(_progress: Any, cancelled: Callable[[], bool]) -> Any:
            if cancelled():  # a newer key came before this job left the queue
                raise Interrupted()
            with vault.session() as session, interruptible(session_connection(session), cancelled):
                return read(session)

        handle = self._ctx.runner.run(
            job,
            show_progress=False,
            on_done=done,
            on_error=lambda exc: self._on_error(generation, exc),
        )
        self._handles.append(handle)

    def _on_page(self, generation: int, query: CaseQuery, page: Any) -> None:
        if generation != self.generation:
            return
        ids, rows = page
        complete = len(ids) < FIRST_PAGE  # the first page holds every match
        self.first_page.emit(generation, query, ids, rows, complete)
        if complete or generation != self.generation:
            return
        actor = self._ctx.actor

        def read(session: Any) -> list[int]:
            return case_ids(session, actor=actor, query=query)

        self._run(read, lambda ids: self._on_all(generation, query, ids), generation)

    def _on_all(self, generation: int, query: CaseQuery, ids: list[int]) -> None:
        if generation == self.generation:
            self.all_ids.emit(generation, query, ids)

    def _on_error(self, generation: int, exc: BaseException) -> None:
        if generation == self.generation and not isinstance(exc, Interrupted):
            self.failed.emit(generation, exc)
