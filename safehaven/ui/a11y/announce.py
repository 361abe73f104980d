"""Tell the screen reader about a message that appeared without the user moving focus.

An error or a warning is sent as an `Alert` event (Windows UI Automation and NVDA speak it at
once) and as an assertive `QAccessibleAnnouncementEvent` (AT-SPI: Orca speaks it); a neutral
message only as a polite announcement.
"""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleEvent
from PySide6.QtWidgets import QWidget


def announce(widget: QWidget, text: str, *, urgent: bool = True) -> None:
    """Announce `text`, said by `widget` (a banner or message line); nothing for empty text."""
    if not text:
        return
    if urgent:
        QAccessible.updateAccessibility(QAccessibleEvent(widget, QAccessible.Event.Alert))
    event = QAccessibleAnnouncementEvent(widget, text)
    event.setPoliteness(
        QAccessible.AnnouncementPoliteness.Assertive
        if urgent
        else QAccessible.AnnouncementPoliteness.Polite
    )
    QAccessible.updateAccessibility(event)
