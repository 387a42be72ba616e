"""A picture file of the runner's own: checked (decodes, sane size) and copied in."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QColor, QImage, QImageWriter
from PySide6.QtWidgets import QApplication

from app.pictures import MAX_PICTURE_BYTES
from app.ui.picture_file import CopiedPicture, copy_picture_file, read_own_picture

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="80">'
    b'<rect width="40" height="80" fill="#c33"/></svg>'
)


def png_bytes(width: int, height: int, file_format: str = "PNG") -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(Qt.GlobalColor.darkGreen))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert QImageWriter(buffer, QByteArray(file_format.encode())).write(image)
    buffer.close()
    return bytes(data.data())


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def test_a_good_png_is_copied_into_the_pictures_folder_under_a_plain_name(
    qapp: QApplication, tmp_path: Path
) -> None:
    source = write(tmp_path, "Wall Push.PNG", png_bytes(30, 20))
    pictures = tmp_path / "routines" / "pictures"
    copied = copy_picture_file(source, pictures)
    assert copied == CopiedPicture(path=pictures / "wall-push.png")
    assert (pictures / "wall-push.png").read_bytes() == source.read_bytes()
    again = copy_picture_file(source, pictures)  # another step, the same file: its own copy
    assert again.path == pictures / "wall-push-2.png"


def test_jpeg_and_svg_pictures_are_taken_too(qapp: QApplication, tmp_path: Path) -> None:
    jpeg = write(tmp_path, "photo.jpeg", png_bytes(30, 20, "JPEG"))
    svg = write(tmp_path, "figure.svg", SVG)
    assert copy_picture_file(jpeg, tmp_path / "pictures").path == tmp_path / "pictures/photo.jpg"
    assert copy_picture_file(svg, tmp_path / "pictures").path == tmp_path / "pictures/figure.svg"


def test_a_file_over_five_megabytes_is_refused_and_nothing_is_copied(
    qapp: QApplication, tmp_path: Path
) -> None:
    source = write(tmp_path, "big.png", png_bytes(4, 4) + bytes(MAX_PICTURE_BYTES))
    copied = copy_picture_file(source, tmp_path / "pictures")
    assert copied.path is None
    assert copied.problem == "“big.png” is 5.0 MB: pictures can be at most 5 MB."
    assert not (tmp_path / "pictures").exists()


def test_a_picture_over_four_thousand_pixels_is_refused(qapp: QApplication, tmp_path: Path) -> None:
    source = write(tmp_path, "wide.png", png_bytes(4001, 2))
    copied = copy_picture_file(source, tmp_path / "pictures")
    assert copied.problem == (
        "“wide.png” is 4001 by 2 px: pictures can be at most 4000 px on a side."
    )


def test_a_file_that_is_not_a_picture_is_refused_in_one_line(
    qapp: QApplication, tmp_path: Path
) -> None:
    fake_png = write(tmp_path, "notes.png", b"these are my notes, not a picture\n")
    fake_svg = write(tmp_path, "notes.svg", b"<html><body>not a drawing</body></html>")
    text = write(tmp_path, "notes.txt", b"hello")
    assert copy_picture_file(fake_png, tmp_path / "pictures").problem == (
        "“notes.png” is not a PNG or JPEG picture that can be read."
    )
    assert copy_picture_file(fake_svg, tmp_path / "pictures").problem == (
        "“notes.svg” is not an SVG picture."
    )
    assert copy_picture_file(text, tmp_path / "pictures").problem == (
        "“notes.txt” is not a PNG, JPEG or SVG picture."
    )
    assert not (tmp_path / "pictures").exists()


def test_a_picture_gone_since_reads_as_none(qapp: QApplication, tmp_path: Path) -> None:
    assert read_own_picture(tmp_path / "gone.png") is None
    image = read_own_picture(write(tmp_path, "here.png", png_bytes(30, 20)))
    assert isinstance(image, QImage)
    assert (image.width(), image.height()) == (30, 20)
    assert read_own_picture(write(tmp_path, "here.svg", SVG)) == SVG


def test_every_reason_a_picture_is_not_used_is_translated(tmp_path: Path) -> None:
    from tests.pseudo import pseudo_locale, untranslated

    broken_svg = tmp_path / "broken.svg"
    broken_svg.write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'><rect")
    not_svg = tmp_path / "text.svg"
    not_svg.write_bytes(b"just words")
    broken_png = tmp_path / "broken.png"
    broken_png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    with pseudo_locale():
        problems = [
            copy_picture_file(path, tmp_path / "pictures").problem
            for path in (broken_svg, not_svg, broken_png, tmp_path / "gone.png")
        ]
    assert None not in problems
    names = {"broken.svg", "text.svg", "broken.png", "gone.png", "No such file or directory"}
    assert untranslated([problem or "" for problem in problems], allowed=names) == []
