"""Qt's own texts in the runner's language: standard buttons, dialogs, context menus.

Limber's texts come from gettext (app/i18n.py); Qt's (the "Cancel" of a
QDialogButtonBox, the colour and file dialogs, a line edit's context menu)
from the `qtbase_<lang>.qm` file PySide6 ships in its translations folder.

Reading the file is the part that may wait (it is a file), so start-up does it
in the background and installs it on the GUI thread:

    in_background(window, lambda: read_qt_translations(language),
                  lambda data: install_qt_translations(app, data))

`load_qt_translations` does both at once, for scripts and tests.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QObject, QTranslator

from app.i18n import SOURCE_LANGUAGE


class QtTranslations(QTranslator):
    """A translator loaded from bytes, which it keeps: Qt reads them for as long as it
    is installed."""

    def __init__(self, data: bytes, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._data = data
        self.loaded = self.load(self._data)


def qt_translations_file(language: str) -> Path | None:
    """Qt's catalog for `language` ("de", "zh_CN"), or None (English, or none ships)."""
    if language == SOURCE_LANGUAGE:
        return None
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    # zh_CN has a catalog of its own; de_AT is served by the German one.
    for name in (language, language.split("_")[0]):
        candidate = folder / f"qtbase_{name}.qm"
        if candidate.is_file():
            return candidate
    return None


def read_qt_translations(language: str) -> bytes | None:
    """The bytes of Qt's catalog for `language`, or None; safe on any thread."""
    path = qt_translations_file(language)
    if path is None:
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None  # Qt's texts stay English; Limber's own are translated all the same


def install_qt_translations(app: QCoreApplication, data: bytes | None) -> QTranslator | None:
    """Make Qt's texts come from `data` (from read_qt_translations); None if it holds none.

    The translator is a child of `app`; remove it with
    `app.removeTranslator(translator)` to go back to English.
    """
    if not data:
        return None
    translator = QtTranslations(data, app)
    if not translator.loaded:
        translator.deleteLater()
        return None
    app.installTranslator(translator)
    return translator


def load_qt_translations(app: QCoreApplication, language: str) -> QTranslator | None:
    """Read and install Qt's catalog for `language` at once (on the calling thread)."""
    return install_qt_translations(app, read_qt_translations(language))
