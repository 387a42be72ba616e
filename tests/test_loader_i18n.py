"""The loader's messages in the runner's language: every problem a file can have is
worded through the catalog; the position in front, the keys and what the user wrote
stay as they are."""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from app import i18n
from app.durations import format_seconds, parse_duration
from app.files import FileTooLargeError, read_file
from app.loader import (
    MAX_FILE_BYTES,
    ROUTINE_KEYS,
    STEP_KEYS,
    STRETCH_KEYS,
    RoutineError,
    load_library,
    parse_routine,
    read_routine_bytes,
)
from app.routine import Kind
from app.store import Catalog, shipped_library
from tests.pseudo import pseudo_locale, untranslated

# Every key and id of the format, as the messages quote them: they are the format.
FORMAT_WORDS = {
    *(f"'{key}'" for key in {*ROUTINE_KEYS, *STEP_KEYS, *STRETCH_KEYS}),
    "'stretch: <id>'",
    "'lunge-press'",
}

# Broken routine files, one for each message of the node layer and the checker that
# the CLI's pseudo test does not reach already (tests/test_cli.py).
BROKEN_ROUTINES = [
    "",
    "- a list\n",
    "title: T\nsteps:\n\t- stretch: x\n",
    "title: &a T\nsummary: *a\nsteps: []\n",
    "title: !!python/object:os.system T\nsteps: x\n",
    "title: " + "[" * 40 + "]" * 40 + "\n",
    "title: T\x07\nsteps: []\n",
    'title: "T\\u202e"\nsummary: "a\\x01b"\ncue: x\nsteps: {}\n',
    'title: "T\\nU"\n? [a]\n: b\nsteps:\n  - name: N\n',
    "title: ''\nsteps:\n  - 12\n  - stretch: twist\n    reps: 2.5\n    tempo: 99\n",
    "title: T\nsteps:\n  - stretch: twist\n    hold: 30\n    tempo: 2\n",
    "title: T\nsteps:\n  - stretch: twist\n  - name: N\n    instructions: I\n    region: []\n",
    "title: T\nsteps:\n  - name: N\n    instructions: I\n    region: [12]\n    hold: 1\n",
    "title: T\nsteps:\n  - instructions: I\n    hold: 1\n  - sides: both\n",
    "title: T\nrest: -5\nlead_in: '5 minutes'\nsteps:\n  - stretch: 7\n    hold: 1\n",
]
BROKEN_LIBRARIES = [
    "",
    "- a list\n",
    "Lunge_Press:\n  name: L\n  region: waist\n  instructions: I\n  cue: C\n"
    "lunge:\n  name: L\n  region: waist\n  instructions: I\n  cue: C\n  kind: sprint\n"
    "lunge:\n  name: L\n",
    "twist: 12\nbend:\n  kind: [1]\n",
]
LIBRARY = {"twist": shipped_library()["torso-twists"]}


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    with i18n.installed(i18n.ENGLISH):
        yield


def messages(parse: Callable[[str | bytes], object], texts: Sequence[str | bytes]) -> list[str]:
    found: list[str] = []
    for text in texts:
        with pytest.raises(RoutineError) as info:
            parse(text)
        found.extend(problem.message for problem in info.value.problems)
    return found


def routine(text: str | bytes) -> object:
    return parse_routine(text, "r.yaml", LIBRARY, routine_id="r")


def library(text: str | bytes) -> object:
    return load_library(text, "stretches.yaml")


def test_every_problem_of_a_routine_file_is_worded_in_the_runners_language() -> None:
    with pseudo_locale():
        found = messages(routine, [*BROKEN_ROUTINES, codecs.BOM_UTF16_LE + b"t", b"title: \xff"])
        found += messages(routine, [b"#" * (MAX_FILE_BYTES + 1)])
    assert len(found) >= 30
    user_words = {"'5 minutes'", "-5", "9999", "2.5", "*a", "U+0007", "U+202E", "U+0001"}
    assert untranslated(found, allowed={*FORMAT_WORDS, *user_words}) == []


def test_a_syntax_error_is_worded_around_pyyamls_own_english() -> None:
    broken = ["title: 'open\n", "title: a: b\n"]
    english = messages(routine, broken)
    with pseudo_locale():
        found = messages(routine, broken)
    # The details are PyYAML's: they come in English in every language.
    details = {message.removeprefix("invalid YAML: ").split(" (check")[0] for message in english}
    assert untranslated(found, allowed=details) == []
    assert found != english


