"""The spoken-length estimate the cue planner, `limber validate` and the tests share."""

from __future__ import annotations

import math

import pytest

from app.speech_length import (
    FASTEST_WPM,
    NORMAL_WPM,
    SLOWEST_WPM,
    START_DELAY,
    checked_rate,
    spoken_seconds,
    words_per_minute,
)


def test_the_settings_rate_maps_as_speech_dispatcher_maps_it_for_espeak_ng() -> None:
    assert words_per_minute(0.0) == NORMAL_WPM == 170
    assert words_per_minute(-1.0) == SLOWEST_WPM == 80
    assert words_per_minute(1.0) == FASTEST_WPM == 449
    assert words_per_minute(-0.5) == pytest.approx(125)
    assert words_per_minute(0.5) == pytest.approx(309.5)


@pytest.mark.parametrize(("stored", "used"), [(5.0, 1.0), (-3.0, -1.0), (math.nan, 0.0)])
def test_a_rate_read_back_from_the_settings_is_checked(stored: float, used: float) -> None:
    assert checked_rate(stored) == used
    assert words_per_minute(stored) == words_per_minute(used)


def test_a_plain_sentence_takes_about_its_words_at_the_rate() -> None:
    text = "Stand tall and go"  # four one-syllable words, no pauses
    assert spoken_seconds(text) == pytest.approx(START_DELAY + 4 * 60 / 170)
    assert spoken_seconds(text, -1.0) == pytest.approx(START_DELAY + 4 * 60 / 80)


def test_long_words_numbers_and_pauses_take_longer() -> None:
    assert spoken_seconds("Supported Achilles") > spoken_seconds("Heel toe")
    assert spoken_seconds("Hold 30") > spoken_seconds("Hold it")
    assert spoken_seconds("Up. Down, then up") > spoken_seconds("Up down then up")
    # A closing full stop is the end, not a pause.
    assert spoken_seconds("Go.") == spoken_seconds("Go")


def test_slower_is_longer_and_nothing_is_silence() -> None:
    text = "Next: Lunge press, left foot in front. Sink, then rise."
    assert spoken_seconds(text, -1.0) > spoken_seconds(text) > spoken_seconds(text, 1.0)
    assert spoken_seconds("") == 0.0
    assert spoken_seconds(" . , ") == 0.0


def test_the_estimate_errs_long_for_a_real_announcement() -> None:
    """Nine words at 170 wpm are 3.2 s of speech alone; the estimate adds the pauses."""
    text = "Next: Leg swings, left leg first. Keep it relaxed."
    assert 9 * 60 / 170 < spoken_seconds(text) < 6.0


def test_chinese_counts_each_character_as_a_syllable_not_a_sentence_as_one_word() -> None:
    # espeak-ng's Mandarin voice: 22 characters took 9.9 s at the normal rate.
    text = "膝盖对准脚尖慢慢向下压膝盖对准脚尖慢慢向下压"
    assert spoken_seconds(text) == pytest.approx(START_DELAY + 22 * 1.3 * 60 / 170)
    assert 9.0 < spoken_seconds(text) < 11.0


def test_chinese_punctuation_pauses_like_its_western_forms() -> None:
    plain = spoken_seconds("下一个弓步压腿")
    assert spoken_seconds("下一个：弓步压腿。") == pytest.approx(plain + 0.35)
    assert spoken_seconds("下一个，弓步压腿") == pytest.approx(plain + 0.15)


def test_words_with_accents_are_whole_words() -> None:
    # "Hüfte" is one word of two syllables, not "H" and "fte".
    assert spoken_seconds("Hüfte") == spoken_seconds("Hufte")
    assert spoken_seconds("Schön, Füße") == spoken_seconds("Schon, Fuse")
