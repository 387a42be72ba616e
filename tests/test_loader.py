"""The routine file format: what it accepts, and exactly where and how it complains."""

from __future__ import annotations

import codecs
import os
import stat
import time
from pathlib import Path

import pytest
import yaml

from app import yaml_nodes
from app.loader import (
    MAX_FILE_BYTES,
    Problem,
    RoutineError,
    load_library,
    load_library_file,
    load_routine_file,
    parse_routine,
)
from app.regions import Region
from app.routine import (
    DEFAULT_LEAD_IN,
    DEFAULT_REST,
    DEFAULT_TEMPO,
    Hold,
    Kind,
    Reps,
    Routine,
    Sides,
    Stretch,
)

LIBRARY_YAML = """\
lunge-press:
  name: Lunge press
  region: trunk-hips
  sides: both
  hold: 30s
  image: stretches/lunge-press.svg
  instructions: Sink straight down.
  cue: Run tall.
  say: Lunge press. Sink down.
  kind: strength
heel-raise:
  name: Heel raise
  region: [calves-achilles, feet-ankles]
  reps: 15
  tempo: 2.5s
  instructions: Rise onto your toes.
  cue: Land softly.
twist:
  name: Twist
  region: waist
  instructions: Turn gently.
  cue: Stay tall.
"""

LIBRARY = load_library(LIBRARY_YAML, "stretches.yaml")

Found = list[tuple[int, int, str]]


