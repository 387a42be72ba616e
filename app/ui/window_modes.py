"""How the main window sits on the desktop: focus mode (fullscreen), keep on top,
and its size and place, remembered in the settings and kept on its screen.

Apart from the window so that the window itself is only its pages and keys; it
asks these for the desktop side of each (see MainWindow.set_focus_mode).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QMainWindow

from app.settings import Options, Settings
from app.ui.window_fit import fit_to_screen


class WindowModes(QObject):
    """The desktop side of the window's modes; the window says when to change them."""

    def __init__(self, window: QMainWindow, settings: Settings) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._focus_mode = False
        self._was_maximized = False
        self._keep_on_screen = False  # set by keep_on_screen (tests' windows aren't)
        self._watching_screen = False

    # Focus mode

    @property
    def focus_mode(self) -> bool:
        return self._focus_mode

    def set_focus_mode(self, on: bool) -> None:
        """Fullscreen on; off, back to maximized or normal, as the window was before."""
        if on == self._focus_mode:
            return
        self._focus_mode = on
        window = self._window
        if on:
            self._was_maximized = window.isMaximized()
            window.showFullScreen()
        elif self._was_maximized:
            window.showMaximized()
        else:
            window.showNormal()

    # Keep on top

    def toggle_keep_on_top(self) -> None:
        self._settings.set(Options.KEEP_ON_TOP, not self._settings.get(Options.KEEP_ON_TOP))

    def keeps_on_top(self) -> bool:
        return bool(self._window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint)

    def apply_keep_on_top(self) -> None:
        """As the setting says, whenever it changes and at start-up."""
        on = self._settings.get(Options.KEEP_ON_TOP)
        if on == self.keeps_on_top():
            return
        # Changing a window flag hides the window: show it again as it was.
        window = self._window
        visible = window.isVisible()
        window.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, on)
        if visible:
            window.show()
            window.activateWindow()

    # Size and place

    def keep_on_screen(self) -> None:
        """From now on, fit the window to its screen whenever it is shown on another."""
        self._keep_on_screen = True

    def window_shown(self) -> None:
        """Once shown, it has a screen to follow (see keep_on_screen)."""
        handle = self._window.windowHandle()
        if self._keep_on_screen and handle is not None and not self._watching_screen:
            self._watching_screen = True
            handle.screenChanged.connect(self.fit_to_screen)
            # Framed now: fitted again once the window manager's frame is known.
            QTimer.singleShot(0, self, self.fit_to_screen)

    def fit_to_screen(self, *_screen: object) -> None:
        """All of the window on its screen, however the screen is scaled (app/ui/window_fit.py)."""
        window = self._window
        if not (window.isFullScreen() or window.isMaximized()):
            fit_to_screen(window)

    def restore_geometry(self) -> bool:
        saved = self._settings.get(Options.WINDOW_GEOMETRY)
        try:
            state = bytes.fromhex(saved)
        except ValueError:  # edited by hand: start at the default size instead
            return False
        return bool(state) and self._window.restoreGeometry(state)

    def save_geometry(self) -> None:
        geometry = self._window.saveGeometry().data().hex()
        self._settings.set(Options.WINDOW_GEOMETRY, geometry)
        self._settings.sync()
