"""The core's messages of the session, its resume record and the history, translated:
under the pseudo-locale none is left in English (the runner's own routine and
stretch names, file names and system errors aside), and in German they read so."""

from __future__ import annotations

import errno
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.clock import ManualClock
from app.history import History, damaged_entries_text, describe_last
from app.history_export import export_failure_text
from app.history_rows import SessionRecord
from app.i18n import ENGLISH, install_language, installed
from app.resume import ResumePoint, UnusableRecord, resume_point
from app.routine import Hold, Routine, Sides, Step
from app.session import HoldChange, PhaseKind, Session, Side, describe_hold_change
from tests.pseudo import pseudo_locale, untranslated

ROUTINE = Routine(
    id="mine",
    title="My morning",
    steps=(
        Step(name="Lunge press", instructions="Press.", dose=Hold(20), sides=Sides.BOTH),
        Step(name="Forward bend", instructions="Bend.", dose=Hold(30)),
    ),
    lead_in=5,
    rest=3,
)
NAMES = {ROUTINE.title, *(step.name for step in ROUTINE.steps)}


@contextmanager
def language(code: str) -> Iterator[None]:
    with installed(ENGLISH):
        install_language(code)
        yield


def test_phase_and_side_labels_are_translated() -> None:
    with pseudo_locale():
        labels = [kind.label for kind in PhaseKind] + [side.label for side in Side]
        assert untranslated(labels) == []
    with language("de"):
        assert (PhaseKind.HOLD.label, PhaseKind.REST.label, Side.LEFT.label) == (
            "Halten",
            "Pause",
            "Linke Seite",
        )


HOLD_CHANGES = (
    HoldChange(1, 30.0, 40.0),
    HoldChange(0, 20.0, 30.0, both_sides=True, left=30.0, right=30.0),
    HoldChange(0, 20.0, 30.0, both_sides=True, left=30.0, right=20.0),
    HoldChange(0, 20.0, 30.0, both_sides=True, left=30.0),
    HoldChange(0, 20.0, 30.0, both_sides=True, right=30.0),
)


def test_the_new_hold_times_are_said_in_the_runners_language() -> None:
    with pseudo_locale():
        texts = [
            describe_hold_change(ROUTINE.steps[change.step_index], change)
            for change in HOLD_CHANGES
        ]
        assert untranslated(texts, NAMES) == []
    with language("de"):
        assert describe_hold_change(ROUTINE.steps[0], HOLD_CHANGES[2]) == (
            "Lunge press 30 s (links 30 s, rechts 20 s: Die längere Zeit gilt)"
        )


def resume_points() -> Iterator[ResumePoint]:
    """A resume record at each kind of moment: get-ready, both sides, the switch, rest."""
    clock = ManualClock()
    session = Session(ROUTINE, clock)
    session.start()
    points = []
    for seconds in (10, 17, 13, 11, 9, 1):  # at 0, 10, 27, 40, 51 and 60 seconds
        point = resume_point(session, session.snapshot())
        assert point is not None
        points.append(point)
        clock.advance(seconds)
    yield from points
    yield replace(points[-1], phase_kind=None, side=None)  # a version 1 record


def unusable_records() -> Iterator[str]:
    """Resume records no session could have written, and one of each kind of flaw."""
    point = next(resume_points())
    good = json.loads(point.to_json())
    yield "not json"
    yield "[]"
    yield json.dumps({**good, "version": 99})
    yield json.dumps({**good, "phase_index": "three"})
    for flaw in (
        {"phase_count": 3},
        {"phase_index": 40},
        {"durations": [0.0] * len(good["durations"])},
        {"remaining": 1000.0},
        {"step_number": 9},
        {"completed": [5]},
        {"active_seconds": -1.0},
        {"history_row": 0},
    ):
        yield json.dumps({**good, **flaw})


def test_the_resume_question_and_its_problems_are_translated() -> None:
    with pseudo_locale():
        texts = [point.question() for point in resume_points()]
        for text in unusable_records():
            with pytest.raises(UnusableRecord) as raised:
                ResumePoint.parse(text)
            texts.append(str(raised.value))
        # A value's own error from Python stays as it is, inside the translated sentence.
        assert untranslated(texts, NAMES) == []
        assert len({point.where() for point in resume_points()}) == 6
    with language("de"):
        question = next(resume_points()).question()
        assert question == (
            "My morning fortsetzen bei Lunge press, beim Bereitmachen, noch 0:05 (Übung 1 von 2)?"
        )


def record(days_ago: int, now: datetime) -> SessionRecord:
    started = now - timedelta(days=days_ago)
    return SessionRecord(1, "mine", "My morning", started, started, 2, 2, None, 60.0)


def test_the_historys_lines_are_translated(tmp_path: Path) -> None:
    now = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    days = (0, 1, 2, 13, 20, 59, 90, 364, 365, 800)
    with pseudo_locale():
        texts = [describe_last(None, now)]
        texts += [describe_last(record(days_ago, now), now, UTC) for days_ago in days]
        texts += [damaged_entries_text(count) for count in (1, 3)]
        path = Path("/x/h.csv")
        texts += [
            export_failure_text(error, path)
            for error in (
                OSError(errno.ENOSPC, "No space left on device"),
                PermissionError(errno.EACCES, "Permission denied"),
                OSError(errno.EIO, "Input/output error"),
                sqlite3.OperationalError("database is locked"),
            )
        ]
        damaged = tmp_path / "history.sqlite3"
        damaged.write_bytes(b"not a database at all" * 200)
        with History.open(damaged, now=lambda: now, tz=UTC) as opened:
            assert opened.notice is not None
            texts.append(opened.notice)
        assert untranslated(texts) == []
    with language("de"):
        assert describe_last(record(3, now), now, UTC) == "Letztes Aufwärmen vor 3 Tagen"
        assert damaged_entries_text(1) == "1 beschädigter Eintrag nicht angezeigt"
    with language("zh_CN"):
        assert describe_last(record(14, now), now, UTC) == "上次热身：2 周前"