@pytest.fixture(autouse=True, params=["libyaml", "libyaml-events", "pure-python"])
def composer(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test runs on the three ways a file is composed: libyaml's fast path,
    the strict composer on libyaml's parser and the strict composer on PyYAML's
    pure-Python parser must all report exactly the same, position for position."""
    if request.param != "libyaml":
        monkeypatch.setattr(yaml_nodes, "_compose_with_libyaml", lambda text: None)
    if request.param == "pure-python":
        monkeypatch.setattr(yaml, "__with_libyaml__", False)
    return str(request.param)


def routine(text: str | bytes) -> Routine:
    return parse_routine(text, "r.yaml", LIBRARY, routine_id="r")


def problems(text: str | bytes) -> Found:
    """Every problem in a routine file as (line, column, message)."""
    with pytest.raises(RoutineError) as info:
        routine(text)
    return [(problem.line, problem.column, problem.message) for problem in info.value.problems]


def library_problems(text: str | bytes) -> Found:
    with pytest.raises(RoutineError) as info:
        load_library(text, "stretches.yaml")
    return [(problem.line, problem.column, problem.message) for problem in info.value.problems]


def with_step(step: str) -> str:
    """A routine whose only step is `step` (written at the step's indentation)."""
    return "title: T\nsteps:\n  - " + step.replace("\n", "\n    ") + "\n"


# --- the library -------------------------------------------------------------------------------


def test_library_entries_become_stretches() -> None:
    assert LIBRARY["lunge-press"] == Stretch(
        id="lunge-press",
        name="Lunge press",
        regions=(Region.TRUNK_HIPS,),
        instructions="Sink straight down.",
        cue="Run tall.",
        image="stretches/lunge-press.svg",
        sides=Sides.BOTH,
        dose=Hold(30.0),
        say="Lunge press. Sink down.",
        kind=Kind.STRENGTH,
    )
    assert LIBRARY["heel-raise"].regions == (Region.CALVES_ACHILLES, Region.FEET_ANKLES)
    assert LIBRARY["heel-raise"].dose == Reps(15, 2.5)
    assert LIBRARY["twist"].dose is None
    assert LIBRARY["twist"].sides is Sides.ONE


def test_library_reports_every_problem_at_its_key_or_value() -> None:
    text = """\
Lunge_Press:
  name: Lunge press
  region: hips
  instructions: Sink.
  cue: Tall.
  hodl: 30
twist:
  name: Twist
  region: [waist, knees]
  instructions: Turn.
twist:
  name: Again
bad: just text
"""
    assert library_problems(text) == [
        (
            1,
            1,
            "stretch id 'Lunge_Press' should be lowercase words joined by dashes, "
            "like 'lunge-press'",
        ),
        (3, 11, "unknown region 'hips' (did you mean 'trunk-hips'?)"),
        (6, 3, "unknown key 'hodl' (did you mean 'hold'?)"),
        (8, 3, "stretch 'twist' is missing 'cue'"),
        (9, 19, "unknown region 'knees' (did you mean 'thighs-knees'?)"),
        (11, 1, "duplicate stretch 'twist' (first defined on line 7)"),
        (13, 6, "expected a mapping for stretch 'bad', found text"),
    ]


def test_library_needs_the_texts_and_a_region() -> None:
    assert library_problems("bare:\n  name: ''\n") == [
        (2, 3, "stretch 'bare' is missing 'region'"),
        (2, 3, "stretch 'bare' is missing 'instructions'"),
        (2, 3, "stretch 'bare' is missing 'cue'"),
        (2, 9, "'name' must not be empty"),
    ]


def test_empty_library_file_says_what_belongs_in_it() -> None:
    assert library_problems("# nothing yet\n") == [
        (1, 1, "empty file: expected a mapping of stretch ids to stretches")
    ]
    assert library_problems("- lunge-press\n") == [
        (1, 1, "expected a mapping of stretch ids to stretches, found a list")
    ]


def test_a_stretchs_kind_is_optional_and_checked() -> None:
    """Libraries written before kinds keep loading; a wrong kind says which ones exist."""
    assert LIBRARY["heel-raise"].kind is None
    base = "s:\n  name: S\n  region: waist\n  instructions: I.\n  cue: C.\n"
    assert load_library(base + "  kind: static\n", "l.yaml")["s"].kind is Kind.STATIC
    assert library_problems(base + "  kind: statc\n") == [
        (6, 9, "unknown kind 'statc' (did you mean 'static'?)")
    ]
    assert library_problems(base + "  kind: warm\n") == [
        (
            6,
            9,
            "unknown kind 'warm' (expected one of: pulse, mobility, dynamic, static, "
            "strength, drill)",
        )
    ]
    assert library_problems(base + "  kind: [drill]\n") == [
        (6, 9, "expected a kind for 'kind', found a list")
    ]


def test_renaming_a_stretch_renames_it_in_the_voice_too() -> None:
    """The voice names what the screen names, unless the step has its own `say`."""
    renamed = routine(with_step("stretch: lunge-press\nname: Split squat"))
    assert renamed.steps[0].say == "Split squat. Sink down."
    own = routine(with_step("stretch: lunge-press\nname: Split squat\nsay: Down you go."))
    assert own.steps[0].say == "Down you go."
    # A library text that does not start with the name is not reworded: name and cue instead.
    odd = load_library(LIBRARY_YAML.replace("say: Lunge press. Sink down.", "say: Sink."), "l")
    step = parse_routine(
        with_step("stretch: lunge-press\nname: Split squat"), "r.yaml", odd, routine_id="r"
    ).steps[0]
    assert step.say is None


def test_library_file_is_read_from_disk(tmp_path: Path) -> None:
    path = tmp_path / "stretches.yaml"
    path.write_text(LIBRARY_YAML, encoding="utf-8")
    assert load_library_file(path) == LIBRARY


# --- routines that load ------------------------------------------------------------------------


def test_a_minimal_routine_takes_the_defaults_and_the_library_texts() -> None:
    loaded = routine("title: Morning\nsteps:\n  - stretch: lunge-press\n")
    assert loaded.id == "r"
    assert loaded.title == "Morning"
    assert loaded.summary == ""
    assert loaded.lead_in == DEFAULT_LEAD_IN
    assert loaded.rest == DEFAULT_REST
    (step,) = loaded.steps
    assert step.name == "Lunge press"
    assert step.instructions == "Sink straight down."
    assert step.cue == "Run tall."
    assert step.say == "Lunge press. Sink down."
    assert step.kind is Kind.STRENGTH
    assert step.image == "stretches/lunge-press.svg"
    assert step.regions == (Region.TRUNK_HIPS,)
    assert step.sides is Sides.BOTH
    assert step.dose == Hold(30.0)
    assert step.stretch_id == "lunge-press"
    assert step.rest is None


def test_a_library_step_overrides_texts_sides_image_and_dose() -> None:
    loaded = routine(
        with_step(
            "stretch: lunge-press\nname: Deep lunge\ninstructions: Lower.\ncue: Chest up.\n"
            "say: Deep.\nsides: one\nimage: stretches/forward-bend.svg\nhold: 1m\nrest: 0"
        )
    )
    (step,) = loaded.steps
    assert (step.name, step.instructions, step.cue, step.say) == (
        "Deep lunge",
        "Lower.",
        "Chest up.",
        "Deep.",
    )
    assert (step.sides, step.image, step.dose, step.rest) == (
        Sides.ONE,
        "stretches/forward-bend.svg",
        Hold(60.0),
        0.0,
    )
    assert step.regions == (Region.TRUNK_HIPS,)


def test_reps_keep_the_library_tempo_unless_the_step_sets_one() -> None:
    steps = routine(
        "title: T\nsteps:\n"
        "  - stretch: heel-raise\n"
        "  - stretch: heel-raise\n    reps: 20\n"
        "  - stretch: heel-raise\n    tempo: 3s\n"
        "  - stretch: twist\n    reps: 8\n"
        "  - name: Circles\n    instructions: Draw circles.\n    reps: 10\n"
    ).steps
    assert [step.dose for step in steps] == [
        Reps(15, 2.5),
        Reps(20, 2.5),
        Reps(15, 3.0),
        Reps(8, DEFAULT_TEMPO),
        Reps(10, DEFAULT_TEMPO),
    ]


def test_an_inline_step_needs_no_library() -> None:
    loaded = routine(
        with_step(
            "name: Side bends\ninstructions: Lean over.\nregion: [waist, trunk-hips, waist]\n"
            "sides: both\nreps: 8\ntempo: 3"
        )
    )
    (step,) = loaded.steps
    assert step.name == "Side bends"
    assert step.regions == (Region.WAIST, Region.TRUNK_HIPS)
    assert step.sides is Sides.BOTH
    assert step.dose == Reps(8, 3.0)
    assert (step.cue, step.image, step.say, step.stretch_id) == ("", None, None, None)


def test_routine_settings_accept_zero_and_any_duration_form() -> None:
    loaded = routine(
        "title: T\nsummary: Short.\nlead_in: 0\nrest: 1m\n"
        "steps:\n  - stretch: twist\n    hold: 1m30s\n"
    )
    assert (loaded.summary, loaded.lead_in, loaded.rest) == ("Short.", 0.0, 60.0)
    assert loaded.steps[0].dose == Hold(90.0)


def test_the_non_specific_tag_reads_a_value_as_if_it_were_plain() -> None:
    # "! 10" is a number for PyYAML's parser, text in libyaml's events: PyYAML's way on both.
    loaded = routine(with_step("name: R\ninstructions: Up.\nreps: ! 10"))
    assert loaded.steps[0].dose == Reps(10, DEFAULT_TEMPO)


def test_an_anchor_given_twice_is_refused_at_the_second() -> None:
    text = "title: &a T\nsummary: &a S\nsteps:\n" + INLINE
    assert problems(text) == [
        (2, 10, "invalid YAML: found duplicate anchor 'a'; first occurrence, second occurrence")
    ]


def test_an_explicit_str_tag_makes_a_number_text() -> None:
    assert routine("title: !!str 1984\nsteps:\n  - stretch: twist\n    hold: 5\n").title == "1984"


def test_builtin_and_source_are_carried_through(tmp_path: Path) -> None:
    source = tmp_path / "x.yaml"
    loaded = parse_routine(
        "title: T\nsteps: [{stretch: twist, hold: 5}]\n",
        "x.yaml",
        LIBRARY,
        routine_id="x",
        builtin=True,
        source=source,
    )
    assert (loaded.id, loaded.builtin, loaded.source) == ("x", True, source)


def test_byte_order_mark_and_windows_line_endings_just_work() -> None:
    text = "title: T\nsteps:\n  - stretch: twist\n    hold: 20s\n"
    windows = codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8")
    assert routine(windows) == routine(text)
    assert routine("\ufeff" + text) == routine(text)


def test_positions_in_a_bom_crlf_file_match_what_an_editor_shows() -> None:
    text = "title: T\r\nsteps:\r\n  - stretch: twist\r\n    hodl: 20s\r\n"
    assert problems(codecs.BOM_UTF8 + text.encode("utf-8")) == [
        (4, 5, "unknown key 'hodl' (did you mean 'hold'?)")
    ]


# --- problems, each at its place ---------------------------------------------------------------


def test_yaml_syntax_errors_use_the_mark_pyyaml_gives() -> None:
    assert problems("title: Morning: run\nsteps: []\n") == [
        (
            1,
            15,
            "invalid YAML: mapping values are not allowed here "
            "(check the indentation, or put text that contains ': ' in quotes)",
        )
    ]
    assert problems("title: T\nsteps: [a, b\n") == [
        (
            3,
            1,
            "invalid YAML: while parsing a flow sequence, "
            "expected ',' or ']', but got '<stream end>'",
        )
    ]


def test_a_stray_tab_is_named() -> None:
    assert problems("title: T\nsteps:\n\t- stretch: twist\n") == [
        (3, 1, "tab character: YAML needs spaces here (indent with spaces, not tabs)"),
        # Read on past the tab: the file's other problem is reported too.
        (3, 4, "step 1 needs 'hold' or 'reps' (the stretch 'twist' has no default dose)"),
    ]


@pytest.mark.parametrize("text", ["", "\n\n", "# just a comment\n", "\ufeff"])
def test_an_empty_file_says_what_it_should_contain(text: str) -> None:
    assert problems(text) == [(1, 1, "empty file: expected a mapping with 'title' and 'steps'")]


def test_a_file_that_is_not_a_mapping() -> None:
    message = "expected a mapping with 'title' and 'steps' at the top of the file, found {}"
    assert problems("- stretch: twist\n") == [(1, 1, message.format("a list"))]
    assert problems("just some text\n") == [(1, 1, message.format("text"))]


def test_wrong_types_name_the_key_and_what_was_found() -> None:
    text = """\
title: 42
summary: [a, b]
steps:
  - name: yes
    instructions:
    hold: 30
"""
    quote_hint = " (put it in quotes to use it as text)"
    assert problems(text) == [
        (1, 8, "expected text for 'title', found a number" + quote_hint),
        (2, 10, "expected text for 'summary', found a list"),
        (4, 11, "expected text for 'name', found a true/false value" + quote_hint),
        # An empty value sits right after its key's colon.
        (5, 18, "expected text for 'instructions', found nothing"),
    ]


def test_steps_must_be_a_list_of_mappings() -> None:
    assert problems("title: T\nsteps:\n  stretch: twist\n") == [
        (3, 3, "expected a list for 'steps', found a mapping")
    ]
    assert problems("title: T\nsteps:\n  - twist\n  - 5\n") == [
        (3, 5, "expected a mapping for step 1, found text (did you mean 'stretch: twist'?)"),
        (4, 5, "expected a mapping for step 2, found a number"),
    ]


def test_unknown_keys_get_a_near_miss_suggestion() -> None:
    # 'twist' has no default dose, but the misspelt hold is the one thing to fix.
    text = "titel: T\nsteps:\n  - stretch: twist\n    hodl: 30\n    colour: red\n"
    assert problems(text) == [
        (1, 1, "unknown key 'titel' (did you mean 'title'?)"),
        (1, 1, "the routine is missing 'title'"),
        (4, 5, "unknown key 'hodl' (did you mean 'hold'?)"),
        (
            5,
            5,
            "unknown key 'colour' (expected one of: stretch, name, instructions, cue, region, "
            "image, picture, say, sides, hold, reps, tempo, rest)",
        ),
    ]


def test_unknown_stretches_get_a_suggestion_or_the_list_of_known_ones() -> None:
    text = "title: T\nsteps:\n  - stretch: lunge-pres\n  - stretch: plank\n"
    assert problems(text) == [
        (3, 14, "unknown stretch 'lunge-pres' (did you mean 'lunge-press'?)"),
        (4, 14, "unknown stretch 'plank' (expected one of: heel-raise, lunge-press, twist)"),
    ]


def test_duplicate_keys_point_at_the_repeat() -> None:
    text = "title: A\nsteps:\n  - stretch: twist\n    hold: 5\n    hold: 6\ntitle: B\n"
    assert problems(text) == [
        (5, 5, "duplicate key 'hold' (first set on line 4)"),
        (6, 1, "duplicate key 'title' (first set on line 1)"),
    ]


def test_an_empty_steps_list() -> None:
    assert problems("title: T\nsteps: []\n") == [
        (2, 8, "'steps' is empty: a routine needs at least one step")
    ]


def test_missing_required_keys_point_at_their_mapping() -> None:
    assert problems("summary: Nothing else.\n") == [
        (1, 1, "the routine is missing 'title'"),
        (1, 1, "the routine is missing 'steps' (a list of stretches)"),
    ]
    assert problems(with_step("name: Circles\nhold: 10")) == [
        (3, 5, "step 1 is missing 'instructions'")
    ]
    assert problems(with_step("cue: Tall.\nhold: 10\nsides: 2")) == [
        (
            3,
            5,
            "step 1 needs 'stretch: <id>' from the library, or its own 'name' and 'instructions'",
        ),
        (5, 12, "expected 'one' or 'both', found 2"),
    ]


@pytest.mark.parametrize(
    ("step", "value", "message"),
    [
        ("hold: 0.5", "0.5", "'hold' must be between 1 and 600 seconds, found 0.5"),
        ("hold: 11m", "11m", "'hold' must be between 1 and 600 seconds, found 11m"),
        ("hold: abc", "abc", "expected a duration like 30, '45s' or '1m30s', found 'abc'"),
        ("hold: -5", "-5", "a duration cannot be negative, found '-5'"),
        (
            "hold: [30]",
            "[30]",
            "expected a duration like 30, '45s' or '1m30s' for 'hold', found a list",
        ),
        ("reps: 0", "0", "'reps' must be between 1 and 200, found 0"),
        ("reps: 201", "201", "'reps' must be between 1 and 200, found 201"),
        ("reps: 1.5", "1.5", "expected a whole number for 'reps', found 1.5"),
        ("reps: ten", "ten", "expected a whole number for 'reps', found text"),
        ("reps: 5, tempo: 0.2", "0.2", "'tempo' must be between 0.5 and 10 seconds, found 0.2"),
        ("hold: 5, rest: 601", "601", "'rest' must be between 0 and 600 seconds, found 601"),
    ],
)
def test_doses_out_of_range_or_unreadable_say_what_is_allowed(
    step: str, value: str, message: str
) -> None:
    line = f"  - {{stretch: twist, {step}}}"
    column = line.rindex(value) + 1  # the value's own position, not its key's
    assert problems(f"title: T\nsteps:\n{line}\n") == [(3, column, message)]


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("lead_in: 601", "'lead_in' must be between 0 and 600 seconds, found 601"),
        ("rest: 10m1s", "'rest' must be between 0 and 600 seconds, found 10m1s"),
        ("lead_in: soon", "expected a duration like 30, '45s' or '1m30s', found 'soon'"),
    ],
)
def test_routine_pauses_are_checked(setting: str, message: str) -> None:
    text = f"title: T\n{setting}\nsteps: [{{stretch: twist, hold: 5}}]\n"
    column = setting.index(":") + 3
    assert problems(text) == [(2, column, message)]


