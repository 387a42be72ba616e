"""Stretch pictures: the large mirrored drawing and the small icons in lists."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.ui import picture
from app.ui.picture import StretchPicture, prepare_icons, stretch_icon


def opaque_pixels(image: QImage) -> int:
    return sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if image.pixelColor(x, y).alpha() > 0
    )


def test_a_stretch_icon_is_drawn_at_twice_its_size_for_sharp_hidpi(qapp: QApplication) -> None:
    icon = stretch_icon("stretches/lunge-press.svg", 40)
    assert icon.availableSizes() == [QSize(80, 80)]
    assert opaque_pixels(icon.pixmap(QSize(80, 80)).toImage()) > 100


def test_without_a_picture_the_icon_is_blank_but_keeps_its_width(qapp: QApplication) -> None:
    for image in (None, "", "stretches/no-such-picture.svg"):
        icon = stretch_icon(image, 40)
        assert not icon.isNull()  # rows with and without a picture stay aligned
        assert icon.availableSizes() == [QSize(80, 80)]
        assert opaque_pixels(icon.pixmap(QSize(80, 80)).toImage()) == 0


def test_icons_drawn_ahead_in_a_worker_are_the_ones_the_list_shows(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    pictures = [("stretches/lunge-press.svg", None), (None, "hip-circles"), (None, None)]
    picture._figure_icons.clear()
    worker = threading.Thread(target=prepare_icons, args=(pictures, 40))
    worker.start()
    worker.join()
    ahead = {key: image.copy() for key, image in picture._figure_icons.items()}
    assert len(ahead) == 2  # the two figures; nothing to draw ahead for no picture

    def drawn_again(*args: object) -> QImage:
        raise AssertionError("an icon drawn ahead was drawn again on the GUI thread")

    monkeypatch.setattr(picture, "_drawn_icon", drawn_again)
    for image, stretch_id in pictures[:2]:
        shown = stretch_icon(image, 40, stretch_id).pixmap(QSize(80, 80)).toImage()
        assert opaque_pixels(shown) > 100
    monkeypatch.undo()
    picture._figure_icons.clear()
    for (move, size), drawn_ahead in ahead.items():  # the same pixels as on the GUI thread
        assert picture._drawn_icon(move, None, size) == drawn_ahead


def drawn_per_column(image: QImage) -> list[int]:
    """How many pixels of each column differ from the background (the top-left one)."""
    background = image.pixelColor(0, 0)
    return [
        sum(1 for y in range(image.height()) if image.pixelColor(x, y) != background)
        for x in range(image.width())
    ]


def difference(one: list[int], other: list[int]) -> int:
    return sum(abs(a - b) for a, b in zip(one, other, strict=True))


def test_the_picture_is_mirrored_for_the_second_side(qtbot: QtBot) -> None:
    picture = StretchPicture()
    qtbot.addWidget(picture)
    picture.resize(120, 120)
    picture.show_image("stretches/lunge-press.svg")
    first = drawn_per_column(picture.grab().toImage())
    picture.show_image("stretches/lunge-press.svg", mirrored=True)
    second = drawn_per_column(picture.grab().toImage())
    assert picture.mirrored()
    drawn = sum(first)
    assert difference(second, first[::-1]) < drawn * 0.05  # the same figure, facing the other way
    assert difference(second, first) > drawn * 0.3


def test_a_missing_picture_hides_the_widget(qtbot: QtBot) -> None:
    picture = StretchPicture()
    qtbot.addWidget(picture)
    picture.show_image("stretches/no-such-picture.svg")
    assert picture.image() is None
    assert picture.isHidden()


def test_the_picture_keeps_its_proportions_in_a_tall_space(qtbot: QtBot) -> None:
    picture = StretchPicture()
    qtbot.addWidget(picture)
    picture.show_image("stretches/front-bow.svg")  # loaded before the size is known
    picture.resize(120, 120)
    square = drawn_per_column(picture.grab().toImage())
    picture.resize(120, 360)
    tall = drawn_per_column(picture.grab().toImage())
    # The same drawing, centred, not stretched to three times its height.
    assert difference(tall, square) < sum(square) * 0.05


def test_a_picture_of_your_own_is_read_off_the_gui_thread_and_drawn(
    qtbot: QtBot, tmp_path: Path
) -> None:
    image = QImage(40, 40, QImage.Format.Format_RGB32)
    image.fill(QColor(Qt.GlobalColor.red))
    path = tmp_path / "wall.png"
    assert image.save(str(path))
    picture = StretchPicture()
    qtbot.addWidget(picture)
    picture.resize(120, 120)
    picture.show_image(str(path))
    qtbot.waitUntil(lambda: picture.image() == str(path))
    assert not picture.isHidden()
    assert picture.missing_line() == ""
    drawn = picture.grab().toImage()
    assert drawn.pixelColor(60, 60) == QColor(Qt.GlobalColor.red)


def test_a_picture_of_your_own_gone_missing_is_said_in_one_line(
    qtbot: QtBot, tmp_path: Path
) -> None:
    picture = StretchPicture()
    qtbot.addWidget(picture)
    picture.show_image(str(tmp_path / "gone.png"))
    qtbot.waitUntil(lambda: picture.missing_line() != "")
    assert picture.missing_line() == "Your picture “gone.png” is missing, so none is shown."
    assert picture.image() is None
    assert not picture.isHidden()
    picture.show_image("stretches/front-bow.svg")  # the next step: its picture, no line
    assert picture.missing_line() == ""
    assert picture.image() == "stretches/front-bow.svg"
