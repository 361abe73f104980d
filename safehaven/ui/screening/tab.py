"""The Screening case tab: setting checks first, then one indicator domain at a time, pause and
resume, stop at any moment, and an outcome the staff member chooses. Never a score or a verdict.

Below the screening: the case's response protocols with their steps. A staff member whose training
is missing or expired sees a notice and carries on; their supervisor gets a review task.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import _
from safehaven.models.permissions import Permission
from safehaven.services.languages.person import suggest_survivor_language
from safehaven.services.screening import sessions as screening_service
from safehaven.services.screening.bank import ScreeningBank, load_screening_bank
from safehaven.services.screening.rows import ScreeningRow, ScreeningSummary
from safehaven.ui.context import UiContext, failure_text, present
from safehaven.ui.intake.question_column import QuestionColumn
from safehaven.ui.intake.question_widget import QuestionWidget
from safehaven.ui.models.record_table import RecordTableModel
from safehaven.ui.pages import CaseTabWidget
from safehaven.ui.responsive.page_load import PageLoad
from safehaven.ui.screening.domain_model import DomainListModel
from safehaven.ui.screening.history import HISTORY_COLUMNS, history_view, show_banners
from safehaven.ui.screening.labels import (
    DISCLAIMER,
    FORMS,
    OUTCOMES,
    STATUSES,
    label,
    pick,
)
from safehaven.ui.screening.pages import OutcomePage, SettingPage
from safehaven.ui.screening.protocol_panel import ProtocolPanel
from safehaven.ui.screening.survivor_side import (
    ScreeningSurvivorPanel,
    fill_languages,
    staff_language,
)
from safehaven.ui.screening.tab_read import ScreeningView, read_screening
from safehaven.ui.screening.toolbar import ScreeningToolbar
from safehaven.ui.style import BANNER_STYLES
from safehaven.ui.widgets.banner import Banner

IDLE, SETTING_PAGE, QUESTIONS, OUTCOME = range(4)


class ScreeningTab(CaseTabWidget):
    loaded = Signal()  # the screening read by the last refresh is shown

    def __init__(self, ctx: UiContext, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, client_id, parent)
        self._client_id = client_id
        self._row: ScreeningRow | None = None
        self._forms_read = False
        self._bank: ScreeningBank | None = None
        self._shown_domain: str | None = None
        self.domain_model = DomainListModel(self)
        self.history_model: RecordTableModel[ScreeningSummary] = RecordTableModel(
            HISTORY_COLUMNS, self
        )
        self._build_ui()
        self._connect_signals()
        self.refresh()

    # -- tab protocol ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the screening, its history and protocols on the read pool; until they are shown
        nothing can be started, answered or stopped."""
        actor, client_id, need_forms = self.ctx.actor, self._client_id, not self._forms_read
        self.load.start(
            lambda s: read_screening(s, actor=actor, client_id=client_id, need_forms=need_forms)
        )

    def _on_loaded(self, view: ScreeningView) -> None:
        self.message.clear()
        if view.forms is not None and not self._forms_read:
            self._forms_read = True
            for form in view.forms:
                self.form_combo.addItem(label(FORMS, form), form)
            if view.suggested is not None and self.language_combo.currentData() is None:
                bank = load_screening_bank(view.forms[0])
                fill_languages(self.language_combo, bank.languages, view.suggested)
        self.survivor_panel.know_drafts(view.drafts)
        self._show(view.row, history=view.history)
        self.protocols.show_runs(view.runs)
        self.loaded.emit()

    def _on_load_failed(self, exc: BaseException) -> None:
        present(self.message, failure_text(exc))

    def clear(self) -> None:
        self.load.cancel()
        self._row = None
        self._clear_questions()
        self.domain_model.clear()
        self.history_model.clear()
        self.protocols.clear()
        self.message.clear()

    # -- building ----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        outer = QVBoxLayout(self)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        body = QWidget(self.scroll_area)
        layout = QVBoxLayout(body)
        self.disclaimer = QLabel(_(DISCLAIMER), body)
        self.disclaimer.setWordWrap(True)
        self.disclaimer.setStyleSheet(BANNER_STYLES["info"])
        layout.addWidget(self.disclaimer)
        self.training_banner = Banner("warning", body)
        self.disclosure_banner = Banner("warning", body)
        layout.addWidget(self.training_banner)
        layout.addWidget(self.disclosure_banner)
        self.toolbar = ScreeningToolbar(body)
        bar = self.toolbar
        self.status_label, self.form_combo, self.language_combo = (
            bar.status_label,
            bar.form_combo,
            bar.language_combo,
        )
        self.start_button, self.pause_button = bar.start_button, bar.pause_button
        self.resume_button, self.stop_button = bar.resume_button, bar.stop_button
        layout.addWidget(bar)
        self.load = PageLoad(self.ctx, body)
        layout.addWidget(self.load.notice)
        self.message = QLabel(body)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(BANNER_STYLES["error"])
        layout.addWidget(self.message)
        self.survivor_panel = ScreeningSurvivorPanel(self.ctx, body)
        layout.addWidget(self.survivor_panel)
        self.stack = QStackedWidget(body)
        self.stack.addWidget(self._idle_page())
        self.setting_page = SettingPage(self.stack)
        self.stack.addWidget(self.setting_page)
        self.stack.addWidget(self._questions_page())
        self.outcome_page = OutcomePage(self.stack)
        self.stack.addWidget(self.outcome_page)
        layout.addWidget(self.stack, 1)
        heading = QLabel(_("Response protocols"), body)
        heading.setObjectName("heading")
        layout.addWidget(heading)
        self.protocols = ProtocolPanel(self.ctx, self._client_id, body)
        layout.addWidget(self.protocols)
        self.scroll_area.setWidget(body)
        outer.addWidget(self.scroll_area)

    def _idle_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.history_view = history_view(self.history_model, page)
        layout.addWidget(self.history_view)
        return page

    def _questions_page(self) -> QWidget:
        splitter = QSplitter(self)
        self.questions_page = splitter
        self.domain_view = QListView(splitter)
        self.domain_view.setModel(self.domain_model)
        self.domain_view.setAccessibleName(_("Indicator domains"))
        splitter.addWidget(self.domain_view)
        page = QWidget(splitter)
        layout = QVBoxLayout(page)
        self.domain_title = QLabel(page)
        self.domain_title.setObjectName("heading")
        self.domain_intro = QLabel(page)
        self.domain_intro.setWordWrap(True)
        layout.addWidget(self.domain_title)
        layout.addWidget(self.domain_intro)
        self.questions = QuestionColumn(QWidget(page), self._make_question, self._show_stored, self)
        self.questions_box, self.questions_layout = self.questions.box, self.questions.layout
        self.question_widgets, self.build = self.questions.widgets, self.questions.build
        layout.addWidget(self.questions_box, 1)
        credit = _(
            "Question wording: SafeHaven's own, informed by public indicator lists (see the "
            "guide). It is not a validated test."
        )
        self.credit = QLabel(credit, page)
        self.credit.setWordWrap(True)
        self.credit.setStyleSheet(BANNER_STYLES["info"])
        layout.addWidget(self.credit)
        buttons = QHBoxLayout()
        self.skip_domain_button = QPushButton(_("S&kip this domain"), page)
        self.next_domain_button = QPushButton(_("&Next domain"), page)
        self.disclosure_button = QPushButton(_("The young person &disclosed harm"), page)
        self.outcome_button = QPushButton(_("Record the &outcome…"), page)
        for widget in (self.skip_domain_button, self.next_domain_button, self.disclosure_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        buttons.addWidget(self.outcome_button)
        layout.addLayout(buttons)
        splitter.addWidget(page)
        splitter.setStretchFactor(1, 3)
        return splitter

    def _connect_signals(self) -> None:
        self.load.hold(
            self.start_button,
            self.pause_button,
            self.resume_button,
            self.stop_button,
            self.setting_page,
            self.questions_page,
            self.outcome_page,
            self.protocols,
        )
        # moving on or recording the outcome waits until the whole domain is on screen
        self.build.hold(  # stopping, pausing and a disclosure are never held
            self.domain_view,
            self.skip_domain_button,
            self.next_domain_button,
            self.outcome_button,
        )
        self.build.built.connect(self._on_domain_built)
        self.questions.answered.connect(self._on_question_answered)
        self.questions.skipped.connect(self._on_question_skipped)
        self.load.loaded.connect(self._on_loaded)
        self.load.failed.connect(self._on_load_failed)
        self.start_button.clicked.connect(self._on_start_clicked)
        self.form_combo.currentIndexChanged.connect(lambda _i: self._fill_languages())
        self.pause_button.clicked.connect(lambda: self._act(screening_service.pause_screening))
        self.resume_button.clicked.connect(lambda: self._act(screening_service.resume_screening))
        self.stop_button.clicked.connect(self._on_stop_clicked)
        self.setting_page.begin_requested.connect(self._on_begin_requested)
        self.setting_page.declined.connect(lambda: self._finish("declined", [], False, False))
        self.skip_domain_button.clicked.connect(self._on_skip_domain_clicked)
        self.next_domain_button.clicked.connect(self._on_next_domain_clicked)
        self.disclosure_button.clicked.connect(
            lambda: self._act(screening_service.report_disclosure)
        )
        self.outcome_button.clicked.connect(self._on_outcome_clicked)
        self.outcome_page.back_requested.connect(lambda: self.stack.setCurrentIndex(QUESTIONS))
        self.outcome_page.save_requested.connect(self._finish)
        self.domain_view.clicked.connect(self._on_domain_activated)
        self.domain_view.activated.connect(self._on_domain_activated)
        self.protocols.changed.connect(self._load_history)

    # -- showing -----------------------------------------------------------------------------

    def _show(
        self, row: ScreeningRow | None, *, history: list[ScreeningSummary] | None = None
    ) -> None:
        self._row = row
        status = row.status if row else None
        self.status_label.setText(label(STATUSES, status) if status else _("No screening open"))
        self._fill_forms()
        self._fill_languages()
        for widget in (self.form_combo, self.language_combo, self.start_button):
            widget.setVisible(row is None)
        self.pause_button.setVisible(status in ("setting", "draft"))
        self.resume_button.setVisible(status == "paused")
        self.stop_button.setVisible(row is not None)
        show_banners(self.training_banner, self.disclosure_banner, row)
        if row is None:
            self.survivor_panel.setVisible(False)
            self._clear_questions()
            if history is None:
                self._load_history()
            else:
                self.history_model.set_rows(history)
            self.stack.setCurrentIndex(IDLE)
            return
        self._bank = load_screening_bank(row.form, row.bank_version)
        paused_in_setting = status == "paused" and not row.setting_checks
        self.credit.setToolTip(self._bank.source)
        self._show_survivor_side(row, opening=status == "setting" or paused_in_setting)
        if status == "setting" or paused_in_setting:
            self.setting_page.set_opening(pick(self._bank.opening, staff_language(self._bank)))
            self.setting_page.show_checks(row.setting_checks)
            self.setting_page.setEnabled(status == "setting")
            self.stack.setCurrentIndex(SETTING_PAGE)
            return
        self.domain_model.set_domains(row.domains)
        self._show_domain(row.current_domain)
        self._enable_domain(status)
        self.disclosure_button.setVisible(row.age_group == "minor")
        if self.stack.currentIndex() != OUTCOME:
            self.stack.setCurrentIndex(QUESTIONS)

    def _enable_domain(self, status: str | None) -> None:
        """What may be done in the domain; held again while it is read or still built."""
        parts: tuple[QWidget, ...] = (
            self.questions_box,
            self.domain_view,
            self.skip_domain_button,
            self.next_domain_button,
        )
        for part in parts:
            part.setEnabled(status == "draft")
        self.build.keep_held()
        self.load.keep_held()

    def _on_domain_built(self) -> None:
        if self._row is not None:
            self._enable_domain(self._row.status)

    def _show_survivor_side(self, row: ScreeningRow, *, opening: bool) -> None:
        assert self._bank is not None  # noqa: S101 - narrows a type; never guards a permission
        self.survivor_panel.show_for(
            self._bank,
            staff=staff_language(self._bank),
            survivor=row.question_language,
            opening=opening,
            call=self._call,
        )

    def _fill_languages(self) -> None:
        """The chosen form's question languages; at first the person's recorded language."""
        form = self.form_combo.currentData()
        if self._row is not None or form is None:
            return
        bank = load_screening_bank(form)
        selected = self.language_combo.currentData()
        if selected is None:
            selected = self._call(
                lambda s: suggest_survivor_language(
                    s,
                    actor=self.ctx.actor,
                    client_id=self._client_id,
                    available=bank.languages,
                    staff_language=staff_language(bank),
                    permission=Permission.RUN_SCREENING,
                )
            )
        fill_languages(self.language_combo, bank.languages, selected or staff_language(bank))

    def _fill_forms(self) -> None:
        if self._row is not None or self._forms_read:
            return
        self._forms_read = True
        forms = (
            self._call(
                lambda s: screening_service.forms_for(
                    s, actor=self.ctx.actor, client_id=self._client_id
                )
            )
            or ()
        )
        for form in forms:
            self.form_combo.addItem(label(FORMS, form), form)

    def _show_domain(self, key: str) -> None:
        assert self._row is not None  # noqa: S101 - narrows a type; never guards a permission
        assert self._bank is not None  # noqa: S101 - narrows a type; never guards a permission
        staff = staff_language(self._bank)
        domain = self._bank.section(key)
        rebuilt = self._shown_domain != key
        if rebuilt:
            self._clear_questions()
            self._shown_domain = key
        number = self._bank.section_keys().index(key) + 1
        title = pick(domain.title, staff)
        self.domain_title.setText(
            _("Domain {number} of {count}: {title}").format(
                number=number, count=len(self._bank.sections), title=title
            )
        )
        self.domain_intro.setText(pick(domain.intro, staff))
        self.questions.show_stored()
        self.domain_view.setCurrentIndex(self.domain_model.index(self.domain_model.row_of(key)))
        if rebuilt:
            self.questions.start(domain.question_keys)

    def _make_question(self, question_key: str) -> QuestionWidget:
        """One question of the shown domain (built in slices by `self.questions`)."""
        assert self._row is not None  # noqa: S101 - narrows a type; never guards a permission
        assert self._bank is not None  # noqa: S101 - narrows a type; never guards a permission
        return QuestionWidget(
            cast(Any, self._bank.questions[question_key]),
            staff_language=staff_language(self._bank),
            survivor_language=self._row.question_language,
            parent=self.questions_box,
        )

    def _show_stored(self, question_key: str, widget: QuestionWidget) -> None:
        if self._row is not None:
            widget.show_answer(self._row.answers.get(question_key))

    def _clear_questions(self) -> None:
        self.questions.clear()
        self._shown_domain = None

    def _load_history(self) -> None:
        rows = self._call(
            lambda s: screening_service.list_screenings(
                s, actor=self.ctx.actor, client_id=self._client_id
            )
        )
        self.history_model.set_rows(rows or [])

    # -- actions -----------------------------------------------------------------------------

    def _call(self, fn: Callable[[Any], Any]) -> Any:
        return self.ctx.call(fn, where=self.message)

    def _act(self, fn: Callable[..., ScreeningRow], **kwargs: Any) -> ScreeningRow | None:
        if self._row is None:
            return None
        screening_id = self._row.id
        row: ScreeningRow | None = self._call(
            lambda s: fn(s, actor=self.ctx.actor, screening_id=screening_id, **kwargs)
        )
        if row is not None:
            self._after(row)
        return row

    def _after(self, row: ScreeningRow) -> None:
        self._show(row if row.status != "complete" else None)
        if row.protocols or row.status == "complete":
            self.protocols.refresh()

    def _on_start_clicked(self) -> None:
        form, language = self.form_combo.currentData(), self.language_combo.currentData()
        row = self._call(
            lambda s: screening_service.start_screening(
                s,
                actor=self.ctx.actor,
                client_id=self._client_id,
                form=form,
                question_language=language,
            )
        )
        if row is not None:
            self._show(row)

    def _on_begin_requested(self, checks: list[str]) -> None:
        self._act(screening_service.confirm_setting, checks=checks)

    def _on_stop_clicked(self) -> None:
        self.stack.setCurrentIndex(IDLE)
        self._act(screening_service.stop_screening)

    def _on_skip_domain_clicked(self) -> None:
        if self._row is not None:
            self._act(screening_service.skip_domain, domain=self._row.current_domain)

    def _on_next_domain_clicked(self) -> None:
        if self._row is None or self._bank is None:
            return
        keys = self._bank.section_keys()
        index = keys.index(self._row.current_domain)
        if index + 1 < len(keys):
            self._act(screening_service.go_to_domain, domain=keys[index + 1])
        else:
            self._on_outcome_clicked()

    def _on_domain_activated(self, index: QModelIndex) -> None:
        key = self.domain_model.key_at(index.row())
        if key is not None and self._row is not None and key != self._row.current_domain:
            self._act(screening_service.go_to_domain, domain=key)

    def _on_outcome_clicked(self) -> None:
        if self._row is None:
            return
        self.outcome_page.prefill(self._row.suggested_domains, self._row.suggested_exploitation)
        self.stack.setCurrentIndex(OUTCOME)

    def _finish(self, outcome: str, domains: list[str], labour: bool, sexual: bool) -> None:
        row = self._act(
            screening_service.finish_screening,
            outcome=outcome,
            domains=domains,
            labour=labour,
            sexual=sexual,
        )
        if row is not None:
            self.stack.setCurrentIndex(IDLE)
            self.message.setStyleSheet(BANNER_STYLES["ok"])
            self.message.setText(
                _("Outcome recorded: {outcome}.").format(outcome=label(OUTCOMES, outcome))
            )

    def _on_question_answered(self, key: str, value: object, state: str) -> None:
        if self._row is None:
            return
        self.message.setStyleSheet(BANNER_STYLES["error"])
        self._act(screening_service.answer_question, question_key=key, code=str(value))

    def _on_question_skipped(self, key: str) -> None:
        self._act(screening_service.skip_question, question_key=key)
