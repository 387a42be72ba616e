"""Routines as the parse cache's rows and back (app.parse_cache_rows): a routine comes
back as it went in, steps shared between routines are kept once, and a row this
module did not write is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.loader import parse_routine
from app.parse_cache_rows import StepTable, Unusable, routine_data, routine_from_data
from app.routine import Routine
from app.store import shipped_library

LIBRARY = shipped_library()
MORNING = """\
title: Morning
lead_in: 5
steps:
  - stretch: forward-bend
    hold: 20
  - name: Ankle circles
    instructions: Draw circles with each foot.
    region: [feet-ankles]
    reps: 8
    tempo: 1.5
"""


def parsed(text: str, path: Path) -> Routine:
    return parse_routine(text, str(path), LIBRARY, routine_id=path.stem, source=path)


def test_a_routine_comes_back_as_it_went_in(tmp_path: Path) -> None:
    path = tmp_path / "morning.yaml"
    routine = parsed(MORNING, path)
    table = StepTable([])
    data = routine_data(routine, table)
    assert routine_from_data(data, path, StepTable(table.compacted({"m": {"routine": data}}))) == (
        routine
    )


def test_a_step_two_routines_share_is_one_row(tmp_path: Path) -> None:
    table = StepTable([])
    first = routine_data(parsed(MORNING, tmp_path / "a.yaml"), table)
    other = MORNING.replace("Morning", "Evening")
    second = routine_data(parsed(other, tmp_path / "b.yaml"), table)
    assert first["steps"] == second["steps"] == [0, 1]


@pytest.mark.parametrize("number", [2, -1, "0", True, 0.0])
def test_a_step_number_not_in_the_table_is_refused(number: object) -> None:
    with pytest.raises(Unusable):
        StepTable([["row"], ["row"]]).step(number)
