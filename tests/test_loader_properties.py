"""Property tests of the routine loader, over generated YAML and mutated shipped routines.

Whatever the text, the loader answers quickly with a routine or with its own
error, every problem at a position inside the file; libyaml and PyYAML's
pure-Python parser give the same verdict; and whatever it accepts, the writer
writes back to a file that loads as the same routine. Bounded (and fixed, so a
run is the same everywhere) to a few seconds of the suite.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import yaml_nodes
from app.loader import ROUTINE_KEYS, STEP_KEYS, RoutineError, parse_routine
from app.resources import bundled_routine_files
from app.routine import Routine
from app.store import shipped_library
from app.writer import routine_yaml

LIBRARY = shipped_library()
SHIPPED = [file.read_text(encoding="utf-8") for file in bundled_routine_files()]
# Any one file, mutated or generated, is read in well under this.
SLOWEST_SECONDS = 1.0

BOUNDED = settings(
    max_examples=120,
    deadline=None,  # timed below, against a looser bound than Hypothesis' default
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Characters that matter to YAML, to the checks, or to the rest of the program.
TRICKY = (
    *(" ", "\t", "\n", "\r", ":", "-", "#", "'", '"', "[", "]", "{", "}", ",", "&", "*"),
    *("!", "|", ">", "%", "@", "`", "?", "\\", "\x00", "\x1b", "\x85", "\u2028", "\u202e"),
    *("\ufeff", "é", "—", "🏃", "0", "1m", "30s", "~", "null", "yes"),
)


def outcome(text: str) -> Routine | RoutineError:
    """The loader's answer, checked for speed, kind and positions."""
    started = time.monotonic()
    try:
        result: Routine | RoutineError = parse_routine(text, "r.yaml", LIBRARY, routine_id="r")
    except RoutineError as error:
        result = error
    assert time.monotonic() - started < SLOWEST_SECONDS
    if isinstance(result, RoutineError):
        lines = text.splitlines() or [""]
        assert result.problems
        for problem in result.problems:
            assert 1 <= problem.line <= len(lines) + 1, problem
            assert problem.column >= 1, problem
    return result


def messages(error: RoutineError) -> list[str]:
    return sorted(problem.message for problem in error.problems)


@contextmanager
def pure_python_only() -> Iterator[None]:
    """As on a machine without libyaml (as the loader tests' `composer` fixture does)."""
    fast, with_libyaml = yaml_nodes._compose_with_libyaml, yaml.__with_libyaml__
    setattr(yaml_nodes, "_compose_with_libyaml", lambda text: None)  # noqa: B010
    setattr(yaml, "__with_libyaml__", False)  # noqa: B010
    try:
        yield
    finally:
        setattr(yaml_nodes, "_compose_with_libyaml", fast)  # noqa: B010
        setattr(yaml, "__with_libyaml__", with_libyaml)  # noqa: B010


def check(text: str) -> None:
    result = outcome(text)
    with pure_python_only():
        pure = outcome(text)
    # One verdict, and the same problems, on both parsers. (Only the place of an empty
    # value at the very end of a file may differ: libyaml puts it past the last line.)
    if isinstance(result, RoutineError):
        assert isinstance(pure, RoutineError), text
        assert messages(result) == messages(pure), text
    else:
        assert pure == result, text
        again = outcome(routine_yaml(result, LIBRARY))
        assert again == result, text


@st.composite
def mutated_shipped_routine(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SHIPPED))
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        piece = draw(st.sampled_from(TRICKY) | st.text(max_size=3))
        kind = draw(st.sampled_from(("insert", "replace", "delete")))
        if kind == "insert":
            text = text[:at] + piece + text[at:]
        elif kind == "replace":
            text = text[:at] + piece + text[at + len(piece) :]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 8)) :]
    return text


SCALARS = (
    st.text(max_size=20)
    | st.sampled_from(TRICKY)
    | st.integers(-5, 700)
    | st.floats(allow_nan=True)
    | st.booleans()
    | st.none()
)
STEP = st.dictionaries(
    st.sampled_from((*STEP_KEYS, "hodl")),
    SCALARS | st.sampled_from(sorted(LIBRARY)) | st.lists(st.sampled_from(("waist", "x"))),
    max_size=6,
)
DOCUMENT = st.fixed_dictionaries(
    {},
    optional={
        key: SCALARS | st.lists(STEP, max_size=4) if key == "steps" else SCALARS
        for key in ROUTINE_KEYS
    },
)


@BOUNDED
@given(mutated_shipped_routine())
def test_a_mutated_shipped_routine_gets_one_clear_answer(text: str) -> None:
    check(text)


@BOUNDED
@given(DOCUMENT, st.sampled_from(("block", "flow")))
def test_generated_yaml_gets_one_clear_answer(document: dict[str, object], style: str) -> None:
    text = yaml.safe_dump(
        document, default_flow_style=style == "flow", allow_unicode=True, sort_keys=False
    )
    check(text)


@BOUNDED
@given(st.lists(st.sampled_from(TRICKY) | st.characters(), max_size=40).map("".join))
def test_any_text_at_all_gets_one_clear_answer(text: str) -> None:
    check(text)


def test_a_tab_anywhere_in_a_shipped_routine_gets_one_verdict() -> None:
    """The issue's sweep, thinned: a tab put in at every 20th place of a routine."""
    text = min(SHIPPED, key=len)
    for at in range(0, len(text), 20):
        check(text[:at] + "\t" + text[at:])
