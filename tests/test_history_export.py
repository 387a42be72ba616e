"""The CSV export's fast path against the careful one: whatever a batch holds, each row
is written as the History's list reads it (or left out and counted, if the list
cannot read it), in the form the csv module writes."""

from __future__ import annotations

import contextlib
import csv
import io
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

import pytest

from app import history_export
from app.history import CSV_HEADER, History

# Rows as Limber writes them, of every form a batch may mix: (routine_id,
# routine_title, started_at, ended_at, steps_completed, step_count, outcome,
# seconds_active).
LIMBER_ROWS = [
    ("full-warmup", "Full warm-up", "2026-11-01T07:00:00+00:00", "2026-11-01T07:10:00+00:00",
     8, 8, "completed", 600.0),
    ("hips", 'Hips, "quick"', "2026-11-02T07:00:00+00:00", "2026-11-02T07:05:00+00:00",
     3, 8, "stopped", 1 / 3),
    ("lines", "Say go\nthen run\r", "2026-11-03T07:00:00+00:00", None, 0, 5, None, None),
    ("cr", "Carriage\rreturn", "2026-11-04T07:00:00+00:00", "2026-11-04T07:01:00+00:00",
     1, 1, "completed", 0.001),
    ("a,b", "Caf\xe9 \u2603", "2026-11-05T07:00:00+00:00", "2026-11-05T07:01:00+00:00",
     1, 2, "stopped", 1e-05),
    ("nul", "A\x00B", "2026-11-06T07:00:00+00:00", "2026-11-06T07:00:00+00:00",
     0, 0, "stopped", 0.0),
    ("empty", "", "2026-11-07T07:00:00+00:00", None, 0, 8, None, None),
    ("none", "None", "2024-02-29T23:59:59+00:00", "2024-03-01T00:09:59+00:00",
     100_000, 100_000, "completed", 604_800.0),
    ("edges", "First of 1970", "1970-01-01T00:00:00+00:00", "8999-12-31T23:59:59+00:00",
     2, 3, "completed", 123456.789),
]  # fmt: skip

