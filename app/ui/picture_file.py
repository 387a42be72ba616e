"""A picture file of the runner's own: checked (it decodes, at a sane size) and copied in.

Everything here reads files and decodes images, so it runs in a worker thread
(`app.ui.background.in_background`), never on the GUI thread. The limits and
names are `app.pictures`'s; what needs Qt (decoding PNG, JPEG and SVG) is here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage, QImageReader
from PySide6.QtSvg import QSvgRenderer

from app import pictures, resources
from app.files import write_atomically
from app.i18n import _


@dataclass(frozen=True)
class CopiedPicture:
    """The outcome of choosing a file: the copy made, or why there is none."""

    path: Path | None = None
    problem: str | None = None


def decode_problem(name: str, data: bytes) -> str | None:
    """Why `data` (the file `name`) is not a picture to show, in one line; None if it is."""
    if name.lower().endswith(".svg"):
        if not resources.looks_like_svg(data):
            return _("“{file}” is not an SVG picture.").format(file=name)
        renderer = QSvgRenderer(QByteArray(data))
        if not renderer.isValid():
            return _("“{file}” is not an SVG picture that can be shown.").format(file=name)
        size = renderer.defaultSize()
        return pictures.dimensions_problem(name, size.width(), size.height())
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    header = reader.size()  # read from the header: a huge picture is refused undecoded
    if header.isValid():
        problem = pictures.dimensions_problem(name, header.width(), header.height())
        if problem is not None:
            return problem
    image: QImage = reader.read()
    buffer.close()
    if image.isNull():
        return _("“{file}” is not a PNG or JPEG picture that can be read.").format(file=name)
    return pictures.dimensions_problem(name, image.width(), image.height())


def copy_picture_file(source: Path, pictures_dir: Path) -> CopiedPicture:
    """Check `source` and copy it, under a name not taken, into `pictures_dir`.

    Reads and decodes the file: call it in a worker thread.
    """
    name = source.name
    problem = pictures.suffix_problem(name)
    if problem is not None:
        return CopiedPicture(problem=problem)
    try:
        size = source.stat().st_size
        problem = pictures.size_problem(name, size)
        if problem is not None:
            return CopiedPicture(problem=problem)
        data = source.read_bytes()
    except OSError as error:
        message = _("“{file}” cannot be read: {reason}.")
        return CopiedPicture(problem=message.format(file=name, reason=error.strerror or error))
    problem = decode_problem(name, data)
    if problem is not None:
        return CopiedPicture(problem=problem)
    try:
        pictures_dir.mkdir(parents=True, exist_ok=True)
        taken = os.listdir(pictures_dir)
        target = pictures_dir / pictures.picture_file_name(name, taken)
        write_atomically(target, data)
    except OSError as error:
        message = _("“{file}” could not be copied in: {reason}.")
        return CopiedPicture(problem=message.format(file=name, reason=error.strerror or error))
    return CopiedPicture(path=target)


def read_own_picture(path: Path) -> QImage | bytes | None:
    """A picture of the runner's own, ready to draw: an SVG's bytes, a PNG or JPEG
    decoded; None when it is missing or no longer a picture. For a worker thread."""
    try:
        if path.stat().st_size > pictures.MAX_PICTURE_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    if path.name.lower().endswith(".svg"):
        return data if decode_problem(path.name, data) is None else None
    image = QImage()
    if not image.loadFromData(data):
        return None
    if pictures.dimensions_problem(path.name, image.width(), image.height()) is not None:
        return None
    return image
