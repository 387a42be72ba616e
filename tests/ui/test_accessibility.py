"""Accessibility: names for every control, keyboard order, screen-reader updates, 2x text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAccessible, QAccessibleEvent, QAccessibleInterface, QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QSlider,
    QSpinBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.history import History, Outcome
from app.store import Catalog
from app.ui.build_dialog import BuildDialog
from app.ui.editor import RoutineEditor
from app.ui.main_window import MainWindow
from app.ui.settings_dialog import SettingsDialog
from app.ui.settings_store import settings_at
from tests.fakes import FakeClock

CONTROL_TYPES = (QAbstractButton, QLineEdit, QComboBox, QSlider, QSpinBox, QListView)
# Parts Qt builds inside a control (a spin box's editor, a search field's clear
# button): screen readers reach them through the control that owns them.
INNER_PARTS_OF = (QAbstractSpinBox, QComboBox, QLineEdit)


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, clock: FakeClock) -> MainWindow:
    folder = tmp_path / "routines"
    folder.mkdir()
    settings = settings_at(str(tmp_path / "limber.ini"))
    win = MainWindow(Catalog.load(folder), clock, settings=settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def controls(root: QWidget) -> Iterator[QWidget]:
    for kind in CONTROL_TYPES:
        for widget in root.findChildren(kind):
            if not is_inner_part(widget, root):
                yield widget


def is_inner_part(widget: QWidget, root: QWidget) -> bool:
    """Part of a control, like a combo box's pop-up list, or of a spin box's editor."""
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, INNER_PARTS_OF):
            return True
        parent = parent.parentWidget()
    return False


def spoken_name(widget: QWidget) -> str:
    """What a screen reader can call the control: its accessible name, or its own text."""
    if widget.accessibleName().strip():
        return widget.accessibleName()
    if isinstance(widget, QAbstractButton):
        return widget.text().replace("&", "").strip()
    return ""


def unnamed(root: QWidget) -> list[str]:
    return [
        f"{type(widget).__name__} {widget.objectName()!r} under {type(widget.parent()).__name__}"
        for widget in controls(root)
        if not spoken_name(widget)
    ]


def test_every_control_of_every_page_has_a_name(window: MainWindow) -> None:
    window.open_routine("full-warmup")
    pages = [window.picker, window.session_page, window.done_page]
    assert sum(len(list(controls(page))) for page in pages) > 20
    assert [name for page in pages for name in unnamed(page)] == []


def test_every_control_of_the_settings_dialog_has_a_name(window: MainWindow) -> None:
    window.open_settings()
    dialog = window.settings_dialog
    assert dialog is not None
    assert len(list(controls(dialog))) > 15
    assert unnamed(dialog) == []


def tab_chain(start: QWidget, length: int) -> list[QWidget]:
    """The widgets Tab goes to from `start`, as Qt's focus chain has them."""
    chain, widget = [start], start
    while len(chain) < length:
        following = widget.nextInFocusChain()
        assert following is not None
        widget = following
        if widget.isVisible() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            chain.append(widget)
    return chain


def test_the_picker_tab_order_follows_the_layout(window: MainWindow) -> None:
    picker = window.picker
    assert picker.details is not None
    expected: list[QWidget] = [
        picker.search,
        *picker.region_chips.values(),
        picker.time_limit,
        picker.build_button,
        picker.list,
        picker.details.body_map,  # the chosen routine's regions, then its steps
        picker.details.steps_list,
        *picker.file_buttons.values(),
        picker.settings_button,
        picker.history_button,
        picker.start_button,
    ]
    names = [spoken_name(widget) for widget in tab_chain(picker.search, len(expected))]
    assert names == [spoken_name(widget) for widget in expected]


def test_tab_moves_through_the_picker_from_the_keyboard(qtbot: QtBot, window: MainWindow) -> None:
    picker = window.picker
    picker.search.setFocus()
    qtbot.waitUntil(picker.search.hasFocus)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is next(iter(picker.region_chips.values()))


