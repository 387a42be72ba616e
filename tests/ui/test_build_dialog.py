"""The builder in the runner's language: every text translated, none cut off."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from app import i18n
from app.regions import Region
from app.store import Catalog
from app.ui.build_dialog import BuildDialog, listed, suggested_name
from tests.pseudo import pseudo_locale
from tests.ui.layout_check import cut_off_texts, save_shot
from tests.ui.pseudo_widgets import untranslated_widget_texts


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    with i18n.installed(i18n.ENGLISH):
        yield


def qt_texts(dialog: QWidget) -> set[str]:
    """The standard buttons' texts: Qt's own, translated by its catalogs."""
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    return {button.text() for button in box.buttons()} - {"", *_own_buttons(dialog)}


def _own_buttons(dialog: QWidget) -> set[str]:
    assert isinstance(dialog, BuildDialog)
    return {dialog.start_button.text(), dialog.save_button.text()}


def built(qtbot: QtBot, tmp_path: Path, regions: tuple[Region, ...]) -> BuildDialog:
    dialog = BuildDialog(Catalog.load(tmp_path / "routines"), regions)
    qtbot.addWidget(dialog)
    return dialog


def test_every_text_of_the_builder_is_translated(qtbot: QtBot, tmp_path: Path) -> None:
    with pseudo_locale():
        dialog = built(qtbot, tmp_path, (Region.CALVES_ACHILLES, Region.WAIST))
        dialog.show()
        assert dialog.preview_steps.text()  # the steps and "also works" are shown
        assert untranslated_widget_texts(dialog, allowed=qt_texts(dialog)) == []
        dialog.minutes.setValue(20)  # longer than these regions go: the notice says so
        assert dialog.notice.text()
        assert untranslated_widget_texts(dialog, allowed=qt_texts(dialog)) == []
        dialog.name_edit.clear()
        dialog.save_button.click()  # "Give the routine a name"
        assert untranslated_widget_texts(dialog, allowed=qt_texts(dialog)) == []
        dialog.region_boxes[Region.CALVES_ACHILLES].setChecked(False)
        dialog.region_boxes[Region.WAIST].setChecked(False)
        assert untranslated_widget_texts(dialog, allowed=qt_texts(dialog)) == []


@pytest.mark.parametrize(
    ("language", "name", "also"),
    [
        ("de", "Waden und Füße, 5 min", "Trainiert auch Füße & Sprunggelenke: "),
        ("zh_CN", "小腿和足部，5 分钟", "也练到了足部与脚踝。"),
    ],
)
def test_the_builder_names_and_explains_in_the_runners_language(
    qtbot: QtBot, tmp_path: Path, language: str, name: str, also: str
) -> None:
    i18n.install_language(language)
    assert suggested_name((Region.CALVES_ACHILLES, Region.FEET_ANKLES), 5) == name
    dialog = built(qtbot, tmp_path, (Region.CALVES_ACHILLES,))
    assert also in dialog.preview_steps.text()  # the heel raises work the feet too


def test_lists_are_joined_as_the_language_joins_them() -> None:
    assert listed(["calves", "feet", "waist"]) == "calves, feet and waist"
    i18n.install_language("zh_CN")
    assert listed(["小腿", "足部", "腰部"]) == "小腿、足部和腰部"
    assert listed(["腰部"]) == "腰部"


@pytest.mark.parametrize("language", ["de", "zh_CN"])
def test_nothing_is_cut_off_at_the_builders_smallest_size(
    qtbot: QtBot, tmp_path: Path, language: str
) -> None:
    i18n.install_language(language)
    dialog = built(qtbot, tmp_path, (Region.WAIST,))
    dialog.minutes.setValue(20)  # longer than one region goes: the longest notice
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.resize(dialog.minimumSize())
    qtbot.waitUntil(lambda: dialog.size() == dialog.minimumSize())
    assert dialog.notice.text()
    assert cut_off_texts(dialog) == []
    save_shot(dialog, f"build-{language}-smallest")
