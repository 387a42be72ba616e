"""The figure on screen: drawn from poses in the house colours, moving with the session clock."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app import figure, moves
from app.clock import ManualClock
from app.routine import Routine, step_from_stretch
from app.session import Session
from app.settings import Settings
from app.store import Catalog, shipped_library
from app.ui import theme
from app.ui.figure_view import paint_frame
from app.ui.main_window import MainWindow
from app.ui.picture import StretchPicture
from tests.fakes import FakeClock
from tests.test_assets import GRAPHICS_CONTRAST, HOUSE_COLOURS, backgrounds
from tests.ui.driving import TWO_STEP_ROUTINE, advance, open_two_step, show_active

LIBRARY = shipped_library()


def test_the_renderers_colours_stand_out_on_both_schemes(qapp: QApplication) -> None:
    assert set(figure.PALETTE) == HOUSE_COLOURS
    for colour in figure.PALETTE:
        for where, background in backgrounds().items():
            ratio = theme.contrast_ratio(QColor(colour), background)
            assert ratio >= GRAPHICS_CONTRAST, f"{colour} on {where} is {ratio:.2f}:1"


def drawn(frame: figure.Frame, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    paint_frame(painter, frame, QRectF(0, 0, size, size))
    painter.end()
    return image


def test_the_working_leg_is_painted_in_the_working_colour_on_either_side(
    qapp: QApplication,
) -> None:
    move = moves.MOVES["leg-swings"]
    left = figure.frame(move)
    for shown in (left, left.mirrored()):
        image = drawn(shown, 240)
        knee_x, knee_y = shown.joints[figure.Joint.KNEE]
        assert image.pixelColor(round(knee_x), round(knee_y)).name() == figure.WORKING
        standing_x, standing_y = shown.joints[figure.Joint.FAR_KNEE]
        assert image.pixelColor(round(standing_x), round(standing_y)).name() == figure.FAR


def session_of(stretch_id: str) -> tuple[Session, ManualClock]:
    clock = ManualClock()
    step = step_from_stretch(LIBRARY[stretch_id])
    session = Session(Routine("view", "View", (step,), lead_in=0, rest=0), clock.monotonic)
    session.start()
    return session, clock


def shown_picture(qtbot: QtBot) -> StretchPicture:
    picture = StretchPicture()
    qtbot.addWidget(picture)
    picture.resize(200, 200)
    picture.show()
    qtbot.waitExposed(picture)
    return picture


def test_a_library_stretch_is_drawn_from_poses_and_any_other_picture_from_its_svg(
    qtbot: QtBot,
) -> None:
    picture = shown_picture(qtbot)
    picture.show_image("stretches/glute-bridge.svg")
    assert picture.drawn_move() is moves.MOVES["glute-bridge"]
    assert picture.current_frame() == figure.frame(moves.MOVES["glute-bridge"])
    picture.show_image("icon.svg")  # not a library stretch's: as a picture of your own would be
    assert picture.drawn_move() is None
    assert picture.image() == "icon.svg"
    assert picture.current_frame() is None
    assert picture.isVisible()
    picture.show_image(None, stretch_id="jog-on-the-spot")  # a new stretch with no SVG
    assert picture.drawn_move() is moves.MOVES["jog-on-the-spot"]
    assert picture.isVisible()


def test_a_rep_move_is_redrawn_from_the_session_clock_and_stops_when_paused(
    qtbot: QtBot,
) -> None:
    session, clock = session_of("glute-bridge")
    move = moves.MOVES["glute-bridge"]
    picture = shown_picture(qtbot)
    picture.set_snapshot_source(session.snapshot)
    picture.show_snapshot(session.snapshot())
    assert picture.animating()
    clock.advance(1.1)
    expected = figure.frame_at(move, session.snapshot())
    assert expected != figure.frame(move)
    qtbot.waitUntil(lambda: picture.current_frame() == expected)
    painted = picture.frames_painted()
    clock.advance(0.5)
    qtbot.waitUntil(lambda: picture.frames_painted() > painted)  # it is really painted
    expected = figure.frame_at(move, session.snapshot())
    session.toggle()
    picture.show_snapshot(session.snapshot())
    assert not picture.animating()
    clock.advance(2.0)
    assert picture.current_frame() == expected  # frozen where it was paused


def test_nothing_is_redrawn_while_hidden_or_for_a_still_hold(qtbot: QtBot) -> None:
    session, _ = session_of("glute-bridge")
    picture = shown_picture(qtbot)
    picture.set_snapshot_source(session.snapshot)
    picture.show_snapshot(session.snapshot())
    assert picture.animating()
    picture.hide()
    assert not picture.animating()
    picture.show()
    assert picture.animating()
    hold, _ = session_of("kneeling-ankle-press")
    picture.set_snapshot_source(hold.snapshot)
    picture.show_snapshot(hold.snapshot())
    assert not picture.animating()


def test_nothing_is_redrawn_while_the_window_is_minimized(qtbot: QtBot) -> None:
    session, _ = session_of("high-knees")
    picture = shown_picture(qtbot)
    picture.set_snapshot_source(session.snapshot)
    picture.show_snapshot(session.snapshot())
    assert picture.animating()
    picture.showMinimized()
    qtbot.waitUntil(lambda: not picture.animating())
    picture.showNormal()
    qtbot.waitUntil(picture.animating)


def test_in_the_window_the_session_figure_moves_with_the_reps(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock, settings: Settings
) -> None:
    (tmp_path / "two-step.yaml").write_text(TWO_STEP_ROUTINE, encoding="utf-8")
    window = MainWindow(Catalog.load(tmp_path), clock, settings=settings)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    open_two_step(qtbot, window)
    picture = window.session_page.picture
    advance(window, clock, 10.0)  # holding the lunge: still
    assert picture.drawn_move() is moves.MOVES["lunge-press"]
    assert not picture.animating()
    advance(window, clock, 44.0)  # 5 + 20 + 5 + 20 + 3 s in: a second into the heel raises
    move = moves.MOVES["supported-heel-raise"]
    assert picture.drawn_move() is move
    assert picture.animating()
    snapshot = window.driver.snapshot()
    assert snapshot is not None
    assert picture.current_frame() == figure.frame_at(move, snapshot)
    assert picture.current_frame() != figure.frame(move)  # heels on the way down
