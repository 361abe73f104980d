"""One way to write a date on screen: ISO 8601, `2026-03-31` and `2026-03-31 14:30`.

Every table, label and date editor of the interface goes through these helpers, whatever the
staff language, so a date reads the same in the case list, a referral and an appointment.
Letters and PDFs, which leave the shelter, keep their own long, translated dates.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDateEdit, QDateTimeEdit

DATE_FORMAT = "%Y-%m-%d"
DATE_TIME_FORMAT = "%Y-%m-%d %H:%M"
QT_DATE_FORMAT = "yyyy-MM-dd"
QT_DATE_TIME_FORMAT = "yyyy-MM-dd HH:mm"


def date_text(value: dt.date | dt.datetime | None) -> str:
    """`2026-03-31`; a moment is shown on this computer's clock; None gives ""."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return _local(value).strftime(DATE_FORMAT)
    return value.strftime(DATE_FORMAT)


def date_time_text(value: dt.datetime | None) -> str:
    """`2026-03-31 14:30` on this computer's clock; None gives ""."""
    return "" if value is None else _local(value).strftime(DATE_TIME_FORMAT)


def iso_editor(editor: QDateEdit | QDateTimeEdit) -> None:
    """Show a date (or date and time) editor in the same form as every other date."""
    timed = not isinstance(editor, QDateEdit)  # a QDateEdit is a QDateTimeEdit too
    editor.setDisplayFormat(QT_DATE_TIME_FORMAT if timed else QT_DATE_FORMAT)


def _local(value: dt.datetime) -> dt.datetime:
    return value.astimezone() if value.tzinfo is not None else value
