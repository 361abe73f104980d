"""The Intake tab: one section at a time, every answer saved as it is given.

Opens with the reminder that any question may be skipped. The section list shows done / skipped /
to revisit; a section can be skipped and reopened later; Pause stops at any moment and Resume
(also in another window, later) returns exactly to the section and question where it stopped.
The survivor's question language may differ from the staff's interface language: both texts show.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import _, current_language
from safehaven.services.intake import intake as intake_service
from safehaven.services.intake.question_bank import QuestionBank, load_bank
from safehaven.services.intake.rows import IntakeRow
from safehaven.services.languages.person import suggest_survivor_language
from safehaven.services.languages.review import review_status
from safehaven.ui.a11y.fields import label_field
from safehaven.ui.context import UiContext, failure_text, present
from safehaven.ui.intake.labels import SESSION_STATUSES
from safehaven.ui.intake.question_column import QuestionColumn
from safehaven.ui.intake.question_widget import QuestionWidget
from safehaven.ui.intake.section_model import SectionListModel
from safehaven.ui.intake.tab_read import IntakeView, read_intake
from safehaven.ui.languages.direction import language_label
from safehaven.ui.languages.survivor_panel import SurvivorPanel
from safehaven.ui.messages import label
from safehaven.ui.pages import CaseTabWidget
from safehaven.ui.responsive.page_load import PageLoad
from safehaven.ui.style import BANNER_STYLES, STATUS_GAP


class IntakeTab(CaseTabWidget):
    loaded = Signal()  # the intake read by the last refresh is shown

    def __init__(self, ctx: UiContext, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, client_id, parent)
        self.ctx = ctx
        self._client_id = client_id
        self._row: IntakeRow | None = None
        self._bank: QuestionBank = load_bank()
        self._shown_section: str | None = None
        self._drafts: dict[str, bool] = {}  # survivor language -> draft translation
        self._suggested = False
        self._focus: str | None = None  # the question to bring into view once it is built
        self.section_model = SectionListModel(self)
        self._build_ui()
        self._connect_signals()
        self.refresh()

    # -- tab protocol ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Show the intake as stored (a paused one stays paused until Resume), read on the read
        pool; until it is shown nothing can be started, answered or moved."""
        actor, client_id, suggest = self.ctx.actor, self._client_id, not self._suggested
        staff = self._languages()[0]
        self.load.start(
            lambda s: read_intake(s, actor=actor, client_id=client_id, staff=staff, suggest=suggest)
        )

    def _on_loaded(self, view: IntakeView) -> None:
        self._drafts.update(view.drafts)
        if view.suggested is not None and not self._suggested:
            self._suggested = True
            self.language_combo.setCurrentIndex(
                max(0, self.language_combo.findData(view.suggested))
            )
        if view.row is not None or self._row is None:
            self._show(view.row)
        self.loaded.emit()

    def _on_load_failed(self, exc: BaseException) -> None:
        present(self.message, failure_text(exc))

    def clear(self) -> None:
        """Save typed text, then drop every answer from the screen (on lock)."""
        self.load.cancel()
        self.flush()
        self._row = None
        self._clear_questions()
        self.section_model.clear()
        self.message.clear()

    def flush(self) -> None:
        for widget in list(self.question_widgets.values()):
            widget.flush()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.flush()
        super().closeEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        """Another tab or page was chosen: typed text is saved before it goes out of sight."""
        self.flush()
        super().hideEvent(event)

    # -- building ----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        self.opening = QLabel(self)
        self.opening.setWordWrap(True)
        self.opening.setStyleSheet(BANNER_STYLES["info"])
        layout.addWidget(self.opening)
        layout.addLayout(self._toolbar())
        self.load = PageLoad(self.ctx, self)
        layout.addWidget(self.load.notice)
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName(_("Questions recorded"))
        self.progress.setFormat(_("%v of %m questions recorded"))
        layout.addWidget(self.progress)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        splitter = QSplitter(self)
        self.section_view = QListView(splitter)
        self.section_view.setTabKeyNavigation(False)  # Tab leaves; arrows move inside
        self.section_view.setModel(self.section_model)
        self.section_view.setAccessibleName(_("Sections"))
        # a long section name wraps onto a second line instead of being cut or scrolled sideways
        self.section_view.setWordWrap(True)
        self.section_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.section_view.setResizeMode(QListView.ResizeMode.Adjust)
        splitter.addWidget(self.section_view)
        splitter.addWidget(self._section_page(splitter))
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([300, 900])
        layout.addWidget(splitter, 1)

    def _toolbar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.status_label = QLabel(self)
        self.language_combo = QComboBox(self)
        for lang in self._bank.languages:
            self.language_combo.addItem(language_label(lang), lang)
        self.language_combo.setCurrentIndex(
            max(
                0,
                self._bank.languages.index(current_language())
                if current_language() in self._bank.languages
                else 0,
            )
        )
        survivor_label = QLabel(self)
        label_field(survivor_label, self.language_combo, _("Survivor's &language:"))
        self.start_button = QPushButton(_("&Start intake"), self)
        self.resume_button = QPushButton(_("&Resume"), self)
        self.pause_button = QPushButton(_("&Pause"), self)
        self.complete_button = QPushButton(_("&Complete intake"), self)
        row.addWidget(self.status_label)
        row.addSpacing(STATUS_GAP)  # the state is not read as part of the next label
        for widget in (survivor_label, self.language_combo):
            row.addWidget(widget)
        row.addStretch(1)
        for button in (self.start_button, self.resume_button, self.pause_button):
            row.addWidget(button)
        row.addWidget(self.complete_button)
        return row

    def _section_page(self, parent: QWidget) -> QWidget:
        page = QWidget(parent)
        layout = QVBoxLayout(page)
        self.section_title = QLabel(page)
        self.section_title.setObjectName("heading")
        self.section_title.setWordWrap(True)
        self.section_intro = QLabel(page)
        self.section_intro.setWordWrap(True)
        layout.addWidget(self.section_title)
        layout.addWidget(self.section_intro)
        self.survivor_panel = SurvivorPanel(page)
        self.survivor_panel.setVisible(False)
        layout.addWidget(self.survivor_panel)
        self.scroll_area = QScrollArea(page)
        self.scroll_area.setWidgetResizable(True)
        self.questions = QuestionColumn(
            QWidget(self.scroll_area), self._make_question, self._show_stored, self, to_top=True
        )
        self.questions_box, self.questions_layout = self.questions.box, self.questions.layout
        self.question_widgets, self.build = self.questions.widgets, self.questions.build
        self.scroll_area.setWidget(self.questions_box)
        layout.addWidget(self.scroll_area, 1)
        buttons = QHBoxLayout()
        self.skip_section_button = QPushButton(_("S&kip this section (come back later)"), page)
        self.revisit_button = QPushButton(_("Mark to re&visit"), page)
        self.revisit_button.setCheckable(True)
        self.next_section_button = QPushButton(_("&Next section"), page)
        buttons.addWidget(self.skip_section_button)
        buttons.addWidget(self.revisit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_section_button)
        layout.addLayout(buttons)
        return page

    def _connect_signals(self) -> None:
        self.load.hold(
            self.start_button,
            self.resume_button,
            self.pause_button,
            self.complete_button,
            self.skip_section_button,
            self.revisit_button,
            self.next_section_button,
            self.section_view,
            self.questions_box,
        )
        # moving on or finishing waits until the whole section is on screen (Pause never waits)
        self.build.hold(
            self.complete_button,
            self.skip_section_button,
            self.revisit_button,
            self.next_section_button,
            self.section_view,
        )
        self.build.built.connect(self._on_section_built)
        self.questions.answered.connect(self._on_question_answered)
        self.questions.skipped.connect(self._on_question_skipped)
        self.load.loaded.connect(self._on_loaded)
        self.load.failed.connect(self._on_load_failed)
        self.start_button.clicked.connect(self._on_start_clicked)
        self.resume_button.clicked.connect(self._on_start_clicked)
        self.pause_button.clicked.connect(self._on_pause_clicked)
        self.complete_button.clicked.connect(self._on_complete_clicked)
        self.skip_section_button.clicked.connect(self._on_skip_section_clicked)
        self.revisit_button.clicked.connect(self._on_revisit_clicked)
        self.next_section_button.clicked.connect(self._on_next_section_clicked)
        self.section_view.activated.connect(self._on_section_activated)
        self.section_view.clicked.connect(self._on_section_activated)
        self.language_combo.currentIndexChanged.connect(self._on_language_changed)

    # -- showing -----------------------------------------------------------------------------

    def _show(self, row: IntakeRow | None) -> None:
        self._row = row
        if row is not None:
            self._bank = load_bank(row.bank_version)
        staff, survivor = self._languages()
        self.opening.setText(self._opening_text(staff, survivor))
        status = row.status if row else None
        self.status_label.setText(label(SESSION_STATUSES, status) if status else _("Not started"))
        self.start_button.setVisible(row is None)
        self.resume_button.setVisible(status == "paused")
        self.pause_button.setVisible(status == "draft")
        self.complete_button.setVisible(status == "draft")
        if row is None:
            for button in (self.skip_section_button, self.revisit_button, self.next_section_button):
                button.setEnabled(False)
            self._suggest_language()
            self.section_model.clear()
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
            self.progress.setFormat(_("Not started"))  # not "0 of 1": there are no questions yet
            self._clear_questions()
            return
        self.language_combo.blockSignals(True)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(survivor)))
        self.language_combo.blockSignals(False)
        titles = {s.key: s.title.get(staff, s.title["en"]) for s in self._bank.sections}
        self.section_model.set_sections(row.sections, titles)
        self.progress.setFormat(_("%v of %m questions recorded"))
        self.progress.setRange(0, max(row.total, 1))
        self.progress.setValue(row.recorded)
        self._show_section(row.current_section, focus=row.current_question)
        self._enable_section(row.status)
        if status == "paused":
            self.message.setText(
                _("This intake is paused. Press Resume to continue where it stopped.")
            )

    def _enable_section(self, status: str) -> None:
        """What may be done in the section; held again while it is read or still built."""
        for button in (self.skip_section_button, self.revisit_button, self.next_section_button):
            button.setEnabled(status == "draft")
        self.questions_box.setEnabled(status != "paused")
        self.section_view.setEnabled(status != "paused")
        self.build.keep_held()
        self.load.keep_held()

    def _show_section(self, key: str, *, focus: str | None = None) -> None:
        assert self._row is not None  # noqa: S101 - narrows a type; never guards a permission
        staff, survivor = self._languages()
        section = self._bank.section(key)
        self._focus = focus
        rebuilt = self._shown_section != key
        if rebuilt:
            self._clear_questions()
            self._shown_section = key
        title = section.title.get(staff, section.title["en"])
        if survivor != staff:
            title += " · " + section.title[survivor]
        self.section_title.setText(
            _("Section {key} of {count}: {title}").format(
                key=key, count=len(self._bank.sections), title=title
            )
        )
        self.section_intro.setText(section.intro.get(staff, section.intro["en"]))
        self._show_survivor_panel(
            section.title.get(survivor, ""),
            section.intro.get(survivor, ""),
            staff=staff,
            survivor=survivor,
        )
        self.questions.show_stored()
        self.revisit_button.setChecked(key in self._row.revisit_sections)
        self.section_view.setCurrentIndex(self.section_model.index(self.section_model.row_of(key)))
        if rebuilt:
            hidden = self._row.hidden_questions
            keys = [k for k in section.question_keys if k not in hidden]
            self.questions.start(keys)
        elif focus in self.question_widgets:
            self.scroll_area.ensureWidgetVisible(self.question_widgets[focus])

    def _make_question(self, question_key: str) -> QuestionWidget:
        """One question of the shown section (built in slices by `self.questions`)."""
        staff, survivor = self._languages()
        return QuestionWidget(
            self._bank.questions[question_key],
            staff_language=staff,
            survivor_language=survivor,
            parent=self.questions_box,
        )

    def _show_stored(self, question_key: str, widget: QuestionWidget) -> None:
        if self._row is not None:
            widget.show_answer(
                self._row.answers.get(question_key),
                locked=question_key in self._row.locked_questions,
            )
            widget.show_known(self._row.known.get(question_key))

    def _on_section_built(self) -> None:
        if self._row is not None:
            self._enable_section(self._row.status)
        self.questions_layout.activate()
        self.questions_box.adjustSize()
        if self._focus in self.question_widgets:
            self.scroll_area.ensureWidgetVisible(self.question_widgets[self._focus])

    def _show_survivor_panel(self, title: str, intro: str, *, staff: str, survivor: str) -> None:
        if survivor == staff or not title:
            self.survivor_panel.setVisible(False)
            return
        if survivor not in self._drafts:
            status = self.ctx.call(
                lambda s: review_status(s, actor=self.ctx.actor, bank="intake", language=survivor),
                where=self.message,
            )
            self._drafts[survivor] = status is not None and not status.reviewed
        self.survivor_panel.show_texts(
            survivor, title=title, intro=intro, draft=self._drafts[survivor]
        )
        self.survivor_panel.setVisible(True)

    def _suggest_language(self) -> None:
        """Before an intake starts: the survivor language from the person's preferred language,
        languages and interpreter need (once; the staff may change it)."""
        if self._suggested:
            return
        self._suggested = True
        staff = current_language() if current_language() in self._bank.languages else "en"
        code = self.ctx.call(
            lambda s: suggest_survivor_language(
                s,
                actor=self.ctx.actor,
                client_id=self._client_id,
                available=self._bank.languages,
                staff_language=staff,
            ),
            where=self.message,
        )
        if code is not None:
            self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(code)))

    def _clear_questions(self) -> None:
        self.questions.clear()
        self._shown_section = None

    def _languages(self) -> tuple[str, str]:
        staff = current_language() if current_language() in self._bank.languages else "en"
        survivor = self._row.question_language if self._row else self.language_combo.currentData()
        return staff, str(survivor or staff)

    def _opening_text(self, staff: str, survivor: str) -> str:
        text = self._bank.opening.get(staff, self._bank.opening["en"])
        if survivor != staff and survivor in self._bank.opening:
            text += "\n" + self._bank.opening[survivor]
        return text

    # -- actions -----------------------------------------------------------------------------

    def _act(self, fn: Callable[..., IntakeRow], **kwargs: Any) -> IntakeRow | None:
        if self._row is None:
            return None
        intake_id = self._row.id
        row: IntakeRow | None = self.ctx.call(
            lambda s: fn(s, actor=self.ctx.actor, intake_id=intake_id, **kwargs),
            where=self.message,
        )
        if row is not None:
            self._show(row)
        return row

    def _on_start_clicked(self) -> None:
        language = self.language_combo.currentData()
        row = self.ctx.call(
            lambda s: intake_service.start_or_resume_intake(
                s, actor=self.ctx.actor, client_id=self._client_id, question_language=language
            ),
            where=self.message,
        )
        if row is not None:
            self._show(row)

    def _on_pause_clicked(self) -> None:
        self.flush()
        self._act(intake_service.pause_intake)

    def _on_complete_clicked(self) -> None:
        self.flush()
        self._act(intake_service.complete_intake)

    def _on_skip_section_clicked(self) -> None:
        if self._row is not None:
            self.flush()
            self._act(intake_service.skip_section, section=self._row.current_section)

    def _on_revisit_clicked(self, checked: bool) -> None:
        if self._row is not None:
            self._act(
                intake_service.mark_for_revisit, section=self._row.current_section, revisit=checked
            )

    def _on_next_section_clicked(self) -> None:
        if self._row is None:
            return
        keys = self._bank.section_keys()
        index = keys.index(self._row.current_section)
        if index + 1 < len(keys):
            self.flush()
            self._act(intake_service.go_to_section, section=keys[index + 1])

    def _on_section_activated(self, index: QModelIndex) -> None:
        key = self.section_model.key_at(index.row())
        if key is not None and self._row is not None and key != self._shown_section:
            self.flush()
            self._act(intake_service.go_to_section, section=key)

    def _on_language_changed(self, _index: int) -> None:
        language = self.language_combo.currentData()
        if self._row is not None and language != self._row.question_language:
            self._shown_section = None
            self._act(intake_service.set_question_language, language=language)

    def _on_question_answered(self, key: str, value: object, state: str) -> None:
        if self._row is None:
            return
        intake_id = self._row.id
        row = self.ctx.call(
            lambda s: intake_service.answer_question(
                s,
                actor=self.ctx.actor,
                intake_id=intake_id,
                question_key=key,
                value=value,
                state=state,
            ),
            where=self.question_widgets[key].error_label,
        )
        if row is None:
            return
        self._show(row)

    def _on_question_skipped(self, key: str) -> None:
        self._act(intake_service.skip_question, question_key=key)
