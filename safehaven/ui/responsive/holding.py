"""Actions held while something is on its way (a read, a build in slices).

A widget may be held by more than one holder at once (a tab's read and its section's build):
it is disabled by the first and gets back the state it had before only when the last one lets
go, so a holder that finishes early never enables what another still holds.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

_COUNT = "safehavenHeldBy"
_BEFORE = "safehavenEnabledBefore"


def hold(widget: QWidget) -> None:
    count = held_by(widget)
    if count == 0:
        own = not widget.testAttribute(Qt.WidgetAttribute.WA_ForceDisabled)
        widget.setProperty(_BEFORE, own)
    widget.setProperty(_COUNT, count + 1)
    widget.setEnabled(False)


def release(widget: QWidget) -> None:
    count = held_by(widget)
    if count == 0:
        return
    widget.setProperty(_COUNT, count - 1)
    if count == 1:
        widget.setEnabled(bool(widget.property(_BEFORE)))


def held_by(widget: QWidget) -> int:
    """How many holders hold `widget` now."""
    return int(widget.property(_COUNT) or 0)