def test_hold_and_reps_together_is_reported_at_the_second() -> None:
    assert problems(with_step("stretch: twist\nreps: 5\nhold: 30")) == [
        (5, 5, "use either 'hold' or 'reps', not both")
    ]


def test_a_step_without_a_dose_is_reported_at_the_step() -> None:
    assert problems("title: T\nsteps:\n  - stretch: lunge-press\n  - stretch: twist\n") == [
        (4, 5, "step 2 needs 'hold' or 'reps' (the stretch 'twist' has no default dose)")
    ]
    assert problems(with_step("name: Circles\ninstructions: Round.")) == [
        (3, 5, "step 1 needs 'hold' (seconds) or 'reps' (a count)")
    ]


def test_tempo_only_goes_with_reps() -> None:
    assert problems(with_step("stretch: twist\nhold: 30\ntempo: 2")) == [
        (5, 5, "'tempo' goes with 'reps', not with 'hold'")
    ]
    assert problems(with_step("stretch: lunge-press\ntempo: 2")) == [
        (4, 5, "'tempo' only goes with 'reps'")
    ]


def test_bad_sides() -> None:
    assert problems(with_step("stretch: twist\nhold: 5\nsides: left")) == [
        (5, 12, "expected 'one' or 'both', found 'left'")
    ]


