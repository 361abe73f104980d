"""An input is named by its visible label; a required or invalid one says so.

`label_field` makes the label the input's buddy (Qt then reports the labelled-by relation and the
mnemonic) and gives the input the label's words as its accessible name, so a drop-down says
"Gender, Female" rather than only its value. `mark_invalid` colours the field (the style sheet
reads the `invalid` property) and puts the problem in its accessible description.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtWidgets import QLabel, QWidget

from safehaven.i18n import _

REQUIRED_MARK = " *"


def label_field(
    label: QLabel, field: QWidget, text: str, *, required: bool = False, context: str = ""
) -> None:
    """Show `text` (with a required mark) in `label` and name `field` by it; `context` (what
    the field belongs to, e.g. its question) goes into the description."""
    label.setText(text + (REQUIRED_MARK if required else ""))
    label.setBuddy(field)
    field.setAccessibleName(spoken(text))
    field.setProperty("required", required)
    field.setProperty("context", context)
    _describe(field)


def name_fields_by_labels(root: QWidget) -> None:
    """Name every input under `root` by the label whose buddy it is (a trailing * = required)."""
    for label in root.findChildren(QLabel):
        field = label.buddy()
        if field is not None and label.text().strip():
            field.setAccessibleName(spoken(label.text()))
            field.setProperty("required", label.text().rstrip().endswith(REQUIRED_MARK.strip()))
            _describe(field)


def spoken(text: str) -> str:
    """A label's words as a screen reader should say them: no mnemonic, colon or required mark."""
    words = text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()
    return words.removesuffix(REQUIRED_MARK.strip()).strip().removesuffix(":").strip()


def mark_invalid(field: QWidget, message: str) -> None:
    """Mark `field` invalid with `message` (empty: valid again)."""
    if bool(field.property("invalid")) != bool(message):
        field.setProperty("invalid", bool(message))
        field.style().unpolish(field)
        field.style().polish(field)
    field.setProperty("problem", message)
    _describe(field)


def mark_fields(fields: Mapping[str, QWidget], problems: Mapping[str, str]) -> None:
    """Mark each field named in `problems` (name → message) invalid; clear the others."""
    for name, field in fields.items():
        mark_invalid(field, problems.get(name, ""))


def focus_first_invalid(fields: Iterable[QWidget]) -> bool:
    """Move the keyboard focus to the first invalid field that can take it."""
    for field in fields:
        if field.property("invalid") and field.isVisible() and field.isEnabled():
            field.setFocus()
            return True
    return False


def _describe(field: QWidget) -> None:
    parts = [str(field.property("context") or "")]
    if field.property("required"):
        parts.append(_("Required."))
    problem = field.property("problem")
    if problem:
        parts.append(str(problem))
    field.setAccessibleDescription(" ".join(part for part in parts if part))


def enable_with_reason(control: QWidget, reason: str) -> None:
    """Enable `control` unless there is a `reason` not to; a disabled control says why, to the
    mouse (tooltip) and to the screen reader (description)."""
    control.setEnabled(not reason)
    control.setToolTip(reason)
    control.setAccessibleDescription(reason)
