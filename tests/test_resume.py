"""The "session in progress" record, its file, and Session.restore: picking a lost
session up."""

from __future__ import annotations

import os
import re
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from app.clock import ManualClock
from app.record_slots import TwoSlotFile, newest_text
from app.resume import (
    MAX_RECORD_BYTES,
    ResumeFile,
    ResumePoint,
    UnusableRecord,
    restore,
    resume_point,
)
from app.routine import Hold, Routine, Sides, Step
from app.session import PauseReason, PhaseKind, Session, State


def make_routine() -> Routine:
    return Routine(
        id="two",
        title="Two steps",
        steps=(
            Step(name="Lunge press", instructions="Press.", dose=Hold(20), sides=Sides.BOTH),
            Step(name="Forward bend", instructions="Bend.", dose=Hold(30)),
        ),
        lead_in=5,
        rest=3,
    )


def started(clock: ManualClock) -> Session:
    session = Session(make_routine(), clock.monotonic)
    session.start()
    return session


def test_restore_opens_the_phase_paused_with_the_time_left() -> None:
    clock = ManualClock()
    session = Session(make_routine(), clock.monotonic)
    session.restore(3, 12.5, completed=())
    snapshot = session.snapshot()
    assert snapshot.state is State.PAUSED
    assert snapshot.pause_reason is PauseReason.USER
    assert snapshot.phase.kind is PhaseKind.HOLD
    assert snapshot.phase.side is not None
    assert snapshot.phase.side.value == "right"
    assert snapshot.remaining == 12.5
    assert session.started_at == clock.monotonic()
    session.resume()
    clock.advance(12.5)
    assert session.snapshot().phase.kind is PhaseKind.REST
    assert session.completed_steps == (0,)


def test_restore_keeps_adjusted_durations_and_completed_steps() -> None:
    clock = ManualClock()
    session = Session(make_routine(), clock.monotonic)
    durations = [5.0, 20.0, 5.0, 30.0, 3.0, 45.0]
    session.restore(5, 50.0, durations=durations, completed=(0,))
    assert [phase.duration for phase in session.phases] == durations
    assert session.snapshot().remaining == 45.0  # capped at the phase
    assert session.completed_steps == (0,)


@pytest.mark.parametrize(
    ("phase", "remaining", "durations", "completed"),
    [
        (6, 5.0, None, ()),
        (-1, 5.0, None, ()),
        (1, 0.0, None, ()),
        (1, float("nan"), None, ()),
        (1, 5.0, [1.0, 2.0], ()),
        (1, 5.0, [5.0, 20.0, 5.0, 20.0, 3.0, 0.0], ()),
        (1, 5.0, None, (2,)),
    ],
)
def test_restore_refuses_what_does_not_fit(
    phase: int, remaining: float, durations: list[float] | None, completed: tuple[int, ...]
) -> None:
    session = Session(make_routine(), ManualClock().monotonic)
    with pytest.raises(ValueError):  # noqa: PT011
        session.restore(phase, remaining, durations=durations, completed=completed)
    assert session.state is State.READY


def test_restore_only_from_ready() -> None:
    session = started(ManualClock())
    with pytest.raises(ValueError, match="not yet started"):
        session.restore(1, 5.0)


def test_a_running_session_round_trips_through_its_record() -> None:
    clock = ManualClock()
    session = started(clock)
    clock.advance(5 + 20 + 5 + 8)  # 12 s left of the right side
    session.adjust(10)
    point = resume_point(session, session.snapshot())
    assert point is not None
    assert (
        point.question() == "Resume Two steps at Lunge press, right side, 0:22 left (step 1 of 2)?"
    )
    again = ResumePoint.from_json(point.to_json())
    assert again == point

    fresh = Session(make_routine(), clock.monotonic)
    restore(fresh, again)
    snapshot = fresh.snapshot()
    assert snapshot.state is State.PAUSED
    assert snapshot.phase_index == 3
    assert snapshot.remaining == 22.0
    assert fresh.phases[3].duration == 30.0


def test_the_time_run_is_carried_over_a_resume_pauses_left_out() -> None:
    clock = ManualClock()
    session = started(clock)
    clock.advance(10.0)
    session.pause()
    clock.advance(100.0)  # a long pause before the app was lost: not counted
    session.resume()
    clock.advance(4.5)
    point = resume_point(session, session.snapshot())
    assert point is not None
    assert point.active_seconds == 14.5
    later = ManualClock(start=5000.0)  # the next launch, on another clock
    resumed = Session(make_routine(), later.monotonic)
    restore(resumed, point)
    resumed.resume()
    later.advance(2.0)
    assert resumed.active_seconds() == 16.5