def test_a_library_step_cannot_change_the_region() -> None:
    assert problems(with_step("stretch: twist\nhold: 5\nregion: feet-ankles")) == [
        (
            5,
            5,
            "'region' comes from the stretch library and cannot be changed here "
            "(write the step without 'stretch' to set your own)",
        )
    ]


def test_images_must_stay_inside_assets() -> None:
    assert problems(with_step("stretch: twist\nhold: 5\nimage: ../../etc/passwd")) == [
        (
            5,
            12,
            "expected a path inside assets/, like 'stretches/lunge-press.svg', "
            "found '../../etc/passwd'",
        )
    ]


def test_every_problem_in_a_file_is_reported_in_file_order() -> None:
    text = """\
title: ""
lead_in: 2h
steps:
  - stretch: twsit
  - name: Circles
    instructions: Round.
    reps: 10
    sides: twice
    tempo: 0
"""
    assert problems(text) == [
        (1, 8, "'title' must not be empty"),
        (2, 10, "expected a duration like 30, '45s' or '1m30s', found '2h'"),
        (4, 14, "unknown stretch 'twsit' (did you mean 'twist'?)"),
        (8, 12, "expected 'one' or 'both', found 'twice'"),
        (9, 12, "'tempo' must be between 0.5 and 10 seconds, found 0"),
    ]


