"""Qt's own translations (file dialogs, Yes/No buttons, context menus) for the staff language.

Qt ships them as `qtbase_<lang>.qm` in its translations folder; the one for the current language
is installed on the application and replaced whenever the language changes. The translator is a
child of the application object, so nothing is kept at module level.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

OBJECT_NAME = "safehaven-qt-catalog"


def qt_translations_folder() -> str:
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def follow_language(app: QCoreApplication, lang: str) -> bool:
    """Install Qt's catalogue for `lang` in place of the previous one; False when Qt has none
    (English, the pseudo-locales), in which case Qt's built-in English is used."""
    old = app.findChild(QTranslator, OBJECT_NAME)
    if old is not None:
        QCoreApplication.removeTranslator(old)
        old.setObjectName("")
        old.deleteLater()
    translator = QTranslator(app)
    translator.setObjectName(OBJECT_NAME)
    base = lang.replace("-", "_")
    if base == "en" or not translator.load(f"qtbase_{base}", qt_translations_folder()):
        translator.setObjectName("")
        translator.deleteLater()
        return False
    QCoreApplication.installTranslator(translator)
    return True