def test_the_record_keeps_the_history_row_and_the_time_run() -> None:
    clock = ManualClock()
    session = started(clock)
    point = resume_point(session, session.snapshot())
    assert point is not None
    assert (point.history_row, point.active_seconds) == (None, 0.0)
    kept = replace(point, history_row=42, active_seconds=37.5)
    assert ResumePoint.from_json(kept.to_json()) == kept
    # A record written before these were kept still resumes, with neither.
    old = kept.to_json().replace(',"history_row":42,"active_seconds":37.5', "")
    assert '"history_row"' not in old
    assert ResumePoint.from_json(old) == point
    for bad in ('"history_row":"42"', '"active_seconds":-1'):
        key = bad.split(":")[0]
        garbled = re.sub(key + r":[^,}]*", bad, kept.to_json())
        assert ResumePoint.from_json(garbled) is None, bad


def test_no_record_before_the_start_or_after_the_end() -> None:
    clock = ManualClock()
    session = Session(make_routine(), clock.monotonic)
    assert resume_point(session, session.snapshot()) is None
    session.start()
    clock.advance(1000)
    assert resume_point(session, session.snapshot()) is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not json",
        "[]",
        '{"version": 2}',
        '{"version": 1, "routine_id": "x"}',
    ],
)
def test_garbled_records_are_ignored(text: str) -> None:
    assert ResumePoint.from_json(text) is None


def test_a_record_out_of_range_is_ignored() -> None:
    clock = ManualClock()
    session = started(clock)
    point = resume_point(session, session.snapshot())
    assert point is not None
    bad = point.to_json().replace('"phase_index":0', '"phase_index":9')
    assert ResumePoint.from_json(bad) is None


def test_a_changed_routine_is_not_restored() -> None:
    clock = ManualClock()
    session = started(clock)
    point = resume_point(session, session.snapshot())
    assert point is not None
    shorter = Routine(id="two", title="Two steps", steps=make_routine().steps[1:], lead_in=5)
    with pytest.raises(ValueError, match="changed"):
        restore(Session(shorter, clock.monotonic), point)


# --- where the session stood, in the question ---------------------------------------------


@pytest.mark.parametrize(
    ("elapsed", "question"),
    [
        (2.0, "Resume Two steps at Lunge press, getting ready, 0:03 left (step 1 of 2)?"),
        (7.5, "Resume Two steps at Lunge press, left side, 0:18 left (step 1 of 2)?"),
        (
            5 + 20 + 1,
            "Resume Two steps at Lunge press, switching to the right side, 0:04 left "
            "(step 1 of 2)?",
        ),
        (5 + 20 + 5 + 3, "Resume Two steps at Lunge press, right side, 0:17 left (step 1 of 2)?"),
        (50 + 1, "Resume Two steps at Forward bend, resting before it, 0:02 left (step 2 of 2)?"),
        (53 + 10, "Resume Two steps at Forward bend, 0:20 left (step 2 of 2)?"),
    ],
)
def test_the_question_says_the_stretch_the_side_and_the_time_left(
    elapsed: float, question: str
) -> None:
    clock = ManualClock()
    session = started(clock)
    clock.advance(elapsed)
    point = resume_point(session, session.snapshot())
    assert point is not None
    again = ResumePoint.from_json(point.to_json())
    assert again is not None
    assert again.question() == question


# What the previous version wrote: version 1, no phase kind nor side.
PREVIOUS_VERSION_RECORD = (
    '{"version":1,"routine_id":"two","routine_title":"Two steps","routine_path":null,'
    '"phase_index":3,"remaining":20.0,"phase_count":6,"step_number":1,"step_count":2,'
    '"stretch":"Lunge press","completed":[],"durations":[5.0,20.0,5.0,20.0,3.0,30.0],'
    '"history_row":7,"active_seconds":30.0}'
)