# --- files that are not text, too big, or hostile ----------------------------------------------


def test_invalid_utf8_points_at_the_first_bad_byte() -> None:
    data = "title: Caf\u00e9\nsteps:\n  - name: R\u00e9".encode() + b"\xff\xfe!\n"
    assert problems(data) == [(3, 13, "not valid UTF-8 (byte 0xff): save the file as UTF-8")]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param("\ufefftitle: abc\u202edef\nsteps: [{stretch: twist, hold: 5}]\n", id="text"),
        pytest.param(
            "\ufefftitle: abc\u202edef\nsteps: [{stretch: twist, hold: 5}]\n".encode(), id="bytes"
        ),
    ],
)
def test_a_byte_order_mark_takes_no_column(data: str | bytes) -> None:
    # Even where a problem is placed at a character inside a value.
    assert problems(data) == [(1, 11, BIDI_IN_TITLE)]


def test_a_bad_byte_after_a_byte_order_mark_is_placed_without_it() -> None:
    data = b"\xef\xbb\xbftitle: Caf\xff\n"
    assert problems(data) == [(1, 11, "not valid UTF-8 (byte 0xff): save the file as UTF-8")]


def test_text_holding_a_lone_surrogate_is_refused_where_it_is() -> None:
    # Text handed over as it is (not bytes): a lone surrogate is no character to save.
    assert problems("title: a\ud800b\nsteps:\n" + INLINE) == [
        (1, 9, "character U+D800 is not allowed in a routine file")
    ]