# Rows in another form than Limber's, each either read by the list (another offset,
# a fraction of a second, a year at the very edge...) or skipped by it as damaged.
ODD_ROWS = [
    pytest.param(("x", "A", "2026-11-21T08:00:00+01:00", None, 0, 8, None, None), id="offset"),
    pytest.param(("x", "A", "2026-11-21T08:00:00.5+00:00", None, 0, 8, None, None), id="fraction"),
    pytest.param(("x", "A", "2026-11-21 08:00:00+00:00", None, 0, 8, None, None), id="space"),
    pytest.param(("x", "A", "2026-W47-6T08:00:00+00:00", None, 0, 8, None, None), id="week-date"),
    pytest.param(("x", "A", "2026-11-21T08:00:00+0000", None, 0, 8, None, None), id="short-offset"),
    pytest.param(("x", "A", "2026-11-21T08:00:00+00:000", None, 0, 8, None, None), id="one-long"),
    pytest.param(("x", "A", "2026-11-21T08:00:00Z", None, 0, 8, None, None), id="zulu"),
    pytest.param(("x", "A", "9000-06-01T00:00:00+00:00", None, 0, 8, None, None), id="year-9000"),
    pytest.param(("x", "A", "9001-01-01T00:00:00+00:00", None, 0, 8, None, None), id="year-9001"),
    pytest.param(("x", "A", "1969-12-31T23:59:59+00:00", None, 0, 8, None, None), id="year-1969"),
    pytest.param(("x", "A", "2026-02-29T08:00:00+00:00", None, 0, 8, None, None), id="29-feb"),
    pytest.param(("x", "A", "2026-04-31T08:00:00+00:00", None, 0, 8, None, None), id="31-april"),
    pytest.param(("x", "A", "2026-11-21T24:00:00+00:00", None, 0, 8, None, None), id="hour-24"),
    pytest.param(("x", "A", "2026-11-21T08:60:00+00:00", None, 0, 8, None, None), id="minute-60"),
    pytest.param(("x", "A", "2026-11-21T08:00:60+00:00", None, 0, 8, None, None), id="second-60"),
    pytest.param(("x", "A", "2026-13-21T08:00:00+00:00", None, 0, 8, None, None), id="month-13"),
    pytest.param(("x", "A", "2026-1a-21T08:00:00+00:00", None, 0, 8, None, None), id="a-letter"),
    pytest.param(("x", "A", "2026-11-21T08:00:00", None, 0, 8, None, None), id="no-offset"),
    pytest.param(("x", "A", "yesterday", None, 0, 8, None, None), id="start-in-words"),
    pytest.param(("x", "A", 20261121, None, 0, 8, None, None), id="start-all-digits"),
    pytest.param(("x", "A", b"2026-11-21T08:00:00+00:00", None, 0, 8, None, None), id="start-blob"),
    pytest.param(
        ("x", "A", "2026-11-21T08:00:00+00:00", "2026-11-21T09:10:00+01:00", 8, 8, "completed",
         60.0),
        id="end-offset",
    ),
    pytest.param(
        ("x", "A", "2026-11-21T08:00:00+00:00", "soon", 8, 8, "completed", 60.0), id="end-words"
    ),
    pytest.param(
        ("x", "A", "2026-11-21T08:00:00+00:00", None, 8, 8, "completed", 60.0),
        id="outcome-without-end",
    ),
    pytest.param(
        ("x", "A", "2026-11-21T08:00:00+00:00", "2026-11-21T08:10:00+00:00", 8, 8, None, 60.0),
        id="end-without-outcome",
    ),
    pytest.param(
        ("x", "A", "2026-11-21T08:00:00+00:00", "2026-11-21T08:10:00+00:00", 8, 8, "finished",
         60.0),
        id="outcome-no-limber-writes",
    ),
    pytest.param(("x", "A", "2026-11-21T08:00:00+00:00", None, 9, 8, None, None), id="9-of-8"),
    pytest.param(("x", "A", "2026-11-21T08:00:00+00:00", None, -1, 8, None, None), id="minus-one"),
    pytest.param(
        ("x", "A", "2026-11-21T08:00:00+00:00", None, 0, 100_001, None, None), id="too-many-steps"
    ),
    pytest.param(("x", "A", "2026-11-21T08:00:00+00:00", None, 0, 8.5, None, None), id="8.5-steps"),
    pytest.param(("x", "A", "2026-11-21T08:00:00+00:00", None, "x", 8, None, None), id="steps-x"),
    pytest.param(
        ("x", "A", "2026-11-21T08:00:00+00:00", "2026-11-21T08:10:00+00:00", 8, 8, "completed",
         604_800.5),
        id="more-than-a-week",
    ),
    pytest.param(
        ("x", "A", "2026-11-21T08:00:00+00:00", "2026-11-21T08:10:00+00:00", 8, 8, "completed",
         -0.5),
        id="negative-seconds",
    ),
    pytest.param(
        ("x", "A", "2026-11-21T08:00:00+00:00", "2026-11-21T08:10:00+00:00", 8, 8, "completed",
         "ten"),
        id="seconds-in-words",
    ),
    pytest.param((b"x", "A", "2026-11-21T08:00:00+00:00", None, 0, 8, None, None), id="id-blob"),
    pytest.param(("x", b"A", "2026-11-21T08:00:00+00:00", None, 0, 8, None, None), id="title-blob"),
]  # fmt: skip


def insert(path: Path, rows: Sequence[tuple[object, ...]]) -> None:
    """Rows written straight into the file while the app has it open, as a hand edit
    could (with the table's checks off)."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA ignore_check_constraints = ON")
    with connection:
        connection.executemany(
            "INSERT INTO sessions (routine_id, routine_title, started_at, ended_at,"
            " steps_completed, step_count, outcome, seconds_active)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    connection.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "history.sqlite3"


@pytest.fixture
def log(db_path: Path) -> Iterator[History]:
    with History.open(db_path) as opened:
        yield opened


def export(log: History, target: Path) -> tuple[str, int, int]:
    """The export's text, the sessions it says it wrote, and the damaged rows it counted."""
    written = log.export_csv(target)
    return target.read_bytes().decode("utf-8"), written, log.damaged_entries


def utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def as_the_list_reads_them(log: History, path: Path) -> str:
    """Every row the History's list can read, oldest first as stored, written by the
    csv module itself: what the export must give."""
    listed = {record.id: record for record in log.recent(limit=10_000)}
    connection = sqlite3.connect(path)
    query = "SELECT id FROM sessions ORDER BY started_at, id"
    order = [row[0] for row in connection.execute(query)]
    connection.close()
    expected = io.StringIO()
    writer = csv.writer(expected, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for session_id in order:
        if session_id not in listed:
            continue
        record = listed[session_id]
        writer.writerow(
            (
                record.id,
                record.routine_id,
                record.routine_title,
                utc_text(record.started_at),
                None if record.ended_at is None else utc_text(record.ended_at),
                None if record.outcome is None else record.outcome.value,
                record.steps_completed,
                record.step_count,
                record.seconds_active,
            )
        )
    return expected.getvalue()


@pytest.mark.parametrize("batch", [3, 1000])
def test_rows_in_limbers_form_are_written_as_the_csv_module_writes_them(
    log: History, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    # Quoted titles, unfinished sessions, odd floats and the edges of every range,
    # mixed in each batch: none of them may send a batch the slow way, or change a byte.
    monkeypatch.setattr(history_export, "EXPORT_BATCH", batch)
    insert(db_path, LIMBER_ROWS * 3)
    expected = io.StringIO()
    writer = csv.writer(expected, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    numbered = sorted(enumerate(LIMBER_ROWS * 3, start=1), key=lambda pair: (pair[1][2], pair[0]))
    for number, (routine_id, title, started, ended, done, steps, outcome, seconds) in numbered:
        writer.writerow((number, routine_id, title, started, ended, outcome, done, steps, seconds))

    text, written, damaged = export(log, tmp_path / "out.csv")

    assert text == expected.getvalue()
    assert (written, damaged) == (len(LIMBER_ROWS) * 3, 0)
    assert text == as_the_list_reads_them(log, db_path)


@pytest.mark.parametrize("row", ODD_ROWS)
def test_an_odd_row_among_good_ones_in_one_batch_is_written_as_the_list_reads_it(
    log: History, db_path: Path, tmp_path: Path, row: tuple[object, ...]
) -> None:
    insert(db_path, [*LIMBER_ROWS[:4], row, *LIMBER_ROWS[4:]])

    text, written, damaged = export(log, tmp_path / "out.csv")

    assert (written, damaged) in ((len(LIMBER_ROWS) + 1, 0), (len(LIMBER_ROWS), 1))
    assert text == as_the_list_reads_them(log, db_path)
    assert len(log.recent(limit=100)) == written


def test_text_not_in_utf8_is_written_as_the_list_reads_it_beside_good_rows(
    log: History, db_path: Path, tmp_path: Path
) -> None:
    insert(db_path, LIMBER_ROWS)
    connection = sqlite3.connect(db_path)
    with connection:
        connection.execute(
            "UPDATE sessions SET routine_title = CAST(? AS TEXT) WHERE id = 2", (b"Caf\xe9,",)
        )
    connection.close()

    text, written, damaged = export(log, tmp_path / "out.csv")

    assert text == as_the_list_reads_them(log, db_path)
    assert '"Caf\ufffd,"' in text
    assert (written, damaged) == (len(LIMBER_ROWS), 0)


class Recording:
    """An export's target that keeps each write, to see what reached the file when."""

    def __init__(self) -> None:
        self.writes: list[str] = []

    @contextlib.contextmanager
    def __call__(self, path: Path) -> Iterator[TextIO]:
        yield self  # type: ignore[misc]

    def write(self, text: str) -> int:
        self.writes.append(text)
        return len(text)


def test_the_export_writes_a_batch_at_a_time(
    log: History, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Nothing but the batch in hand is held: each reaches the file before the next is read.
    monkeypatch.setattr(history_export, "EXPORT_BATCH", 4)
    insert(db_path, LIMBER_ROWS[:2] * 5)
    seen: list[tuple[int, int, int]] = []
    target = Recording()
    log.export_csv(
        tmp_path / "out.csv",
        progress=lambda done, total: seen.append((done, total, len(target.writes))),
        open_target=target,
    )
    assert [text.count("\n") for text in target.writes] == [1, 4, 4, 2]
    assert seen == [(4, 10, 2), (8, 10, 3), (10, 10, 4)]
