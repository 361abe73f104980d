"""The icon set: every bundled icon loads, is tinted for the palette, and unknown names are safe."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage

from safehaven.paths import resource
from safehaven.ui.icons import app_icon, icon, icon_names


def test_every_icon_in_the_set_loads_at_toolbar_and_high_dpi_sizes(qapp) -> None:
    names = icon_names()
    assert {"lock", "search", "users", "printer", "eye-off", "safehaven"} <= set(names)
    for name in names:
        ic = icon(name)
        assert not ic.isNull(), name
        assert not ic.pixmap(QSize(24, 24), 2.0).isNull(), name


def test_unknown_or_path_like_names_give_an_empty_icon(qapp) -> None:
    assert icon("no-such-icon").isNull()
    assert icon("../icons/lock").isNull()


def test_line_icons_are_drawn_in_the_palette_text_color(qapp) -> None:
    image = (
        icon("lock").pixmap(QSize(48, 48)).toImage().convertToFormat(QImage.Format.Format_ARGB32)
    )
    text = qapp.palette().windowText().color()
    opaque = [
        QColor(image.pixel(x, y))
        for x in range(image.width())
        for y in range(image.height())
        if QColor.fromRgba(image.pixel(x, y)).alpha() == 255
    ]
    assert opaque, "the icon drew nothing"
    assert all(c.rgb() == text.rgb() for c in opaque)


def test_application_icon_has_all_sizes_and_installer_formats(qapp) -> None:
    assert not app_icon().isNull()
    for name in ("safehaven.ico", "safehaven.icns", "safehaven-512.png"):
        assert resource(f"icons/app/{name}").is_file()
    assert (resource("icons") / "LICENSE-lucide.txt").is_file()
