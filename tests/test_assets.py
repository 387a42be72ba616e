"""Every stretch picture the library names exists, is valid SVG and draws something.

And every picture in assets/stretches/ can be seen: each colour it draws with
stands out at least 3:1 (WCAG 1.4.11, graphics) against the window and list
backgrounds of both the light and the dark scheme, and comes from the house
palette that assets/stretches/README.md describes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QRectF
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPalette
from PySide6.QtSvg import QSvgRenderer

from app import resources
from app.routine import Sides, Stretch
from app.store import shipped_library
from app.ui import theme

LIBRARY = shipped_library()
SIZE = 120
PICTURES = sorted((Path(__file__).resolve().parent.parent / "assets" / "stretches").glob("*.svg"))
GRAPHICS_CONTRAST = 3.0  # WCAG 1.4.11: graphics a user must see to understand the content

# The house palette (assets/stretches/README.md): each colour works on both schemes.
FIGURE = "#5f7390"  # the body, and the near (on the left side: left) limbs
FIGURE_FAR = "#7d8ba0"  # the far limbs
HIGHLIGHT = "#cc600c"  # the working side and the muscles under tension, near limbs
HIGHLIGHT_FAR = "#b27e2c"  # muscles under tension on the far limbs
PROPS = "#7f8690"  # the floor, walls, posts, mats and motion arrows
HOUSE_COLOURS = {FIGURE, FIGURE_FAR, HIGHLIGHT, HIGHLIGHT_FAR, PROPS}


def backgrounds() -> dict[str, QColor]:
    """What a picture is drawn on: the window (session page, editor) and lists (icons)."""
    found: dict[str, QColor] = {}
    for scheme in (theme.Scheme.LIGHT, theme.Scheme.DARK):
        palette = theme.palette_for(scheme)
        assert palette is not None
        for role, where in (
            (QPalette.ColorRole.Window, "window"),
            (QPalette.ColorRole.Base, "list"),
        ):
            found[f"the {scheme.value} {where}"] = palette.color(role)
    return found


def drawn_colours(svg: Path) -> set[str]:
    """Every fill and stroke colour the SVG names (as attributes or in style=), lower case.

    Translucent paint is refused outright: its contrast depends on what lies behind it.
    """
    colours: set[str] = set()
    for element in ElementTree.parse(svg).iter():
        properties = dict(element.attrib)
        for declaration in properties.pop("style", "").split(";"):
            name, _, value = declaration.partition(":")
            if value:
                properties[name.strip()] = value.strip()
        for name, value in properties.items():
            if name.endswith("opacity"):
                assert float(value) >= 1, f"{svg.name}: {name}={value} (translucent paint)"
            elif name in ("fill", "stroke") and value != "none":
                colours.add(value.lower())
    return colours


@pytest.mark.parametrize("svg", PICTURES, ids=lambda svg: svg.name)
def test_every_colour_stands_out_on_both_schemes(svg: Path) -> None:
    under = []
    for colour in sorted(drawn_colours(svg)):
        paint = QColor(colour)
        assert paint.isValid(), f"{svg.name}: {colour!r} is not a colour"
        for where, background in backgrounds().items():
            ratio = theme.contrast_ratio(paint, background)
            if ratio < GRAPHICS_CONTRAST:
                under.append(f"{colour} on {where} ({background.name()}) is {ratio:.2f}:1")
    assert under == [], f"{svg.name} is hard to see: " + "; ".join(under)


@pytest.mark.parametrize("svg", PICTURES, ids=lambda svg: svg.name)
def test_every_picture_draws_in_the_house_colours(svg: Path) -> None:
    assert drawn_colours(svg) <= HOUSE_COLOURS, "see assets/stretches/README.md"


def test_the_house_palette_itself_passes() -> None:
    """The palette the README promises, checked on its own (new pictures can trust it)."""
    for colour in HOUSE_COLOURS:
        for where, background in backgrounds().items():
            ratio = theme.contrast_ratio(QColor(colour), background)
            assert ratio >= GRAPHICS_CONTRAST, f"{colour} on {where}: {ratio:.2f}:1"


@pytest.mark.parametrize("svg", PICTURES, ids=lambda svg: svg.name)
def test_every_picture_highlights_what_works(svg: Path) -> None:
    assert HIGHLIGHT in drawn_colours(svg), f"{svg.name} shows no working side"


@pytest.mark.parametrize(
    "stretch",
    [stretch for stretch in LIBRARY.values() if stretch.sides is Sides.BOTH],
    ids=lambda stretch: stretch.id,
)
def test_a_two_sided_picture_says_which_side_works(stretch: Stretch) -> None:
    """Drawn for the left side and mirrored for the right, so the near (left) limbs
    work, in the full highlight, and the description says which limb that is."""
    assert stretch.image is not None
    root = ElementTree.fromstring(resources.asset_bytes(stretch.image))
    description = root.findtext("{http://www.w3.org/2000/svg}desc") or ""
    assert "Drawn for the left side: the left" in description, stretch.image
    assert "Mirrored for the right side." in description, stretch.image


@pytest.mark.parametrize("svg", PICTURES, ids=lambda svg: svg.name)
def test_every_picture_parses_and_fits_its_square(svg: Path) -> None:
    """Valid SVG (Qt warnings fail the test), drawn, and nothing cut off at the edges."""
    renderer = QSvgRenderer(str(svg))
    assert renderer.isValid(), f"{svg.name} is not valid SVG"
    size = 240
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(QColor(0, 0, 0, 0))
    painter = QPainter(image)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    edge = [(x, y) for x in range(size) for y in (0, size - 1)]
    edge += [(x, y) for y in range(size) for x in (0, size - 1)]
    assert [point for point in edge if image.pixelColor(*point).alpha()] == []
    assert re.search(rb"<title>[^<]+</title>", svg.read_bytes()), f"{svg.name} has no title"


@pytest.fixture(autouse=True)
def gui_app(qapp: QGuiApplication) -> QGuiApplication:
    """QSvgRenderer and QPainter need a GUI application: pytest-qt's, shared by all tests."""
    return qapp


def test_every_stretch_has_a_picture() -> None:
    assert [stretch.id for stretch in LIBRARY.values() if not stretch.image] == []


@pytest.mark.parametrize("stretch", LIBRARY.values(), ids=lambda stretch: stretch.id)
def test_picture_renders_and_is_not_blank(stretch: Stretch) -> None:
    assert stretch.image is not None
    data = resources.asset_bytes(stretch.image)  # OSError fails the test: a missing file
    renderer = QSvgRenderer(QByteArray(data))
    assert renderer.isValid(), f"{stretch.image} is not valid SVG"
    image = QImage(SIZE, SIZE, QImage.Format.Format_ARGB32)
    image.fill(QColor(0, 0, 0, 0))
    painter = QPainter(image)
    renderer.render(painter, QRectF(0, 0, SIZE, SIZE))
    painter.end()
    drawn = sum(
        1 for y in range(0, SIZE, 2) for x in range(0, SIZE, 2) if image.pixelColor(x, y).alpha()
    )
    # A figure covers a good part of its square; a stray ground line alone would not.
    assert drawn > (SIZE // 2) ** 2 * 0.05, f"{stretch.image} draws (almost) nothing"


@pytest.mark.parametrize("stretch", LIBRARY.values(), ids=lambda stretch: stretch.id)
def test_picture_has_a_title_for_screen_readers(stretch: Stretch) -> None:
    assert stretch.image is not None
    assert b"<title>" in resources.asset_bytes(stretch.image)