def test_a_record_from_the_previous_version_still_resumes() -> None:
    point = ResumePoint.from_json(PREVIOUS_VERSION_RECORD)
    assert point is not None
    assert (point.phase_kind, point.side) == (None, None)
    assert (point.history_row, point.active_seconds) == (7, 30.0)
    assert point.question() == "Resume Two steps at Lunge press, 0:20 left (step 1 of 2)?"
    clock = ManualClock()
    session = Session(make_routine(), clock.monotonic)
    restore(session, point)
    snapshot = session.snapshot()
    assert (snapshot.phase.kind, snapshot.remaining) == (PhaseKind.HOLD, 20.0)
    assert snapshot.phase.side is not None
    assert snapshot.phase.side.value == "right"


@pytest.mark.parametrize(
    ("find", "put"),
    [
        ('"phase_kind":"hold"', '"phase_kind":"done"'),
        ('"phase_kind":"hold"', '"phase_kind":"stretching"'),
        ('"phase_kind":"hold"', '"phase_kind":3'),
        ('"side":"right"', '"side":"up"'),
        ('"side":"right"', '"side":true'),
        ('"version":2', '"version":true'),
        ('"version":2', '"version":2.0'),
        ('"version":2', '"version":3'),
        ('"remaining":12.0', '"remaining":"12"'),
        ('"remaining":12.0', '"remaining":-1'),
    ],
)
def test_values_read_back_are_checked(find: str, put: str) -> None:
    clock = ManualClock()
    session = started(clock)
    clock.advance(5 + 20 + 5 + 8)
    point = resume_point(session, session.snapshot())
    assert point is not None
    text = point.to_json()
    assert find in text
    assert ResumePoint.from_json(text.replace(find, put)) is None


# --- the file -----------------------------------------------------------------------------


def a_record_after(seconds: float) -> str:
    clock = ManualClock()
    session = started(clock)
    clock.advance(seconds)
    point = resume_point(session, session.snapshot())
    assert point is not None
    return point.to_json()


def a_record() -> str:
    return a_record_after(9.0)


def test_the_file_keeps_the_newest_record_and_clear_removes_it(tmp_path: Path) -> None:
    record = ResumeFile(tmp_path / "limber" / "resume.json")
    assert record.load() is None  # nothing there yet
    text = a_record()
    record.save(text)
    assert record.wait(5.0)
    assert newest_text(record.path.read_bytes()) == text.encode("utf-8")
    assert record.load() == ResumePoint.from_json(text)
    record.clear()
    assert record.wait(5.0)
    assert not record.path.exists()
    assert not record.busy


def test_a_power_cut_during_a_write_resumes_from_the_second_before(tmp_path: Path) -> None:
    path = tmp_path / "resume.json"
    record = ResumeFile(path)
    for second in (9.0, 10.0, 11.0):
        record.save(a_record_after(second))
        assert record.wait(5.0)
    # The write of second 11 was cut short: its copy's last bytes never got there.
    data = bytearray(path.read_bytes())
    newest = data.index(b"}") + 1
    data[newest - 4 : newest] = b"\0\0\0\0"
    path.write_bytes(bytes(data))
    point = ResumeFile(path).load()
    assert point == ResumePoint.from_json(a_record_after(10.0))


def test_a_file_with_neither_copy_whole_is_removed_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "resume.json"
    path.write_bytes(b"limber-record " + b"\xff" * 9000)
    record = ResumeFile(path)
    assert record.load() is None
    assert record.problem == "neither of its two copies is whole"
    assert record.wait(5.0)
    assert not path.exists()


def test_saving_never_waits_for_the_disk_and_only_the_newest_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[bytes] = []
    first_started, release = threading.Event(), threading.Event()

    def slow_write(slots: TwoSlotFile, data: bytes) -> None:
        first_started.set()
        assert release.wait(10.0)
        written.append(data)

    monkeypatch.setattr(TwoSlotFile, "write", slow_write)
    record = ResumeFile(tmp_path / "resume.json")
    record.save("one")
    assert first_started.wait(10.0)  # the disk is now "stuck" on the first write
    for text in ("two", "three", "four"):
        record.save(text)  # returns at once all the same
    assert record.busy
    assert not record.wait(0.05)
    release.set()
    assert record.wait(10.0)
    assert written == [b"one", b"four"]