def test_text_over_the_cap_in_bytes_is_refused_though_fewer_characters() -> None:
    text = "title: T\nsummary: " + "\u00e9" * (MAX_FILE_BYTES // 2) + "\nsteps:\n" + INLINE
    assert len(text) < MAX_FILE_BYTES
    assert problems(text) == [
        (1, 1, "file is larger than 256 KiB: routine files are small text files")
    ]


def test_a_bad_byte_after_a_leading_blank_line_is_placed_on_its_own_line() -> None:
    data = b"\ntitle: T\nsteps:\n  - name: R" + b"\xff\n"
    assert problems(data) == [(4, 12, "not valid UTF-8 (byte 0xff): save the file as UTF-8")]


def test_utf16_files_are_named_as_such() -> None:
    data = "title: T\n".encode("utf-16")
    assert problems(data) == [(1, 1, "file is encoded as UTF-16: save it as UTF-8")]


def test_control_characters_are_refused_where_they_are() -> None:
    assert problems("title: T\nsteps:\n  - name: a\x00b\n") == [
        (3, 12, "character U+0000 is not allowed in a routine file")
    ]


def test_files_over_256_kib_are_refused_before_parsing() -> None:
    # Not even YAML: if this were parsed, the message would be a syntax error.
    data = b"title: [" + b"x" * MAX_FILE_BYTES
    assert MAX_FILE_BYTES == 256 * 1024
    assert problems(data) == [
        (1, 1, "file is larger than 256 KiB: routine files are small text files")
    ]
    assert problems(data.decode()) == [
        (1, 1, "file is larger than 256 KiB: routine files are small text files")
    ]


def test_a_file_of_exactly_the_cap_is_read() -> None:
    text = "title: T\nsteps: [{stretch: twist, hold: 5}]\n"
    padded = text + "#" * (MAX_FILE_BYTES - len(text) - 1) + "\n"
    assert len(padded.encode()) == MAX_FILE_BYTES
    assert routine(padded).title == "T"


def near_the_cap(step: str, last: str) -> str:
    """A routine file just under the size cap: many copies of `step`, then `last`."""
    head = "title: Big\nsteps:\n"
    copies = (MAX_FILE_BYTES - 1024 - len(head) - len(last)) // len(step)
    return head + step * copies + last


NEAR_THE_CAP_STEP = "  - name: Reach\n    instructions: Reach up, then down.\n    hold: 30\n"


def test_a_file_near_the_cap_with_an_alias_is_read_without_pyyamls_own_parser(
    composer: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PyYAML's pure-Python parser takes most of a second for a file this size;
    only a syntax error needs it (for its wording), so an alias or a tag doesn't."""
    text = near_the_cap(NEAR_THE_CAP_STEP, "  - &a {name: A, instructions: B, hold: 3}\n  - *a\n")
    last_line = text.count("\n")
    pure_python_reads: list[str] = []
    strict = yaml_nodes._StrictComposer

    def counted(text: str, report: yaml_nodes._Report) -> yaml_nodes._StrictComposer:
        pure_python_reads.append(text)
        return strict(text, report)

    monkeypatch.setattr(yaml_nodes, "_StrictComposer", counted)
    assert problems(text) == [(last_line, 5, "aliases (*a) are not supported in routine files")]
    assert len(pure_python_reads) == (1 if composer == "pure-python" else 0)


def test_a_syntax_error_after_an_alias_is_worded_by_pyyaml_and_each_reported_once() -> None:
    text = "title: &t Morning\nsummary: *t\nsteps: [{stretch: twist, hold: 5}\n"
    assert problems(text) == [
        (2, 10, "aliases (*t) are not supported in routine files"),
        (
            4,
            1,
            "invalid YAML: while parsing a flow sequence, "
            "expected ',' or ']', but got '<stream end>'",
        ),
    ]


def test_aliases_are_refused() -> None:
    text = "title: &t Morning\nsummary: *t\nsteps: [{stretch: twist, hold: 5}]\n"
    assert problems(text) == [(2, 10, "aliases (*t) are not supported in routine files")]


def test_a_billion_laughs_file_is_refused_without_expanding_it() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    lines.append("title: *a9")
    # The work done, not the time passed: expanding it would take a billion steps,
    # and a busy machine (the suite runs on every core) only stretches wall time.
    started = time.process_time()
    found = problems("\n".join(lines) + "\n")
    elapsed = time.process_time() - started
    alias_messages = {message for _, _, message in found if message.startswith("aliases")}
    assert alias_messages == {
        f"aliases (*a{level}) are not supported in routine files" for level in range(9)
    } | {"aliases (*a9) are not supported in routine files"}
    assert sum(message.startswith("aliases") for _, _, message in found) == 91
    assert elapsed < 1.0


def test_object_tags_are_reported_and_never_run(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    monkeypatch.setattr(os, "system", lambda *args: calls.append(args))
    text = (
        "title: !!python/object/apply:os.system ['echo pwned']\n"
        "steps: [{stretch: twist, hold: 5}]\n"
    )
    assert problems(text) == [
        (
            1,
            8,
            "tag '!!python/object/apply:os.system' is not supported in routine files "
            "(they hold only text, numbers, lists and mappings)",
        )
    ]
    assert calls == []


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("!!python/object/apply:os.system ['echo pwned']\n", "!!python/object/apply:os.system"),
        ("!!python/name:os.system\n", "!!python/name:os.system"),
        ("!custom {title: T}\n", "!custom"),
        ("!!binary aGVsbG8=\n", "!!binary"),
        ("!!set {a, b}\n", "!!set"),
    ],
)
def test_any_non_standard_tag_is_refused(text: str, tag: str) -> None:
    assert problems(text) == [
        (
            1,
            1,
            f"tag '{tag}' is not supported in routine files "
            "(they hold only text, numbers, lists and mappings)",
        )
    ]


def test_without_libyaml_a_file_is_read_on_pyyaml_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    # PyYAML installed without its C part: no CSafeLoader to reach for at all.
    monkeypatch.setattr(yaml, "__with_libyaml__", False)
    monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    assert routine("title: Calm\nsteps:\n" + INLINE).title == "Calm"
    assert problems("title: [Calm]\nsteps:\n" + INLINE) == [
        (1, 8, "expected text for 'title', found a list")
    ]


def test_absurd_nesting_is_refused_instead_of_overflowing() -> None:
    assert problems("title: " + "[" * 10_000) == [
        (1, 39, "lists and mappings are nested too deeply")
    ]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        pytest.param("title: " + "[" * 40 + "]" * 40 + "\n", (1, 39), id="lists"),
        pytest.param("title: " + "{a: " * 40 + "x" + "}" * 40 + "\n", (1, 129), id="mappings"),
        pytest.param("title: T\n" + "[" * 33 + "]" * 33 + ": x\n", (2, 32), id="in-a-key"),
        pytest.param("title: [x, " + "[" * 31 + "]" * 31 + "]\n", (1, 42), id="after-a-sibling"),
    ],
)
def test_nesting_too_deep_is_refused_in_a_file_that_is_otherwise_fine(
    text: str, where: tuple[int, int]
) -> None:
    # Well-formed, so libyaml's fast path composes it: its own count of the depth
    # must refuse it just where the strict composer does (a key is a level too: in
    # the mappings, the 31st one's key is the 33rd level; in the key, one level past
    # the most, where a count that left the key out would let it through).
    assert problems(text) == [(*where, "lists and mappings are nested too deeply")]


# --- files on disk -----------------------------------------------------------------------------


def test_load_routine_file_takes_the_id_from_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "morning-run.yaml"
    path.write_text("title: Morning\nsteps: [{stretch: twist, hold: 5}]\n", encoding="utf-8")
    loaded = load_routine_file(path, LIBRARY)
    assert (loaded.id, loaded.source, loaded.builtin) == ("morning-run", path, False)


