"""The main window's keys, and the restart or stop question they may ask first.

Space starts or pauses (or presses the button tabbed to), the arrows skip and go
back, R restarts and Esc stops (each asked first while a session is under way,
Enter or Space saying yes), F is focus mode, + and - add or take 10 s, M mutes,
H opens the history, Ctrl+T keeps the window on top, Ctrl+, opens the settings,
Ctrl+Q quits. Every key is a window shortcut, so it works whichever widget has
the focus; what it does is the window's (or the engine's) own command.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QApplication

from app.i18n import _, pgettext

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow
    from app.ui.session_page import Confirmation


class WindowKeys(QObject):
    """Adds the window's shortcuts to it, and answers them."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        bindings: list[tuple[str, tuple[str, ...], Callable[[], None]]] = [
            (_("Start / pause"), ("Space",), self._space),
            (_("Skip"), ("Right",), self._skip),
            # Translators: back to the step before (not the body's back).
            (pgettext("to the step before", "Back"), ("Left",), self._back),
            (_("Restart"), ("R",), self.restart),
            (_("Stop (leaves focus mode first)"), ("Esc",), self._escape),
            (_("Focus mode"), ("F",), window.toggle_focus_mode),
            (_("Keep on top"), ("Ctrl+T",), window.toggle_keep_on_top),
            (_("Settings…"), ("Ctrl+,",), window.open_settings),
            (_("Add 10 s"), ("+", "="), self._add_time),
            (_("Remove 10 s"), ("-",), self._remove_time),
            (_("Mute / unmute"), ("M",), self._toggle_mute),
            (_("History"), ("H",), self._history_key),
            (_("Quit"), ("Ctrl+Q",), self._quit),
        ]
        for text, keys, slot in bindings:
            action = QAction(text, window)
            action.setShortcuts([QKeySequence(key) for key in keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            window.addAction(action)
        # Enter answers yes to a restart or stop question; only then, so it is never
        # taken from the list, the search box or the buttons otherwise.
        self._accept_action = QAction(_("Yes (restart or stop)"), window)
        self._accept_action.setShortcuts([QKeySequence("Return"), QKeySequence("Enter")])
        self._accept_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self._accept_action.setEnabled(False)
        self._accept_action.triggered.connect(self._accept_question)
        window.addAction(self._accept_action)

    def _space(self) -> None:
        """Space answers a question shown, presses a focused button, else starts or pauses."""
        window = self._window
        if self._asking() is not None:
            self._accept_question()
            return
        focused = QApplication.focusWidget()
        if (
            isinstance(focused, QAbstractButton)
            and focused.window() is window
            and focused.isVisible()
            and focused.isEnabled()
        ):
            focused.click()
        elif window.pages.currentWidget() is window.picker:
            window.picker.start_selected()
        else:
            window.driver.toggle()

    def _toggle_mute(self) -> None:
        self._window.cues.toggle_mute()

    def _skip(self) -> None:
        self._window.driver.skip()

    def _back(self) -> None:
        self._window.driver.back()

    def restart(self) -> None:
        """R: at once when nothing is lost (not started, done), else asked first."""
        from app.ui.session_page import Confirmation  # after the first paint (LATER_MODULES)

        if self._under_way():
            self._ask(Confirmation.RESTART)
        else:
            self._window.driver.restart()

    def stop(self) -> None:
        """Esc or Stop: a session under way is asked about first; else it is left at once."""
        from app.ui.session_page import Confirmation  # after the first paint (LATER_MODULES)

        if self._under_way():
            self._ask(Confirmation.STOP)
        else:
            self._window.close_session()

    def _under_way(self) -> bool:
        from app.session import State  # after the first paint (LATER_MODULES)

        window = self._window
        page = window.built_session_page
        if page is None or window.pages.currentWidget() is not page:
            return False
        session = window.driver.session
        return session is not None and session.state in (State.RUNNING, State.PAUSED)

    def _asking(self) -> Confirmation | None:
        page = self._window.built_session_page
        return None if page is None else page.asking

    def _ask(self, confirmation: Confirmation) -> None:
        self._window.session_page.ask(confirmation)
        self._accept_action.setEnabled(True)

    def _accept_question(self) -> None:
        page = self._window.built_session_page
        if page is not None:
            page.accept_confirmation()

    def confirmed(self, confirmation: Confirmation) -> None:
        """The runner said yes to the question `confirmation`."""
        from app.ui.session_page import Confirmation  # after the first paint (LATER_MODULES)

        self._accept_action.setEnabled(False)
        if confirmation is Confirmation.RESTART:
            self._window.driver.restart()
        else:
            self._window.close_session()

    def drop_question(self) -> None:
        """The question no longer applies (the session ended, or was left)."""
        self._accept_action.setEnabled(False)
        page = self._window.built_session_page
        if page is not None:
            page.cancel_confirmation()

    def _add_time(self) -> None:
        from app.session import ADJUST_SECONDS  # after the first paint (LATER_MODULES)

        self._window.driver.adjust(ADJUST_SECONDS)

    def _remove_time(self) -> None:
        from app.session import ADJUST_SECONDS  # after the first paint (LATER_MODULES)

        self._window.driver.adjust(-ADJUST_SECONDS)

    def _escape(self) -> None:
        """Esc says no to a question shown, leaves focus mode, then asks to stop the
        session; on the picker it clears the search box."""
        window = self._window
        if self._asking() is not None:
            self.drop_question()
        elif window.is_focus_mode():
            window.set_focus_mode(False)
        elif window.pages.currentWidget() is window.picker:
            window.picker.clear_search()
        else:
            self.stop()

    def _quit(self) -> None:
        """Ctrl+Q: closing the window ends the app (a session under way is kept to resume)."""
        self._window.close()

    def _history_key(self) -> None:
        window = self._window
        if window.pages.currentWidget() is window.picker:
            window.show_history()
