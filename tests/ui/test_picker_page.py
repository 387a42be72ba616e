"""The picker's filters, search and "build one for me", driven through the widgets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget
from pytestqt.qtbot import QtBot

from app.loader import load_routine_file
from app.regions import Region
from app.routine import Routine, format_duration
from app.settings import Options, Settings
from app.store import Catalog, CatalogEntry
from app.timing import TimingOverrides, session_seconds
from app.ui import picker_page, theme
from app.ui.build_dialog import BuildDialog
from app.ui.main_window import MainWindow
from app.ui.picker_page import PickerPage
from app.ui.routine_details import RoutineDetails
from app.ui.theme import Scheme
from tests.fakes import FakeClock

MY_ROUTINE = """\
title: Lunchtime calves
summary: Between meetings.
steps:
  - stretch: supported-heel-raise
    reps: 10
"""
SHIPPED = [
    "Full warm-up",
    "Quick warm-up",
    "Hips & trunk",
    "Waist & lower back",
    "Thighs & knees",
    "Calves & Achilles",
    "Feet & ankles",
]


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "lunchtime.yaml").write_text(MY_ROUTINE, encoding="utf-8")
    (folder / "broken.yaml").write_text("title: [\n", encoding="utf-8")
    return Catalog.load(folder)


@pytest.fixture
def host(qtbot: QtBot, catalog: Catalog) -> QMainWindow:
    """The picker in a main window, as in the app (a bare top-level page makes Qt warn)."""
    window = QMainWindow()
    window.setMinimumSize(640, 520)
    page = PickerPage(window)
    window.setCentralWidget(page)
    qtbot.addWidget(window)
    page.set_entries(catalog.entries)
    page.set_catalog(catalog)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def picker(host: QMainWindow) -> PickerPage:
    page = host.centralWidget()
    assert isinstance(page, PickerPage)
    return page


@pytest.fixture
def details(picker: PickerPage) -> RoutineDetails:
    """The chosen routine's panel, built with the picker's first routines."""
    assert picker.details is not None
    return picker.details


def test_the_first_screen_has_no_details_until_the_routines_come(qtbot: QtBot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    page = PickerPage(window)
    window.setCentralWidget(page)
    assert page.findChild(RoutineDetails) is None
    assert not page.start_button.isEnabled()
    page.set_entries(Catalog.load(Path("/nonexistent")).entries)
    assert page.details is not None
    assert page.details.title_label.text() == "Full warm-up"
    assert page.start_button.isEnabled()


def test_without_filters_shipped_and_own_routines_are_all_listed(picker: PickerPage) -> None:
    assert picker.visible_titles() == [*SHIPPED, "broken.yaml", "Lunchtime calves"]
    assert not picker.empty_label.isVisible()


def test_region_chip_keeps_routines_working_that_region(qtbot: QtBot, picker: PickerPage) -> None:
    qtbot.mouseClick(picker.region_chips[Region.WAIST], Qt.MouseButton.LeftButton)
    assert picker.visible_titles() == ["Full warm-up", "Quick warm-up", "Waist & lower back"]
    qtbot.mouseClick(picker.region_chips[Region.CALVES_ACHILLES], Qt.MouseButton.LeftButton)
    # any of the picked regions
    assert "Lunchtime calves" in picker.visible_titles()
    assert "Hips & trunk" not in picker.visible_titles()
    qtbot.mouseClick(picker.region_chips[Region.WAIST], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(picker.region_chips[Region.CALVES_ACHILLES], Qt.MouseButton.LeftButton)
    assert len(picker.visible_titles()) == len(SHIPPED) + 2


@pytest.mark.parametrize("scheme", [Scheme.LIGHT, Scheme.DARK])
def test_a_chip_that_is_on_looks_clearly_different_from_one_that_is_off(
    qtbot: QtBot, picker: PickerPage, app_look: QApplication, scheme: Scheme
) -> None:
    theme.apply_scheme(app_look, scheme)
    on, off = picker.region_chips[Region.WAIST], picker.region_chips[Region.TRUNK_HIPS]
    size_before = on.size()
    qtbot.mouseClick(on, Qt.MouseButton.LeftButton)
    assert (on.text(), off.text()) == ("✓ Waist", "Trunk")  # not by colour alone
    assert on.size() == size_before  # turning it on moves nothing

    def fill(chip: QWidget) -> QColor:
        """The colour inside the chip, beside its text (a few pixels in from the left)."""
        picture = chip.grab().toImage()
        ratio = picture.devicePixelRatio()
        return picture.pixelColor(round(6 * ratio), round(chip.height() / 2 * ratio))

    assert theme.contrast_ratio(fill(on), fill(off)) >= theme.AA_LARGE


def test_after_a_filter_is_cleared_the_selected_routine_is_in_view(
    qtbot: QtBot, host: QMainWindow, picker: PickerPage
) -> None:
    host.resize(640, 520)  # a short list: the last routines are below its fold
    qtbot.waitUntil(lambda: host.height() == 520)
    picker.search.setText("lunchtime")
    assert picker.visible_titles() == ["Lunchtime calves"]
    picker.search.clear()
    current = picker.list.currentItem()
    assert current is not None
    assert current.text().startswith("Lunchtime calves")
    shown = picker.list.visualItemRect(current)
    assert picker.list.viewport().rect().contains(shown)


def test_time_limit_keeps_routines_that_fit(picker: PickerPage) -> None:
    picker.time_limit.setCurrentText("Up to 3 min")
    # The out-the-door warm-up (2:57) and 10 s + 20 s of heel raises.
    assert picker.visible_titles() == ["Quick warm-up", "Lunchtime calves"]
    picker.time_limit.setCurrentText("Up to 5 min")
    assert "Quick warm-up" in picker.visible_titles()
    assert "broken.yaml" not in picker.visible_titles()


def test_search_matches_title_summary_and_step_names(qtbot: QtBot, picker: PickerPage) -> None:
    qtbot.keyClicks(picker.search, "meetings")  # the summary
    assert picker.visible_titles() == ["Lunchtime calves"]
    picker.search.clear()
    qtbot.keyClicks(picker.search, "GLUTE bridge")  # a step name, any case
    assert picker.visible_titles() == ["Hips & trunk", "Waist & lower back"]
    picker.search.clear()
    qtbot.keyClicks(picker.search, "thighs")
    assert picker.visible_titles() == ["Thighs & knees"]


def test_nothing_matching_says_so_and_nothing_can_start(qtbot: QtBot, picker: PickerPage) -> None:
    qtbot.keyClicks(picker.search, "zumba")
    assert picker.visible_titles() == []
    assert picker.empty_label.isVisible()
    assert picker.current_entry() is None
    assert not picker.start_button.isEnabled()


def test_selection_moves_off_a_hidden_routine(qtbot: QtBot, picker: PickerPage) -> None:
    assert picker.current_entry() is not None
    assert picker.current_entry().id == "full-warmup"  # type: ignore[union-attr]
    qtbot.keyClicks(picker.search, "Achilles")
    entry = picker.current_entry()
    assert entry is not None
    assert entry.title in picker.visible_titles()


def test_body_map_shows_the_selected_routines_regions(
    picker: PickerPage, details: RoutineDetails
) -> None:
    picker.search.setText("Waist & lower back")
    # Marching and butt kicks bring the thighs in.
    assert details.body_map.regions() == (Region.TRUNK_HIPS, Region.WAIST, Region.THIGHS_KNEES)


@pytest.fixture
def window(qtbot: QtBot, catalog: Catalog, settings: Settings) -> MainWindow:
    win = MainWindow(catalog, FakeClock(), settings=settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_ctrl_f_focuses_search_and_space_types_a_space(qtbot: QtBot, window: MainWindow) -> None:
    window.picker.list.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.picker.search.hasFocus()
    qtbot.keyClicks(window.picker.search, "heel raise")
    assert window.picker.search.text() == "heel raise"
    assert window.pages.currentWidget() is window.picker  # the space did not start anything
    qtbot.keyClick(window.picker.search, Qt.Key.Key_Return)
    assert window.picker.list.hasFocus()
    qtbot.keyClick(window.picker.list, Qt.Key.Key_Space)
    assert window.pages.currentWidget() is window.session_page


def test_builder_previews_and_starts_a_generated_routine(qtbot: QtBot, window: MainWindow) -> None:
    picker = window.picker
    qtbot.mouseClick(picker.region_chips[Region.FEET_ANKLES], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(picker.build_button, Qt.MouseButton.LeftButton)
    dialog = picker.builder
    assert isinstance(dialog, BuildDialog)
    assert dialog.picked_regions() == (Region.FEET_ANKLES,)  # the chips carry over
    dialog.region_boxes[Region.THIGHS_KNEES].setChecked(True)
    dialog.minutes.setValue(6)
    routine = dialog.routine()
    assert isinstance(routine, Routine)
    assert dialog.preview_title.text().startswith("Thighs and feet, 6 min · ")
    assert routine.title == "Thighs and feet, 6 min"
    assert routine.steps[0].name in dialog.preview_steps.text()
    with qtbot.waitSignal(picker.generated_start_requested):
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.session_page
    assert window.driver.session is not None
    assert window.driver.session.routine == routine


def test_builder_saves_into_the_users_routines(
    qtbot: QtBot, window: MainWindow, catalog: Catalog
) -> None:
    window.picker.open_builder()
    dialog = window.picker.builder
    assert dialog is not None
    assert not dialog.save_button.isEnabled()  # no region yet
    dialog.region_boxes[Region.WAIST].setChecked(True)
    dialog.minutes.setValue(4)
    with qtbot.waitSignal(window.catalog_arrived):  # read again, off the GUI thread
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert (catalog.user_dir / "built-for-me.yaml").is_file()
    entry = window.picker.current_entry()
    assert entry is not None
    assert entry.id == "built-for-me"
    assert not entry.builtin


def test_a_built_routine_is_saved_under_the_name_given(
    qtbot: QtBot, window: MainWindow, catalog: Catalog
) -> None:
    window.picker.open_builder()
    dialog = window.picker.builder
    assert dialog is not None
    dialog.region_boxes[Region.CALVES_ACHILLES].setChecked(True)
    dialog.region_boxes[Region.FEET_ANKLES].setChecked(True)
    assert dialog.name_edit.text() == "Calves and feet, 5 min"  # not "Built for you: …"
    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.name_edit, " ")
    dialog.name_edit.clear()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.notice.text() == "Give the routine a name to save it."
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.name_edit, "Before the hill run")
    with qtbot.waitSignal(window.catalog_arrived):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = load_routine_file(catalog.user_dir / "before-the-hill-run.yaml", catalog.library)
    assert saved.title == "Before the hill run"


def test_the_builder_says_which_regions_a_stretch_also_works(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.picker.open_builder()
    dialog = window.picker.builder
    assert dialog is not None
    dialog.region_boxes[Region.CALVES_ACHILLES].setChecked(True)
    routine = dialog.routine()
    assert routine is not None
    extra = [region for region in routine.regions if region is not Region.CALVES_ACHILLES]
    assert extra  # the heel raises work the feet too
    for region in extra:
        assert f"Also works the {region.label.lower()}, through " in dialog.preview_steps.text()


def test_steps_are_listed_with_their_small_pictures(details: RoutineDetails) -> None:
    assert details.steps_text()[0] == "1. Marching on the spot — 0:45"
    icon = details.steps_list.item(0).icon()
    assert not icon.isNull()
    assert details.steps_list.focusPolicy() & Qt.FocusPolicy.TabFocus  # for screen readers


def test_a_broken_file_shows_its_error_and_no_steps(
    picker: PickerPage, details: RoutineDetails
) -> None:
    picker.search.setText("broken")
    assert details.title_label.text() == "broken.yaml"
    assert (
        details.summary_label.text() == "This routine file has a problem, so it can't be started:"
    )
    assert details.error_label.text().startswith(str(Path(details.facts_label.text())))
    assert details.error_label.isVisible()
    assert details.steps_text() == []
    assert details.body_map.regions() == ()
    # The error right under its heading, not at the bottom of an empty steps list.
    layout = details.layout()
    assert layout is not None
    layout.activate()
    heading_bottom = details.summary_label.geometry().bottom()
    error_text_top = details.error_label.geometry().top() + details.error_label.contentsRect().top()
    assert 0 <= error_text_top - heading_bottom <= 2 * details.fontMetrics().height()
    picker.search.setText("lunchtime")
    assert not details.error_label.isVisible()
    assert details.steps_text() == ["1. Supported heel raise — 10 reps"]


def test_a_file_over_the_size_cap_shows_one_line_of_error(
    qtbot: QtBot, tmp_path: Path, picker: PickerPage, details: RoutineDetails
) -> None:
    folder = tmp_path / "big-routines"
    folder.mkdir()
    huge = folder / "huge.yaml"
    huge.write_text(MY_ROUTINE + "#" * (256 * 1024), encoding="utf-8")
    (folder / "lunchtime.yaml").write_text(MY_ROUTINE, encoding="utf-8")
    picker.set_entries(Catalog.load(folder).entries)
    assert "Lunchtime calves" in picker.visible_titles()  # the others are all there
    picker.search.setText("huge")
    assert details.title_label.text() == "huge.yaml"
    assert details.error_label.isVisible()
    assert details.error_label.text() == (
        f"{huge}:1:1: file is larger than 256 KiB: routine files are small text files"
    )


def test_the_list_says_the_routines_are_loading_until_they_are_listed(
    qtbot: QtBot, catalog: Catalog
) -> None:
    window = QMainWindow()
    window.setMinimumSize(640, 520)
    page = PickerPage(window)
    window.setCentralWidget(page)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    page.show_loading()
    assert page.loading_label.isVisible()
    assert page.loading_label.text() == "Loading routines…"
    assert page.list.count() == 0
    page.set_entries(catalog.entries)
    assert not page.loading_label.isVisible()
    assert page.list.count() == len(catalog.entries)


def test_each_row_reads_title_then_regions_and_time_and_flags_the_broken(
    picker: PickerPage,
) -> None:
    rows = {
        picker.list.item(row).text(): picker.list.item(row) for row in range(picker.list.count())
    }
    full = "Full warm-up\nTrunk & hips · Waist · Thighs & knees · Calves & Achilles · Feet & ankles"
    assert rows[f"{full} · 9:34"].icon().isNull()
    assert "Lunchtime calves (yours)\nCalves & Achilles · 0:30" in rows
    broken = rows["broken.yaml\nCan't be used: see the error"]
    assert not broken.icon().isNull()  # the warning sign


def test_the_steps_list_shows_the_page_through_in_either_scheme(
    qtbot: QtBot, details: RoutineDetails, app_look: QApplication
) -> None:
    base, text = QPalette.ColorRole.Base, QPalette.ColorRole.Text

    def follows_the_application() -> bool:
        return bool(details.steps_list.palette().color(text) == app_look.palette().color(text))

    for scheme in (Scheme.DARK, Scheme.LIGHT):
        theme.apply_scheme(app_look, scheme)
        qtbot.waitUntil(follows_the_application)  # Qt hands a new palette down in events
        assert details.steps_list.palette().color(base).alpha() == 0


def test_at_the_smallest_window_no_button_is_cut_off(
    qtbot: QtBot, host: QMainWindow, picker: PickerPage
) -> None:
    host.resize(host.minimumSize())
    qtbot.waitUntil(lambda: host.size() == host.minimumSize())
    buttons = [*picker.file_buttons.values(), picker.settings_button, picker.start_button]
    for button in buttons:
        assert button.width() >= button.sizeHint().width(), button.text()
        assert picker.rect().contains(button.geometry()), button.text()


# -- the times shown count the runner's get-ready and rest (Settings) -----------

FULL = "Full warm-up\nTrunk & hips · Waist · Thighs & knees · Calves & Achilles · Feet & ankles"


def row_texts(picker: PickerPage) -> list[str]:
    return [picker.list.item(row).text() for row in range(picker.list.count())]


def test_rows_and_details_show_the_time_with_your_get_ready_and_rest(
    window: MainWindow, settings: Settings
) -> None:
    picker, details = window.picker, window.picker.details
    entry = picker.current_entry()
    assert details is not None
    assert entry is not None
    assert entry.title == "Full warm-up"
    # Its own: lead-in 10 + 14 rests of 8 s; the lunchtime calves: lead-in 10 + 20 s of reps.
    assert f"{FULL} · 9:34" in row_texts(picker)
    assert details.facts_label.text().endswith(" · 9:34")

    settings.set(Options.LEAD_IN, 0)
    assert f"{FULL} · 9:24" in row_texts(picker)
    assert "Lunchtime calves (yours)\nCalves & Achilles · 0:20" in row_texts(picker)
    assert details.facts_label.text().endswith(" · 9:24")

    settings.set(Options.REST, 20)  # 14 rests of 20 s instead of 8
    assert f"{FULL} · 12:12" in row_texts(picker)
    assert details.facts_label.text().endswith(" · 12:12")

    settings.set(Options.LEAD_IN, -1)  # the routine's own again
    settings.set(Options.REST, -1)
    assert f"{FULL} · 9:34" in row_texts(picker)
    assert details.facts_label.text().endswith(" · 9:34")


def test_a_window_opened_with_your_timing_set_shows_it_from_the_start(
    qtbot: QtBot, catalog: Catalog, settings: Settings
) -> None:
    settings.set(Options.LEAD_IN, 0)
    settings.set(Options.REST, 0)
    win = MainWindow(catalog, FakeClock(), settings=settings)
    qtbot.addWidget(win)
    assert f"{FULL} · 7:32" in row_texts(win.picker)


def test_the_length_filter_counts_your_rest(window: MainWindow, settings: Settings) -> None:
    picker = window.picker
    picker.time_limit.setCurrentText("Up to 5 min")
    # All but the full warm-up (9:34): 2:57 to 4:32.
    assert picker.visible_titles() == [*SHIPPED[1:], "Lunchtime calves"]
    settings.set(Options.REST, 40)  # every shipped routine is then over 5 min
    assert picker.visible_titles() == ["Lunchtime calves"]  # one step: no rest
    settings.set(Options.REST, 0)
    settings.set(Options.LEAD_IN, 0)
    picker.time_limit.setCurrentText("Up to 3 min")
    assert picker.visible_titles() == ["Quick warm-up", "Lunchtime calves"]  # 2:14 and 0:20
    settings.set(Options.LEAD_IN, 600)  # ten minutes to get ready: nothing fits
    assert picker.visible_titles() == []
    assert picker.empty_label.isVisible()


def test_the_builder_aims_at_the_real_time_and_follows_the_setting(
    qtbot: QtBot, window: MainWindow, settings: Settings
) -> None:
    settings.set(Options.LEAD_IN, 60)
    settings.set(Options.REST, 20)
    overrides = TimingOverrides(lead_in=60.0, rest=20.0)
    window.picker.open_builder()
    dialog = window.picker.builder
    assert dialog is not None
    for region in (Region.TRUNK_HIPS, Region.WAIST, Region.THIGHS_KNEES):
        dialog.region_boxes[region].setChecked(True)
    dialog.minutes.setValue(6)
    routine = dialog.routine()
    assert routine is not None
    real = session_seconds(routine, overrides)
    assert real == pytest.approx(360, rel=0.10)
    assert dialog.preview_title.text().endswith(f" · {format_duration(real)}")
    assert dialog.notice.text() == ""  # on target: nothing to explain

    settings.set(Options.LEAD_IN, 0)  # changed while the builder is open
    refitted = dialog.routine()
    assert refitted is not None
    real = session_seconds(refitted, TimingOverrides(lead_in=0.0, rest=20.0))
    assert real == pytest.approx(360, rel=0.10)
    assert dialog.preview_title.text().endswith(f" · {format_duration(real)}")

    with qtbot.waitSignal(window.picker.generated_start_requested):
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    snapshot = window.driver.snapshot()
    assert snapshot is not None
    assert snapshot.total_remaining == real  # the session takes what the builder said


def many_routines(tmp_path: Path, count: int) -> Catalog:
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(count):
        text = MY_ROUTINE.replace("Lunchtime calves", f"Calves {number:03d}")
        (folder / f"calves-{number:03d}.yaml").write_text(text, encoding="utf-8")
    return Catalog.load(folder)


def test_a_long_list_shows_its_first_rows_at_once_and_the_rest_soon_after(
    qtbot: QtBot, tmp_path: Path, picker: PickerPage
) -> None:
    catalog = many_routines(tmp_path, 250)
    picker.search.setText("209")
    picker.set_entries(catalog.entries)
    assert picker.list.count() == picker_page.ROWS_AT_ONCE  # the window is not held up
    assert not picker.listing_done
    qtbot.waitUntil(lambda: picker.listing_done)
    assert picker.list.count() == len(catalog.entries)
    # The search holds for the rows that came later too.
    assert picker.visible_titles() == ["Calves 209"]
    assert picker.current_entry() is not None
    assert picker.current_entry().title == "Calves 209"  # type: ignore[union-attr]


def test_a_routine_far_down_a_long_list_is_selected_at_once(
    qtbot: QtBot, tmp_path: Path, picker: PickerPage
) -> None:
    catalog = many_routines(tmp_path, 250)
    picker.set_entries(catalog.entries, select="calves-180")
    entry = picker.current_entry()
    assert entry is not None
    assert entry.id == "calves-180"
    qtbot.waitUntil(lambda: picker.listing_done)
    assert picker.current_entry() is entry


def test_listing_again_drops_the_rows_still_to_come_of_the_last_list(
    qtbot: QtBot, tmp_path: Path, picker: PickerPage, catalog: Catalog
) -> None:
    picker.set_entries(many_routines(tmp_path, 250).entries)
    picker.set_entries(catalog.entries)
    assert picker.listing_done
    count = picker.list.count()
    turned: list[bool] = []  # a turn of the event loop, after the batch that should not come
    QTimer.singleShot(0, lambda: turned.append(True))
    qtbot.waitUntil(lambda: bool(turned))
    assert picker.list.count() == count == len(catalog.entries)


def test_every_text_of_the_routine_rows_and_details_is_translated(
    qtbot: QtBot, tmp_path: Path
) -> None:
    import re

    from app.timing import NO_OVERRIDES
    from app.ui.routine_row import row_text, shared_titles
    from tests.pseudo import pseudo_locale, untranslated
    from tests.ui.pseudo_widgets import untranslated_widget_texts

    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "lunchtime.yaml").write_text(MY_ROUTINE, encoding="utf-8")
    (folder / "copy.yaml").write_text(MY_ROUTINE, encoding="utf-8")  # a title twice
    (folder / "broken.yaml").write_text("title: [\n", encoding="utf-8")
    with pseudo_locale():
        catalog = Catalog.load(folder)  # the shipped routines' texts translated as they load
        # The runner's own data: their routine's title and summary, file names, errors.
        mine = {"Lunchtime calves", "Between meetings.", "lunchtime.yaml", "copy.yaml"}
        mine |= {entry.title for entry in catalog.entries if entry.routine is None}
        mine |= {entry.path for entry in catalog.entries if not entry.builtin}
        errors = [str(entry.error) for entry in catalog.entries if entry.error is not None]
        # The widget check reads "<stream end>" in an error as a tag, and leaves it out.
        mine |= {*errors, *(re.sub(r"<[^>]*>", " ", error) for error in errors)}
        shared = shared_titles(catalog.entries)
        rows = [row_text(entry, NO_OVERRIDES, shared) for entry in catalog.entries]
        assert untranslated(rows, allowed=mine) == []
        host = QWidget()
        qtbot.addWidget(host)
        details = RoutineDetails(host)
        for entry in catalog.entries:
            details.show_entry(entry, NO_OVERRIDES)
            assert untranslated_widget_texts(host, allowed=mine) == [], entry.id


def test_a_long_list_filters_each_row_once_as_it_comes_in(
    qtbot: QtBot, tmp_path: Path, picker: PickerPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.ui import routine_row

    catalog = many_routines(tmp_path, 250)
    filtered: list[str] = []
    real_matches = routine_row.entry_matches

    def counted(entry: CatalogEntry, *rest: Any) -> bool:
        filtered.append(entry.id)
        return real_matches(entry, *rest)

    monkeypatch.setattr(routine_row, "entry_matches", counted)
    picker.search.setText("20")  # calves-020..029, calves-120..., calves-200..209
    filtered.clear()
    picker.set_entries(catalog.entries)
    qtbot.waitUntil(lambda: picker.listing_done)
    # Not the whole list again after each batch (that grew with the square of it).
    assert sorted(filtered) == sorted(entry.id for entry in catalog.entries)
    shown = picker.visible_titles()
    assert {"Calves 020", "Calves 120", "Calves 209", "Calves 220"} <= set(shown)
    assert all("20" in title for title in shown)


def test_a_long_list_whose_one_match_came_in_a_middle_batch_does_not_say_none_match(
    qtbot: QtBot, tmp_path: Path, picker: PickerPage
) -> None:
    catalog = many_routines(tmp_path, 250)
    picker.search.setText("100")  # in the third batch of rows; none in the last
    picker.set_entries(catalog.entries)
    qtbot.waitUntil(lambda: picker.listing_done)
    assert picker.visible_titles() == ["Calves 100"]
    assert picker.empty_label.isHidden()
    assert picker.current_entry().title == "Calves 100"  # type: ignore[union-attr]