def test_an_unreadable_file_is_a_problem_at_its_start(tmp_path: Path) -> None:
    path = tmp_path / "missing.yaml"
    with pytest.raises(RoutineError) as info:
        load_routine_file(path, LIBRARY)
    assert info.value.problems == (
        Problem(str(path), 1, 1, "cannot read file: No such file or directory"),
    )


def test_a_huge_file_on_disk_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"#" * (3 * MAX_FILE_BYTES))
    with pytest.raises(RoutineError) as info:
        load_routine_file(path, LIBRARY)
    assert str(info.value) == (
        f"{path}:1:1: file is larger than 256 KiB: routine files are small text files"
    )


def test_problems_print_like_a_compiler() -> None:
    error = RoutineError([Problem("b.yaml", 3, 1, "second"), Problem("b.yaml", 1, 7, "first")])
    assert [str(problem) for problem in error.problems] == [
        "b.yaml:1:7: first",
        "b.yaml:3:1: second",
    ]
    assert str(error) == "b.yaml:1:7: first\nb.yaml:3:1: second"


# --- characters the rest of the program cannot carry -------------------------------------------

INLINE = "  - name: Reach\n    instructions: Up.\n    hold: 30s\n"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        pytest.param(
            'title: "Lunge\\ud800"\nsteps:\n' + INLINE,
            (1, 8, "lone surrogate U+D800 in 'title': it is not a character"),
            id="surrogate-escape",
        ),
        pytest.param(
            'title: "Red \\e[31m text"\nsteps:\n' + INLINE,
            (1, 8, "control character U+001B in 'title': text cannot hold one"),
            id="terminal-escape",
        ),
        pytest.param(
            'title: "nul\\0"\nsteps:\n' + INLINE,
            (1, 8, "control character U+0000 in 'title': text cannot hold one"),
            id="nul",
        ),
        pytest.param(
            "title: abc\u202edef\nsteps:\n" + INLINE,
            (
                1,
                11,
                "bidirectional override U+202E in 'title': "
                "it can make the text read in a misleading order",
            ),
            id="bidi-written-as-it-is",
        ),
        pytest.param(
            'title: "two\\nlines"\nsteps:\n' + INLINE,
            (1, 8, "line break in 'title': it must be on one line"),
            id="line-break-in-a-title",
        ),
        pytest.param(
            "title: T\nsteps:\n  - name: Reach\n    instructions: |\n      Up.\n      Tab\there.\n"
            "    hold: 30s\n",
            (6, 10, "control character U+0009 in 'instructions': text cannot hold one"),
            id="tab-in-block-text",
        ),
        pytest.param(
            'title: T\n"\\e[2J": 1\nsteps:\n' + INLINE,
            (2, 1, "control character U+001B in a key: text cannot hold one"),
            id="escape-in-a-key",
        ),
        pytest.param(
            'title: T\nsteps:\n  - stretch: "lunge-press\\u2066"\n',
            (
                3,
                14,
                "bidirectional override U+2066 in 'stretch': "
                "it can make the text read in a misleading order",
            ),
            id="isolate-in-a-stretch-id",
        ),
    ],
)
def test_text_refuses_characters_it_cannot_carry_where_they_are(
    text: str, found: tuple[int, int, str]
) -> None:
    assert problems(text) == [found]


BIDI_IN_TITLE = (
    "bidirectional override U+202E in 'title': it can make the text read in a misleading order"
)


def test_of_a_character_written_twice_the_first_is_pointed_at() -> None:
    assert problems("title: ab\u202ecd\u202eef\nsteps:\n" + INLINE) == [(1, 10, BIDI_IN_TITLE)]


def test_a_character_on_the_last_line_of_a_file_without_a_final_line_break_is_placed() -> None:
    assert problems("steps:\n" + INLINE + "title: abc\u202edef") == [(5, 11, BIDI_IN_TITLE)]


def test_block_text_keeps_its_line_breaks_and_ordinary_unicode() -> None:
    loaded = routine(
        "title: Échauffement — rapide 🏃\u200d♀️\nsteps:\n  - name: Reach\n"
        "    instructions: |\n      Up.\n      And down.\n    hold: 30s\n"
    )
    assert loaded.title == "Échauffement — rapide 🏃\u200d♀️"
    assert loaded.steps[0].instructions == "Up.\nAnd down.\n"


def test_a_library_stretch_id_with_a_surrogate_is_refused() -> None:
    assert library_problems('"twist\\udc80":\n  name: T\n  region: waist\n') == [
        (1, 1, "lone surrogate U+DC80 in a key: it is not a character")
    ]


# --- tabs: one verdict on both parsers ---------------------------------------------------------

TAB_MESSAGE = "tab character: YAML needs spaces here (indent with spaces, not tabs)"


def test_a_tab_after_a_colon_is_refused_on_every_parser() -> None:
    # libyaml alone would take it; PyYAML's parser does not: the file gets one verdict.
    assert problems("title:\tT\nsteps:\n" + INLINE) == [(1, 7, TAB_MESSAGE)]


def test_a_tab_does_not_hide_the_files_other_problems() -> None:
    text = "title: T\nsteps:\n  - stretch:\ttwist\n    hold: 30s\n    hodl: 3\n"
    assert problems(text) == [
        (3, 13, TAB_MESSAGE),
        (5, 5, "unknown key 'hodl' (did you mean 'hold'?)"),
    ]


