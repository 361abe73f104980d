"""The referral letter dialog: tick the fields to share (only consented ones can be ticked),
choose the language, preview, print, or save as PDF.

The preview is rendered from the PDF bytes in memory with pypdfium2 — no temporary file. Print and
save each ask the service again (consent gate at that moment, audit event with the field names).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import _
from safehaven.models.referral import LETTER_FIELDS
from safehaven.services.errors import ConsentMissing
from safehaven.services.referrals.labels import FIELD_LABELS
from safehaven.services.referrals.letters import LetterOptions, LetterResult, Purpose, build_letter
from safehaven.services.referrals.letters import letter_options as load_options
from safehaven.storage.files import write_atomic
from safehaven.ui.context import UiContext
from safehaven.ui.referrals.consent_notice import ConsentNotice
from safehaven.ui.referrals.messages import consent_problem_text
from safehaven.ui.widgets import file_dialogs
from safehaven.ui.widgets.banner import Banner
from safehaven.ui.widgets.message_line import message_slot
from safehaven.ui.widgets.window_size import fit_to_screen

PREVIEW_SCALE = 1.25
MIN_PDF_PASSWORD = 6
SaveChooser = Callable[[QWidget, str], str]


def render_pages(pdf: bytes, scale: float, password: str | None = None) -> list[QImage]:
    """Rasterize every page of a PDF held in memory."""
    document = pdfium.PdfDocument(pdf, password=password)
    images = []
    try:
        for index in range(len(document)):
            page = document[index]
            bitmap = page.render(scale=scale, rev_byteorder=True, prefer_bgrx=True)
            image = QImage(
                bytes(bitmap.buffer),
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGBX8888,
            ).copy()
            images.append(image)
            page.close()
    finally:
        document.close()
    return images


def _choose_save(parent: QWidget, suggested: str) -> str:
    return file_dialogs.save_file(
        parent, _("Save letter as PDF"), suggested, _("PDF files (*.pdf)")
    )


class LetterDialog(QDialog):
    def __init__(self, ctx: UiContext, referral_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.referral_id = referral_id
        self.choose_save: SaveChooser = _choose_save
        self.override_reason: str | None = None
        self.problem = ""  # why consent stops the letter, when it does
        self.pages: list[QImage] = []
        self.last_result: LetterResult | None = None
        self.last_dialog: QDialog | None = None
        self.options = self._load_options()
        self._build_ui()
        self._connect_signals()
        self.preview()

    def _load_options(self) -> LetterOptions | None:
        self.error = Banner("error", self)  # laid out with the options; may speak before that
        return self.ctx.call(
            lambda s: load_options(s, actor=self.ctx.actor, referral_id=self.referral_id),
            where=self.error,
        )

    def _build_ui(self) -> None:
        reference = self.options.reference if self.options else ""
        self.setWindowTitle(_("Referral letter {reference}").format(reference=reference))
        fit_to_screen(self, "letter", QSize(1000, 760))
        layout = QHBoxLayout(self)
        side_area = QScrollArea(self)  # on a small screen the choices scroll, not the window
        side_area.setWidgetResizable(True)
        side_area.setFrameShape(QFrame.Shape.NoFrame)
        side_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side_host = QWidget(side_area)
        side = QVBoxLayout(side_host)
        self.consent = self._consent_notice()
        if self.consent is not None:
            side.addWidget(self.consent)
        side.addWidget(self._field_box())
        self._build_options(side)
        side_area.setWidget(side_host)
        bar = side_area.verticalScrollBar().sizeHint().width()
        side_area.setMinimumWidth(side_host.sizeHint().width() + bar)
        layout.addWidget(side_area)
        self.preview_area = QScrollArea(self)
        self.preview_area.setAccessibleName(_("Letter preview"))
        self.preview_area.setWidgetResizable(True)
        self.page_host = QWidget(self.preview_area)
        self.page_layout = QVBoxLayout(self.page_host)
        self.preview_area.setWidget(self.page_host)
        layout.addWidget(self.preview_area, 1)

    def _field_box(self) -> QGroupBox:
        """One tick box per client field; only consented ones (the role may include) enabled."""
        box = QGroupBox(_("Details to include"), self)
        box_layout = QVBoxLayout(box)
        self.checks: dict[str, QCheckBox] = {}
        for name in LETTER_FIELDS:
            check = QCheckBox(_(FIELD_LABELS[name]), box)
            self.checks[name] = check
            box_layout.addWidget(check)
        self._apply_options()
        return box

    def _apply_options(self) -> None:
        shareable = self.options.shareable if self.options else ()
        restricted = self.options.restricted if self.options else ()
        for name, check in self.checks.items():
            allowed = name in shareable and name not in restricted
            check.blockSignals(True)  # one preview after all of them, not one each
            check.setEnabled(allowed)
            check.setChecked(allowed)
            check.blockSignals(False)
            if allowed:
                check.setToolTip("")
            elif name not in shareable:
                check.setToolTip(
                    _("The survivor did not agree to share this with this organization.")
                )
            else:
                check.setToolTip(_("Your role may not include this field."))

    def _consent_notice(self) -> ConsentNotice | None:
        """Names the recipient and says whether consent covers it; offers "Record consent…"."""
        if self.options is None or self.options.organization_id is None:
            return None
        if self.options.overridden:  # a supervisor's override stands: a letter without details
            consequence = _(
                "Until it is recorded, the letter carries no details about the survivor."
            )
        else:
            consequence = _("Until it is recorded, the letter cannot be shown, printed or saved.")
        notice = ConsentNotice(self.ctx, self.options.client_id, self, consequence=consequence)
        notice.check(self.options.organization_id, self.options.service_type)
        return notice

    def _on_consent_recorded(self) -> None:
        """Consent was recorded from here: offer the fields it allows, then show the letter."""
        self.options = self._load_options_again()
        self._apply_options()
        self.preview()

    def _load_options_again(self) -> LetterOptions | None:
        return self.ctx.call(
            lambda s: load_options(s, actor=self.ctx.actor, referral_id=self.referral_id),
            where=self.error,
        )

    def _build_options(self, side: QVBoxLayout) -> None:
        form = QFormLayout()
        self.language = QComboBox(self)
        self.language.setAccessibleName(_("Letter language"))
        self.language.addItem("English", "en")
        self.language.addItem("Español", "es")
        form.addRow(_("Language"), self.language)
        self.protect = QCheckBox(_("Protect the saved PDF with a password"), self)
        self.protect.setChecked(True)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(_("PDF password"))
        form.addRow(self.protect)
        form.addRow(_("PDF password"), self.password)
        self.password_hint = Banner("error", self)
        form.addRow(message_slot(self, self.password_hint))
        side.addLayout(form)
        self.status = Banner("info", self)
        side.addWidget(message_slot(self, self.status, self.error))
        self.override_button = QPushButton(_("&Override consent…"), self)
        self.override_button.setVisible(False)
        side.addWidget(self.override_button)
        side.addStretch(1)
        self.preview_button = QPushButton(_("&Refresh preview"), self)
        self.print_button = QPushButton(_("&Print…"), self)
        self.save_button = QPushButton(_("&Save as PDF…"), self)
        self.close_button = QPushButton(_("Close"), self)
        for button in (self.preview_button, self.print_button, self.save_button, self.close_button):
            side.addWidget(button)

    def _connect_signals(self) -> None:
        for check in self.checks.values():
            check.toggled.connect(lambda _on: self.preview())
        self.language.currentIndexChanged.connect(lambda _i: self.preview())
        self.protect.toggled.connect(self.password.setEnabled)
        self.protect.toggled.connect(lambda _on: self._check_password())
        self.password.textChanged.connect(lambda _t: self._check_password())
        if self.consent is not None:
            self.consent.recorded.connect(self._on_consent_recorded)
        self.preview_button.clicked.connect(self.preview)
        self.print_button.clicked.connect(self.print_letter)
        self.save_button.clicked.connect(self.save_letter)
        self.close_button.clicked.connect(self.reject)
        self.override_button.clicked.connect(self._ask_override)

    def selected_fields(self) -> list[str]:
        return [
            name for name, check in self.checks.items() if check.isEnabled() and check.isChecked()
        ]

    def _build(self, purpose: Purpose, password: str | None = None) -> LetterResult | None:
        self.error.clear_message()
        fields, language = self.selected_fields(), str(self.language.currentData())
        override_reason = self.override_reason
        try:
            result = self.ctx.call(
                lambda s: build_letter(
                    s,
                    actor=self.ctx.actor,
                    referral_id=self.referral_id,
                    purpose=purpose,
                    fields=fields,
                    language=language,
                    override_reason=override_reason,
                    pdf_password=password,
                ),
                where=self.error,
                passthrough=(ConsentMissing,),
            )
        except ConsentMissing as exc:
            self._consent_refused(exc)
            return None
        if result is None:
            return None
        self.override_reason = None  # recorded once; it stays on the referral
        self.override_button.setVisible(False)
        for button in (self.print_button, self.save_button):
            button.setEnabled(True)
        return result

    def _consent_refused(self, exc: ConsentMissing) -> None:
        self.problem = consent_problem_text(exc.reason)
        if self.consent is not None and self.consent.cover is not None:
            self.consent.check(
                self.consent.cover.organization_id, self.consent.cover.service_type or ""
            )
        if self.consent is None or self.consent.cover is None or self.consent.cover.covered:
            self.error.show_message(self.problem)  # else the consent notice says it, with a way on
        self.print_button.setEnabled(False)
        self.save_button.setEnabled(False)
        self.override_button.setVisible(bool(self.options and self.options.can_override))
        self._show_pages([])

    def _ask_override(self) -> None:
        from safehaven.ui.referrals.referral_dialog import OverrideDialog

        dialog = OverrideDialog(self.problem, self)
        self.last_dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.override_reason = dialog.reason_text()
            self.preview()

    def preview(self) -> None:
        result = self._build("preview")
        if result is None:
            return
        self.last_result = result
        self.pages = render_pages(result.pdf, PREVIEW_SCALE)
        self._show_pages(self.pages)
        included = ", ".join(_(FIELD_LABELS[f]) for f in result.fields) or _("none")
        self.status.show_message(
            _("{pages} page(s). Client details included: {fields}.").format(
                pages=len(self.pages), fields=included
            )
        )

    def clear(self) -> None:
        """Drop the rendered pages and the letter bytes (lock)."""
        self.pages = []
        self.last_result = None
        self._show_pages([])
        if self.consent is not None:
            self.consent.clear()

    def reject(self) -> None:
        self.clear()
        super().reject()

    def _show_pages(self, images: list[QImage]) -> None:
        while self.page_layout.count():
            item = self.page_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for number, image in enumerate(images, start=1):
            label = QLabel(self.page_host)
            label.setPixmap(QPixmap.fromImage(image))
            label.setAccessibleName(_("Page {number}").format(number=number))
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            self.page_layout.addWidget(label)
        self.page_layout.addStretch(1)

    def print_letter(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        self.last_dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> bool:
        """Audited print: ask the service (consent now), then paint each page on the printer."""
        result = self._build("print")
        if result is None:
            return False
        dpi = printer.resolution()
        images = render_pages(result.pdf, dpi / 72.0)
        painter = QPainter()
        if not painter.begin(printer):
            self.error.show_message(_("The printer could not be started."))
            return False
        try:
            for number, image in enumerate(images):
                if number:
                    printer.newPage()
                area = painter.viewport()
                size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(area.x(), area.y(), size.width(), size.height()), image)
        finally:
            painter.end()
        self.status.show_message(_("Letter sent to the printer."))
        return True

    def _password_problem(self) -> str:
        if self.protect.isChecked() and len(self.password.text()) < MIN_PDF_PASSWORD:
            return _("Type a PDF password of at least 6 characters, or untick the protection.")
        return ""

    def _check_password(self) -> None:
        """As the password is typed: the hint goes once it is long enough (never shown early)."""
        if self.password_hint.text() and not self._password_problem():
            self.password_hint.clear_message()

    def save_letter(self) -> None:
        password = self.password.text() if self.protect.isChecked() else None
        problem = self._password_problem()
        if problem:
            self.password_hint.alert(problem)
            self.password.setFocus()
            return
        reference = self.options.reference if self.options else "letter"
        path = self.choose_save(self, f"{reference}.pdf")
        if not path:
            return
        result = self._build("save", password)
        if result is None:
            return
        try:
            write_atomic(Path(path), result.pdf)
        except OSError as exc:
            self.error.show_message(
                _("Cannot write the file ({reason}).").format(
                    reason=exc.strerror or type(exc).__name__
                )
            )
            return
        self.status.show_message(_("Letter saved."))