def test_the_settings_dialog_opens_and_closes_from_the_keyboard(
    qtbot: QtBot, window: MainWindow
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.settings_dialog
    assert isinstance(dialog, SettingsDialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_screen_readers_hear_each_new_phase_not_each_second(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    window.open_routine("quick-warmup", start=True)
    page = window.session_page
    heard: list[str] = []
    page.step_announced.connect(heard.append)
    for _ in range(3):
        clock.advance(1.0)
        window.driver.refresh()
    assert heard == []  # the seconds tick without a word
    window.driver.skip()  # the lead-in ends: the first stretch begins
    assert len(heard) == 1
    assert page.name_label.text() in heard[0]
    assert page.countdown.accessibleDescription() == heard[0]
    assert page.countdown.accessibleName() == "Time left in this phase"
    window.driver.toggle()  # pausing is not a new phase
    assert len(heard) == 1


@pytest.fixture
def double_text(qapp: QApplication) -> Iterator[QFont]:
    original = QFont(qapp.font())
    big = QFont(original)
    big.setPointSizeF((original.pointSizeF() if original.pointSizeF() > 0 else 10.0) * 2)
    qapp.setFont(big)
    yield big
    qapp.setFont(original)


def clipped_labels(root: QWidget) -> list[str]:
    """Visible labels whose text needs more room than they were given."""
    problems = []
    for label in root.findChildren(QLabel):
        if not label.isVisible() or not label.text() or label is getattr(root, "countdown", None):
            continue
        if label.wordWrap():
            needed_height = label.heightForWidth(label.width())
            needed_width = 0
        else:
            needed_height = label.sizeHint().height()
            needed_width = label.sizeHint().width()
        if label.height() < needed_height or label.width() < needed_width:
            problems.append(
                f"{label.text()[:30]!r}: {label.width()}x{label.height()}"
                f" needs {needed_width}x{needed_height}"
            )
    return problems


def test_the_session_page_holds_at_double_text_size(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock, double_text: QFont
) -> None:
    folder = tmp_path / "routines"
    folder.mkdir()
    win = MainWindow(Catalog.load(folder), clock, settings=settings_at(str(tmp_path / "s.ini")))
    qtbot.addWidget(win)
    win.open_routine("full-warmup", start=True)
    for _ in range(22):
        clock.advance(1.0)
        win.driver.refresh()
    page = win.session_page
    assert page.font().pointSizeF() == pytest.approx(double_text.pointSizeF())
    minimum = win.minimumSizeHint()
    assert minimum.width() <= 1600
    assert minimum.height() <= 1200
    win.resize(1280, 1000)
    win.show()
    qtbot.waitExposed(win)
    assert clipped_labels(page) == []
    assert page.countdown.height() >= 80
    assert all(button.isVisible() for button in (page.toggle_button, page.stop_button))


# --- as a screen reader sees it, through Qt's accessibility interfaces ------------------


def accessible(widget: QObject) -> QAccessibleInterface:
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None
    return interface


def name_of(widget: QObject) -> str:
    return accessible(widget).text(QAccessible.Text.Name)


@pytest.fixture
def announced(monkeypatch: pytest.MonkeyPatch) -> list[tuple[QAccessible.Event, str]]:
    """The accessibility events Limber itself sends: (type, its message or target's name)."""
    sent: list[tuple[QAccessible.Event, str]] = []
    update = QAccessible.updateAccessibility

    def record(event: QAccessibleEvent) -> None:
        text = event.message() if hasattr(event, "message") else name_of(event.object())
        sent.append((event.type(), text))
        update(event)

    monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(record))
    return sent


@pytest.mark.skipif(
    not hasattr(QtGui, "QAccessibleAnnouncementEvent"), reason="announcements are Qt 6.8+"
)
def test_a_new_phase_is_announced_once_and_the_seconds_are_quiet(
    window: MainWindow, clock: FakeClock, announced: list[tuple[QAccessible.Event, str]]
) -> None:
    window.open_routine("quick-warmup", start=True)
    page = window.session_page
    names = (name_of(window), name_of(page.total_label), name_of(page.countdown))
    announced.clear()
    for _ in range(3):
        clock.advance(1.0)
        window.driver.refresh()
    assert announced == []
    # Names that stay put as the seconds go: nothing to tell a screen reader.
    assert (name_of(window), name_of(page.total_label), name_of(page.countdown)) == names
    assert window.windowTitle() != "Limber"  # the title shows the seconds, for the eyes
    window.driver.skip()  # the first stretch begins
    events = [event for event, _ in announced]
    assert events == [QAccessible.Event.Announcement]  # once, as an announcement
    assert page.name_label.text() in announced[0][1]
    assert accessible(page.countdown).text(QAccessible.Text.Description) == announced[0][1]


def test_started_at_once_the_get_ready_does_not_say_press_space(window: MainWindow) -> None:
    window.open_routine("quick-warmup", start=True)
    page = window.session_page
    description = accessible(page.countdown).text(QAccessible.Text.Description)
    assert description.startswith("Get ready · up next: ")
    assert "Press Space" not in description


def test_a_combo_box_is_labelled_with_what_it_sets(window: MainWindow) -> None:
    """On Linux Qt names a combo box by its value; the label it is the buddy of says
    what it is for."""
    window.open_settings()
    dialog = window.settings_dialog
    assert dialog is not None

    def labels(widget: QWidget) -> list[str]:
        relations = accessible(widget).relations(QAccessible.RelationFlag.Label)
        return [label.text(QAccessible.Text.Name) for label, _ in relations]

    assert "Voice:" in labels(dialog.voice)
    assert "Colours:" in labels(dialog.theme)
    assert "Length:" in labels(window.picker.time_limit)
    dialog.close()


def focusable_unnamed(interface: QAccessibleInterface) -> list[str]:
    found = []
    state = interface.state()
    if state.focusable and not state.invisible and not interface.text(QAccessible.Text.Name):
        found.append(f"{interface.role()} {type(interface.object()).__name__}")
    for index in range(interface.childCount()):
        child = interface.child(index)
        if child is not None:
            found.extend(focusable_unnamed(child))
    return found


def test_the_history_page_has_no_unnamed_stop(window: MainWindow, tmp_path: Path) -> None:
    with History.open(tmp_path / "history.sqlite3") as history:
        for _ in range(3):
            row = history.start("quick-warmup", "Quick warm-up", 5)
            history.finish(row, Outcome.COMPLETED, 5, 120.0)
        window.set_history(history)
        window.show_history()
        assert focusable_unnamed(accessible(window.history_page)) == []
        window.close()


def unnamed_buttons(interface: QAccessibleInterface) -> list[str]:
    found = []
    if interface.role() == QAccessible.Role.Button and not interface.text(QAccessible.Text.Name):
        found.append(type(interface.object()).__name__)
    for index in range(interface.childCount()):
        child = interface.child(index)
        if child is not None:
            found.extend(unnamed_buttons(child))
    return found


def test_the_search_fields_clear_button_has_a_name(window: MainWindow) -> None:
    window.picker.search.setText("calves")  # the clear button shows
    assert unnamed_buttons(accessible(window.picker)) == []


INPUT_TYPES = (QComboBox, QAbstractSpinBox, QLineEdit, QPlainTextEdit, QSlider)


def what_it_is_for(widget: QWidget) -> str:
    """What a screen reader can say an input is for: its name, unless that is only its
    value (on Linux Qt names a combo box by its current text, whatever its accessible
    name); then the label it is the buddy of, which AT-SPI reads as "labelled by"."""
    interface = accessible(widget)
    value = interface.text(QAccessible.Text.Value).strip()
    name = interface.text(QAccessible.Text.Name).strip()
    if name and name != value:
        return name
    labels = [  # a group box's title labels every control in it: not what one is for
        label.text(QAccessible.Text.Name).strip()
        for label, _ in interface.relations(QAccessible.RelationFlag.Label)
        if not isinstance(label.object(), QGroupBox)
    ]
    return next((label for label in labels if label and label != value), "")


def inputs_named_badly(root: QWidget) -> list[str]:
    """Each input a screen reader could only read out by its value, or not at all."""
    return [
        f"{type(widget).__name__} {accessible(widget).text(QAccessible.Text.Value)!r}"
        f" in {type(root).__name__}"
        for widget in root.findChildren(QWidget)
        if isinstance(widget, INPUT_TYPES)
        and not is_inner_part(widget, root)
        and not what_it_is_for(widget)
    ]


def test_every_input_of_every_page_and_dialog_says_what_it_sets(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    with History.open(tmp_path / "history.sqlite3") as history:
        window.set_history(history)
        window.show_history()
        roots: list[QWidget] = [window.picker, window.history_page]
        window.open_routine("full-warmup")
        roots += [window.session_page, window.done_page]
        window.open_settings()
        assert window.settings_dialog is not None
        roots.append(window.settings_dialog)
        catalog = Catalog.load(tmp_path / "routines")
        build = BuildDialog(catalog)
        qtbot.addWidget(build)
        entry = catalog.get("full-warmup")
        assert entry is not None
        assert entry.routine is not None
        editor = RoutineEditor(entry.routine, catalog.library, catalog.user_dir)
        qtbot.addWidget(editor)
        roots += [build, editor]
        counted = sum(
            isinstance(widget, INPUT_TYPES)
            for root in roots
            for widget in root.findChildren(QWidget)
        )
        assert counted > 25
        assert [problem for root in roots for problem in inputs_named_badly(root)] == []
        window.close()
