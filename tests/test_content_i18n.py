"""The shipped library and routines in the runner's language; a user's own file as written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app import i18n
from app.content_i18n import translated_library, translated_routine
from app.cues import announcement_fits
from app.routine import Hold, Routine, Step
from app.store import Catalog, shipped_library

SHIPPED = ("de", "zh_CN")


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    with i18n.installed(i18n.ENGLISH):
        yield


@pytest.mark.parametrize("language", SHIPPED)
def test_every_shipped_stretch_is_shown_and_said_in_the_language(language: str) -> None:
    english = shipped_library()
    i18n.install_language(language)
    translated = shipped_library()
    assert list(translated) == list(english)
    for key, stretch in translated.items():
        source = english[key]
        assert stretch.name != source.name
        assert stretch.instructions != source.instructions
        assert stretch.cue != source.cue
        assert stretch.say is not None
        assert stretch.say != source.say
        # The voice names what the screen names, in every language.
        assert stretch.say.startswith(stretch.name), key
        assert (stretch.dose, stretch.sides, stretch.regions) == (
            source.dose,
            source.sides,
            source.regions,
        )


def test_the_chinese_library_reads_as_chinese() -> None:
    i18n.install_language("zh_CN")
    library = shipped_library()
    assert library["lunge-press"].name == "弓步压腿"
    assert library["glute-bridge"].say == "臀桥，夹臀，抬起。"


@pytest.mark.parametrize("language", SHIPPED)
def test_shipped_routines_get_translated_titles_and_summaries(
    language: str, tmp_path: Path
) -> None:
    english = {entry.id: entry.routine for entry in Catalog.load(tmp_path).entries}
    i18n.install_language(language)
    for entry in Catalog.load(tmp_path).entries:
        routine, source = entry.routine, english[entry.id]
        assert routine is not None
        assert source is not None
        assert routine.title != source.title
        assert routine.summary != source.summary
        assert [step.dose for step in routine.steps] == [step.dose for step in source.steps]


@pytest.mark.parametrize("language", SHIPPED)
def test_every_announcement_of_a_shipped_routine_fits_its_pause(
    language: str, tmp_path: Path
) -> None:
    i18n.install_language(language)
    late = [
        (entry.id, entry.routine.steps[fit.step_index].name, round(fit.spoken, 1))
        for entry in Catalog.load(tmp_path).entries
        if entry.routine is not None
        for fit in announcement_fits(entry.routine)
        if not fit.fits
    ]
    assert late == []


def test_a_users_own_routine_stays_as_written_but_uses_the_translated_stretches(
    tmp_path: Path,
) -> None:
    (tmp_path / "mine.yaml").write_text(
        "title: My morning loosener\n"
        "summary: Before the long run.\n"
        "steps:\n"
        "  - stretch: lunge-press\n"
        "  - name: Arm swings\n"
        "    instructions: Swing both arms.\n"
        "    hold: 20s\n",
        encoding="utf-8",
    )
    i18n.install_language("zh_CN")
    entry = Catalog.load(tmp_path).get("mine")
    assert entry is not None
    assert entry.routine is not None
    routine = entry.routine
    assert (routine.title, routine.summary) == ("My morning loosener", "Before the long run.")
    assert [step.name for step in routine.steps] == ["弓步压腿", "Arm swings"]
    assert routine.steps[1].instructions == "Swing both arms."


def test_a_text_missing_from_the_catalog_stays_english() -> None:
    routine = Routine(
        id="x",
        title="Not in any catalog",
        summary="",
        steps=(Step(name="Quick warm-up", instructions="", dose=Hold(10)),),
    )
    i18n.install_language("de")
    translated = translated_routine(routine)
    assert translated.title == "Not in any catalog"
    assert translated.summary == ""  # an empty text is not looked up (it is the header)
    assert translated.steps[0].name == "Schnelles Aufwärmen"


def test_the_translation_is_a_pure_function_of_the_texts() -> None:
    library = shipped_library()
    shouted = translated_library(library, str.upper)
    assert shouted["high-knees"].name == "HIGH KNEES"
    assert library["high-knees"].name == "High knees"