def test_a_failed_write_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    reasons: list[str] = []
    record = ResumeFile(blocker / "resume.json", reasons.append)
    record.save(a_record())
    assert record.wait(5.0)
    assert len(reasons) == 1
    assert reasons[0]


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b'{"version": 2, "routine_id": "tw',  # cut short
        b"\xff\xfe not text",
        b"{" + b" " * (MAX_RECORD_BYTES + 10) + b"}",
    ],
)
def test_a_garbled_file_is_not_resumed_and_is_removed(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "resume.json"
    path.write_bytes(content)
    record = ResumeFile(path)
    assert record.load() is None
    assert record.wait(5.0)
    assert not path.exists()


@pytest.mark.parametrize(
    ("find", "put", "reason"),
    [
        ('"history_row":null', '"history_row":' + "9" * 70, "history row number"),
        ('"history_row":null', '"history_row":-3', "history row number"),
        ('"history_row":null', '"history_row":0', "history row number"),
        ('"remaining":12.0', '"remaining":' + "9" * 70, "s left of a 20 s phase"),
        ('"remaining":12.0', '"remaining":1e308', "s left of a 20 s phase"),
        ('"remaining":12.0', '"remaining":NaN', "not one Limber writes"),
        ('"durations":[5.0,', '"durations":[1e300,', "more than a day"),
        ('"durations":[5.0,', '"durations":[Infinity,', "not one Limber writes"),
        ('"durations":[5.0,', '"durations":[' + "9" * 400 + ",", "not one Limber writes"),
        ('"phase_index":3', '"phase_index":' + "9" * 70, "it stopped at phase"),
        ('"phase_index":3', '"phase_index":-1', "it stopped at phase"),
        ('"step_number":1', '"step_number":99', "it stopped at step 99 of"),
        ('"step_number":1', '"step_number":0', "it stopped at step 0 of"),
        ('"completed":[]', '"completed":[7]', "a step it completed"),
        ('"active_seconds":38.0', '"active_seconds":1e200', "ran for 1e+200 s"),
        ('"active_seconds":38.0', '"active_seconds":-Infinity', "not one Limber writes"),
        ('"stretch":"Lunge press"', '"stretch":"Lunge\\u001b[31m"', "not one Limber writes"),
        ('"stretch":"Lunge press"', '"stretch":"' + "x" * 5000 + '"', "not one Limber writes"),
    ],
)
def test_an_absurd_value_makes_the_record_unusable_and_says_why(
    find: str, put: str, reason: str
) -> None:
    clock = ManualClock()
    session = started(clock)
    clock.advance(5 + 20 + 5 + 8)
    point = resume_point(session, session.snapshot())
    assert point is not None
    text = point.to_json()
    assert find in text
    edited = text.replace(find, put)
    with pytest.raises(UnusableRecord, match=re.escape(reason)):
        ResumePoint.parse(edited)
    assert ResumePoint.from_json(edited) is None


def test_a_loaded_record_with_an_absurd_value_is_removed_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "resume.json"
    path.write_text(a_record().replace('"remaining":16.0', '"remaining":1' + "0" * 70))
    record = ResumeFile(path)
    assert record.load() is None
    assert record.problem == "it has 1e+70 s left of a 20 s phase"
    assert record.wait(5.0)
    assert not path.exists()
    path.write_text(a_record())
    assert record.load() is not None
    assert record.problem is None


def test_loading_removes_an_old_temporary_a_crashed_write_left(tmp_path: Path) -> None:
    stale = tmp_path / ".resume.json.abcd1234.tmp"
    stale.write_text('{"version":2', encoding="utf-8")
    other = tmp_path / ".history.sqlite3.abcd1234.tmp"
    other.write_text("not the record's", encoding="utf-8")
    long_ago = time.time() - 2 * 3600
    for path in (stale, other):
        os.utime(path, (long_ago, long_ago))
    assert ResumeFile(tmp_path / "resume.json").load() is None
    assert not stale.exists()
    assert other.exists()


def test_a_session_lost_during_the_get_ready_resumes_in_the_get_ready() -> None:
    clock = ManualClock()
    session = started(clock)
    clock.advance(2)  # 3 s of the 5 s get-ready left
    point = resume_point(session, session.snapshot())
    assert point is not None
    assert point.question() == (
        "Resume Two steps at Lunge press, getting ready, 0:03 left (step 1 of 2)?"
    )
    again = ResumePoint.from_json(point.to_json())
    assert again == point

    fresh = Session(make_routine(), clock.monotonic)
    restore(fresh, again)
    snapshot = fresh.snapshot()
    assert (snapshot.state, snapshot.phase_index, snapshot.phase.kind) == (
        State.PAUSED,
        0,
        PhaseKind.GET_READY,
    )
    assert snapshot.remaining == 3.0
    assert snapshot.step.name == "Lunge press"