def test_a_tab_and_a_character_text_cannot_carry_are_both_placed() -> None:
    text = "title: abc\u202edef\nsteps:\n  - stretch:\ttwist\n    hold: 30s\n"
    assert problems(text) == [
        (
            1,
            11,
            "bidirectional override U+202E in 'title': "
            "it can make the text read in a misleading order",
        ),
        (3, 13, TAB_MESSAGE),
    ]


def test_a_tab_in_a_file_with_a_syntax_error_too_is_the_one_problem_told() -> None:
    # With spaces for its tab the file still does not parse: the tab is told, alone.
    assert problems("title:\tT\nsteps: [\n") == [(1, 7, TAB_MESSAGE)]


def test_a_tab_inside_quotes_is_text_and_refused_as_such() -> None:
    assert problems("title: 'a\tb'\nsteps:\n" + INLINE) == [
        (1, 10, "control character U+0009 in 'title': text cannot hold one")
    ]


# --- pictures ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("image", "message"),
    [
        (
            "stretches/lunge-pres.svg",
            "no picture 'stretches/lunge-pres.svg' in assets/ "
            "(did you mean 'stretches/lunge-press.svg'?)",
        ),
        ("stretches", "picture 'stretches' is a folder, not a picture"),
        (
            "sounds/tick.wav",
            "'sounds/tick.wav' is not a picture (expected SVG, PNG, JPEG, GIF or BMP)",
        ),
        ("nowhere/at-all.png", "no picture 'nowhere/at-all.png' in assets/"),
    ],
)
def test_a_picture_that_is_not_there_is_named_where_it_is_written(image: str, message: str) -> None:
    assert problems(with_step(f"stretch: twist\nhold: 5\nimage: {image}")) == [(5, 12, message)]


def test_a_library_picture_that_is_not_there_is_a_library_problem() -> None:
    text = (
        "twist:\n  name: T\n  region: waist\n  instructions: I\n  cue: C\n"
        "  image: stretches/no.svg\n"
    )
    ((line, column, message),) = library_problems(text)
    assert (line, column) == (6, 10)
    assert message.startswith("no picture 'stretches/no.svg' in assets/")


def test_pictures_are_recognised_by_their_content() -> None:
    from app.resources import _is_picture

    assert _is_picture(b"\x89PNG\r\n\x1a\n....")
    assert _is_picture(b"\xff\xd8\xff\xe0 jpeg")
    assert _is_picture(
        b'<?xml version="1.0"?>\n<!-- c -->\n<svg xmlns="http://www.w3.org/2000/svg"/>'
    )
    assert not _is_picture(b"<html><svg/></html>")
    assert not _is_picture(b"<svg")  # cut short
    assert not _is_picture(b"RIFF....WAVEfmt ")
    assert not _is_picture(b"")


# --- files that are not files ------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_at_once_not_waited_on(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    started = time.monotonic()
    with pytest.raises(RoutineError) as info:
        load_routine_file(pipe, LIBRARY)
    assert time.monotonic() - started < 2.0
    assert (
        str(info.value) == f"{pipe}:1:1: cannot read file: it is a named pipe, not a routine file"
    )


def test_a_folder_is_refused_in_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    with pytest.raises(RoutineError) as info:
        load_library_file(folder)
    assert str(info.value) == f"{folder}:1:1: cannot read file: it is a folder, not a routine file"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_swapped_in_after_the_look_is_still_not_waited_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file is looked at, then opened: a pipe put there in between is opened
    without waiting (O_NONBLOCK) and refused once open."""
    pipe = tmp_path / "late.yaml"
    os.mkfifo(pipe)
    real_stat = os.stat

    def first_look(path: Path, *args: object, **kwargs: object) -> os.stat_result:
        found = real_stat(path)
        if str(path) != str(pipe):
            return found
        return os.stat_result((stat.S_IFREG | 0o644, *found[1:]))  # still a file, then

    monkeypatch.setattr(os, "stat", first_look)
    with pytest.raises(RoutineError, match="it is a named pipe, not a routine file"):
        load_routine_file(pipe, LIBRARY)


def test_a_path_part_too_long_for_the_system_is_one_line(tmp_path: Path) -> None:
    long = tmp_path / ("x" * 300 + ".yaml")
    with pytest.raises(RoutineError) as info:
        load_routine_file(long, LIBRARY)
    assert str(info.value) == f"{long}:1:1: cannot read file: File name too long"


def test_an_inline_step_keeps_its_own_rest() -> None:
    loaded = routine(
        "title: T\nrest: 5\nsteps:\n"
        "  - name: Wall lean\n    instructions: Lean in.\n    region: calves-achilles\n"
        "    hold: 20\n    rest: 12\n"
        "  - stretch: lunge-press\n"
    )
    assert loaded.steps[0].rest == 12.0
    assert loaded.rest_after(0) == 12.0


@pytest.mark.parametrize("hold", ["10m", "600", "9m60s"])
def test_a_hold_of_ten_minutes_the_documented_maximum_loads(hold: str) -> None:
    (step,) = routine(with_step(f"stretch: lunge-press\nhold: {hold}")).steps
    assert step.dose == Hold(600.0)


def test_a_rest_and_a_get_ready_of_ten_minutes_load() -> None:
    loaded = routine("title: T\nlead_in: 10m\nrest: 10m\nsteps:\n  - stretch: lunge-press\n")
    assert (loaded.lead_in, loaded.rest) == (600.0, 600.0)
