"""The routine fields' checks (app.format_checker): the edge values a hand-written
file may hold, and what each wrong one is called, where it is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.loader import RoutineError, load_library_file, parse_routine
from app.routine import Reps
from tests.test_loader import library_problems, problems, routine, with_step

Found = tuple[int, int, str]

# --- counts ------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 200])
def test_the_fewest_and_the_most_reps_allowed_load(count: int) -> None:
    (step,) = routine(with_step(f"stretch: heel-raise\nreps: {count}")).steps
    assert step.dose == Reps(count, 2.5)


def test_a_count_in_quotes_is_text_not_a_number() -> None:
    assert problems(with_step("stretch: heel-raise\nreps: '10'")) == [
        (4, 11, "expected a whole number for 'reps', found text")
    ]


def test_a_misspelt_reps_is_the_one_problem_of_a_step_without_a_dose() -> None:
    assert problems(with_step("name: Circles\ninstructions: Round.\nrepz: 10")) == [
        (5, 5, "unknown key 'repz' (did you mean 'reps'?)")
    ]


def test_hold_and_reps_together_is_reported_at_whichever_comes_second() -> None:
    assert problems(with_step("stretch: twist\nhold: 30\nreps: 5")) == [
        (5, 5, "use either 'hold' or 'reps', not both")
    ]


def test_the_keys_after_a_repeated_one_are_still_read() -> None:
    assert problems("title: A\ntitle: B\nsteps: [{stretch: twist, hold: 5, sides: left}]\n") == [
        (2, 1, "duplicate key 'title' (first set on line 1)"),
        (3, 42, "expected 'one' or 'both', found 'left'"),
    ]


def test_a_key_that_is_a_list_is_no_key_name() -> None:
    assert problems("title: T\n[a, b]: 1\nsteps: [{stretch: twist, hold: 5}]\n") == [
        (2, 1, "expected a key name, found a list")
    ]


@pytest.mark.parametrize("key", ["name", "instructions"])
def test_a_library_step_cannot_blank_the_stretchs_name_or_instructions(key: str) -> None:
    assert problems(with_step(f"stretch: twist\nhold: 5\n{key}: ''")) == [
        (5, len(key) + 7, f"'{key}' must not be empty")
    ]


def test_an_inline_step_with_instructions_but_no_name_is_missing_its_name() -> None:
    assert problems(with_step("instructions: Round.\nhold: 10")) == [
        (3, 5, "step 1 is missing 'name'")
    ]


def test_an_inline_step_may_have_no_rest_after_it() -> None:
    (step,) = routine(with_step("name: Circles\ninstructions: Round.\nhold: 10\nrest: 0")).steps
    assert step.rest == 0.0


# --- what a wrong value is called ----------------------------------------------------------------


def test_a_value_of_a_kind_the_format_has_no_name_for_is_a_value() -> None:
    # YAML reads a lone "=" as its "value" type, which is neither text nor a number.
    assert problems("title: =\nsteps: [{stretch: twist, hold: 5}]\n") == [
        (1, 8, "expected text for 'title', found a value (put it in quotes to use it as text)")
    ]


@pytest.mark.parametrize(
    ("setting", "column", "found"),
    [
        ("lead_in: yes", 10, "a true/false value"),
        # An empty value sits right after its key's colon.
        ("lead_in:", 9, "nothing"),
    ],
)
def test_a_duration_that_is_neither_a_number_nor_text_says_what_it_is(
    setting: str, column: int, found: str
) -> None:
    text = f"title: T\n{setting}\nsteps: [{{stretch: twist, hold: 5}}]\n"
    message = f"expected a duration like 30, '45s' or '1m30s' for 'lead_in', found {found}"
    assert problems(text) == [(2, column, message)]


def test_an_empty_stretch_name_lists_the_stretches_there_are() -> None:
    assert problems(with_step("stretch: ''\nhold: 5")) == [
        (3, 14, "unknown stretch '' (expected one of: heel-raise, lunge-press, twist)")
    ]


def test_sides_given_as_a_list_say_so() -> None:
    assert problems(with_step("stretch: twist\nhold: 5\nsides: [one]")) == [
        (5, 12, "expected 'one' or 'both', found a list")
    ]


def test_a_region_that_is_no_id_says_what_it_is() -> None:
    text = with_step("name: Circles\ninstructions: Round.\nhold: 5\nregion: [5, {a: b}]")
    assert problems(text) == [
        (6, 14, "expected a region id for 'region', found a number"),
        (6, 17, "expected a region id for 'region', found a mapping"),
    ]


# --- pictures ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "image: 5",
            "expected text for 'image', found a number (put it in quotes to use it as text)",
        ),
        ("image: ''", "'image' must not be empty"),
        (
            "picture: 5",
            "expected text for 'picture', found a number (put it in quotes to use it as text)",
        ),
        ("picture: ''", "'picture' must not be empty"),
    ],
)
def test_a_picture_named_by_no_text_is_refused_at_its_value(line: str, message: str) -> None:
    text = with_step(f"stretch: twist\nhold: 5\n{line}")
    assert problems(text) == [(5, line.index(":") + 7, message)]


def test_a_picture_named_the_windows_way_is_found_in_the_same_place() -> None:
    text = with_step("name: Wall push\ninstructions: Push.\nhold: 5\npicture: pictures\\wall.png")
    loaded = parse_routine(text, "/home/me/routines/mine.yaml", {}, routine_id="mine")
    assert loaded.steps[0].image == "/home/me/routines/pictures/wall.png"


# --- characters --------------------------------------------------------------------------------

INLINE = "  - name: Reach\n    instructions: Up.\n    hold: 30s\n"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        pytest.param(
            'title: "Lunge\\udfff"\nsteps:\n' + INLINE,
            (1, 8, "lone surrogate U+DFFF in 'title': it is not a character"),
            id="last-surrogate",
        ),
        pytest.param(
            'title: "XL \\e[31m"\nsteps:\n' + INLINE,
            (1, 8, "control character U+001B in 'title': text cannot hold one"),
            id="escape-after-letters",
        ),
        pytest.param(
            'title: T\n"two\\nlines": 1\nsteps:\n' + INLINE,
            (2, 1, "line break in a key: it must be on one line"),
            id="line-break-in-a-key",
        ),
    ],
)
def test_the_first_character_text_cannot_carry_is_named(text: str, found: Found) -> None:
    assert problems(text) == [found]


def test_a_private_use_character_is_kept_in_a_title() -> None:
    assert routine('title: "Mine \\ue000"\nsteps:\n' + INLINE).title == "Mine \ue000"


# --- the library -------------------------------------------------------------------------------


def test_the_stretches_after_a_key_that_is_no_name_are_still_checked() -> None:
    text = "? [a]\n: 1\ntwist:\n  name: Twist\n  region: waist\n  instructions: Turn.\n"
    assert library_problems(text) == [
        (1, 3, "expected a key name, found a list"),
        (4, 3, "stretch 'twist' is missing 'cue'"),
    ]


def test_a_library_file_on_disk_is_named_in_its_problems(tmp_path: Path) -> None:
    path = tmp_path / "my-stretches.yaml"
    path.write_text("twist: 5\n", encoding="utf-8")
    with pytest.raises(RoutineError) as info:
        load_library_file(path)
    assert str(info.value) == f"{path}:1:8: expected a mapping for stretch 'twist', found a number"