def test_every_problem_of_the_stretch_library_is_worded_in_the_runners_language() -> None:
    with pseudo_locale():
        found = messages(library, BROKEN_LIBRARIES)
    assert len(found) >= 8
    user_words = {"'Lunge_Press'", "'lunge'", "'sprint'", "'bend'", "'twist'", "'lunge-press'"}
    ids = {kind.value for kind in Kind}
    assert untranslated(found, allowed={*FORMAT_WORDS, *user_words, *ids}) == []


def test_a_file_that_cannot_be_read_says_why_in_the_runners_language(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    found = []
    with pseudo_locale():
        for path in (tmp_path, big):
            with pytest.raises(RoutineError) as info:
                read_routine_bytes(path)
            found.append(info.value.problems[0].message)
        with pytest.raises(FileTooLargeError) as error:
            read_file(big, limit=10)
        found.append(str(error.value.strerror))
    assert untranslated(found) == []


def test_a_duration_that_is_not_one_is_worded_in_the_runners_language() -> None:
    found = []
    with pseudo_locale():
        values: list[object] = ["a while", -3, None, True, {}, [], float("nan")]
        for value in values:
            with pytest.raises(ValueError, match=r"^\[!! ") as info:
                parse_duration(value)
            found.append(str(info.value))
        found.append(format_seconds(2.5))
    assert untranslated(found, allowed={"'a while'", "-3", "nan"}) == []


def test_the_messages_read_naturally_in_german_and_chinese() -> None:
    file = "title: T\nsteps:\n  - stretch: twist\n    hodl: 30\n    sides: left\n"
    i18n.install_language("de")
    assert messages(routine, [file]) == [
        "unbekanntes Feld 'hodl' (meintest du 'hold'?)",
        "erwartet: 'one' oder 'both', gefunden: 'left'",
    ]
    assert messages(library, [""]) == [
        "leere Datei: erwartet wird eine Zuordnung von Übungs-IDs zu Übungen"
    ]
    i18n.install_language("zh_CN")
    assert messages(routine, [file]) == [
        "未知字段 'hodl'（你是想写 'hold' 吗？）",
        "应为 'one' 或 'both'，实际为：'left'",
    ]
    assert messages(routine, ["title: T\nsteps:\n  - name: N\n    instructions: I\n"]) == [
        "第 1 步需要 'hold'（秒数）或 'reps'（次数）"
    ]


def test_seconds_are_written_as_the_language_writes_them() -> None:
    assert format_seconds(2.5) == "2.5 s"
    i18n.install_language("de")
    assert format_seconds(2.5) == "2,5 s"
    assert format_seconds(3, places=1) == "3,0 s"
    i18n.install_language("zh_CN")
    assert format_seconds(2.5) == "2.5 秒"


PICTURE_STEPS = [
    "title: T\nsteps:\n"
    + "".join(
        f"  - name: N\n    instructions: I\n    hold: 5\n    image: {path}\n"
        for path in (
            "''",
            "'stretches\\lunge-press.svg'",
            "../icon.svg",
            "stretches/lunge-pres.svg",
            "stretches",
            "sounds/chime.wav",
            "nowhere/at-all.svg",
        )
    )
]


def test_every_picture_problem_is_worded_in_the_language_of_the_moment() -> None:
    english = messages(routine, PICTURE_STEPS)
    with pseudo_locale():
        found = messages(routine, PICTURE_STEPS)
    assert len(found) == 7
    paths = {
        "'stretches\\\\lunge-press.svg'",
        "'../icon.svg'",
        "'stretches/lunge-pres.svg'",
        "'stretches/lunge-press.svg'",
        "'stretches'",
        "'sounds/chime.wav'",
        "'nowhere/at-all.svg'",
        "assets/",
    }
    assert untranslated(found, allowed={*FORMAT_WORDS, *paths}) == []
    # The pictures are looked at once (remembered), the words are the language's each time.
    assert messages(routine, PICTURE_STEPS) == english


def test_a_routine_that_is_not_known_is_named_in_the_runners_language(tmp_path: Path) -> None:
    catalog = Catalog.load(tmp_path)
    found = []
    with pseudo_locale():
        for name in ("full-warmpu", "nothing-like-it", "x" * 300):
            with pytest.raises(LookupError) as info:
                catalog.resolve(name)
            found.append(str(info.value))
    ids = {entry.id for entry in catalog.entries}
    assert untranslated(found, allowed={*ids, "'full-warmpu'", "'nothing-like-it'"}) == []
