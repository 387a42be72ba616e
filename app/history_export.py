"""The CSV export's format, its atomic file and its one-line errors (split from
app/history.py)."""

from __future__ import annotations

import csv
import errno
import io
import operator
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from itertools import chain
from pathlib import Path
from typing import Any, TextIO

from app.files import atomic_text_writer as atomic_text_writer  # the CSV is written by it
from app.history_rows import (
    _EARLIEST_YEAR,
    _LATEST_YEAR,
    _MAX_SECONDS_ACTIVE,
    _MAX_STEPS,
    DamagedRow,
    Outcome,
    _record,
    _to_text,
)
from app.history_schema import _describe_os_error, _lenient_text
from app.i18n import _

CSV_HEADER = (
    "id",
    "routine_id",
    "routine_title",
    "started_at",
    "ended_at",
    "outcome",
    "steps_completed",
    "step_count",
    "seconds_active",
)


# The same, in the order of an export's columns (CSV_HEADER).
_EXPORT_COLUMNS = ", ".join(CSV_HEADER)
# Rows per batch of a CSV export: the progress steps, and all that is in memory at once.
EXPORT_BATCH = 2000


def export_failure_text(error: OSError | sqlite3.Error, path: Path) -> str:
    """One line on why an export failed; the export is atomic, so it can say that
    nothing was left behind (an earlier file at `path` is as it was)."""
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return _(
            "The disk is full: the history was not exported to {path}. "
            "Free some space and try again."
        ).format(path=path)
    if isinstance(error, OSError) and error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _(
            "The history could not be exported: {path} cannot be written here. "
            "Choose another folder."
        ).format(path=path)
    reason = _describe_os_error(error) if isinstance(error, OSError) else str(error)
    return _("The history could not be exported to {path} ({reason}); nothing was written.").format(
        path=path, reason=reason
    )


def _well_formed(row: tuple[Any, ...]) -> bool:
    """Whether a row is in exactly the form Limber writes, so that it can go to an
    export as it is (the csv module writes None as an empty field); any other row
    is read by `_record` instead.

    The export's fast path: a few type and range checks, cheaper than building a
    record, and true only for what `_record` accepts unchanged.
    """
    _, routine_id, title, started, ended, outcome, done, steps, seconds = row
    return (
        type(routine_id) is str
        and type(title) is str
        and type(steps) is int
        and type(done) is int
        and 0 <= done <= steps <= _MAX_STEPS
        and _is_stored_time(started)
        and (ended is None or _is_stored_time(ended))
        and outcome in _OUTCOME_TEXTS
        and (seconds is None or (type(seconds) is float and 0 <= seconds <= _MAX_SECONDS_ACTIVE))
    )


_OUTCOME_TEXTS = frozenset((None, *(outcome.value for outcome in Outcome)))
_EARLIEST_YEAR_TEXT, _LAST_WHOLE_YEAR_TEXT = f"{_EARLIEST_YEAR:04d}", f"{_LATEST_YEAR - 1:04d}"
# Where `_to_text` puts its separators ("2026-11-21T08:00:00+00:00"). fromisoformat
# also reads a space or any other character for the "T", and a week date
# ("2026-W47-6T..."), in as many characters: those are read the checked way, and
# written back as `_to_text` writes them.
_SEPARATORS_AT = operator.itemgetter(4, 7, 10, 13, 16)
_SEPARATORS = ("-", "-", "T", ":", ":")


def _is_stored_time(text: object) -> bool:
    """Whether `text` is a time exactly as `_to_text` writes it, in a year we accept."""
    if not (type(text) is str and len(text) == 25 and text.endswith("+00:00")):
        return False
    if _SEPARATORS_AT(text) != _SEPARATORS:
        return False
    if not _EARLIEST_YEAR_TEXT <= text[:4] <= _LAST_WHOLE_YEAR_TEXT:
        return False
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def write_csv(
    connection: sqlite3.Connection,
    path: Path,
    opener: Callable[[Path], AbstractContextManager[TextIO]],
    progress: Callable[[int, int], None] | None,
    note_damaged: Callable[[object], None],
) -> int:
    """Every session, oldest first, as CSV through `opener(path)`: see
    `History.export_csv`, which holds the connection's lock around it.

    Each batch is checked a column at a time and formatted (`_batch_text`) by
    functions that run in C, with no Python code per row: so is a batch of rows as
    Limber writes them, almost every batch of a real history. Only a batch holding
    another row is checked and written row by row.
    """
    written = 0
    total = int(connection.execute("SELECT COUNT(*) FROM sessions").fetchone()[0])
    cursor = connection.execute(f"SELECT {_EXPORT_COLUMNS} FROM sessions ORDER BY started_at, id")
    with opener(path) as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        while rows := cursor.fetchmany(EXPORT_BATCH):
            written += _write_batch(rows, stream, writer, note_damaged)
            if progress is not None:
                progress(written, total)
    if progress is not None and total == 0:
        progress(0, 0)
    return written


def write_csv_decoded(
    connection: sqlite3.Connection,
    path: Path,
    opener: Callable[[Path], AbstractContextManager[TextIO]],
    progress: Callable[[int, int], None] | None,
    note_damaged: Callable[[object], None],
) -> int:
    """`write_csv`, its text decoded strictly, or leniently if it must (moved from
    `History.export_csv`, which holds the connection's lock around it)."""
    try:
        # Strict decoding is the faster one; text that is not UTF-8 (edited by
        # hand) stops it, and the export starts again, reading it leniently.
        connection.text_factory = str
        return write_csv(connection, path, opener, progress, note_damaged)
    except sqlite3.OperationalError as error:
        if "decode" not in str(error):
            raise
    finally:
        connection.text_factory = _lenient_text
    return write_csv(connection, path, opener, progress, note_damaged)


# A row's line, exactly as csv.writer writes a row whose values need no quoting:
# str() of each value (a float's shortest repr), comma-separated. Applied by `map`,
# so it runs in C.
_PLAIN_LINE = ",".join(["%s"] * len(CSV_HEADER)).__add__("\n").__mod__
# Characters that may make csv.writer quote a text (or refuse it), whichever the
# version: a text holding one is written the csv module's way (`_csv_fields`).
_QUOTED_CHARACTERS = frozenset(',"\r\n\0')
_NONE = type(None)
_TEXT, _COUNT, _SECONDS = {str}, {int}, {float, _NONE}
_BLANK = {None: ""}  # an empty value, as csv.writer writes None
# The characters every stored time has at these places ("2026-11-21T08:00:00+00:00").
_FIXED_CHARACTERS = tuple(
    (place, character)
    for place, character in enumerate("0000-00-00T00:00:00+00:00")
    if place in (4, 7, 10, 13, 16, *range(19, 25))
)
_STORED_TIME_LENGTH = 25


def _write_batch(
    rows: list[tuple[Any, ...]],
    stream: TextIO,
    writer: Any,
    note_damaged: Callable[[object], None],
) -> int:
    """Write a batch of rows (in CSV_HEADER's order); returns how many were written."""
    text = _batch_text(rows)
    if text is not None:
        stream.write(text)
        return len(rows)
    lines = [
        line
        for line in (
            row if _well_formed(row) else _checked_csv_line(row, note_damaged) for row in rows
        )
        if line is not None
    ]
    writer.writerows(lines)
    return len(lines)


def _batch_text(rows: list[tuple[Any, ...]]) -> str | None:
    """The CSV lines of a (non-empty) batch, exactly as csv.writer writes them, if every
    row passes `_well_formed`; None if one does not (then each row is looked at).

    Checked column by column, and formatted, with functions that run in C (`map`,
    `set`, `min`, slices of one joined string): no Python code runs per row.
    """
    values = list(chain.from_iterable(rows))
    width = len(CSV_HEADER)
    routine_ids, titles = values[1::width], values[2::width]
    started, ended, outcomes = values[3::width], values[4::width], values[5::width]
    done, steps, seconds = values[6::width], values[7::width], values[8::width]
    texts = {*routine_ids, *titles}
    outcome_texts = set(outcomes)
    timed_kinds = set(map(type, seconds))
    if not (
        set(map(type, texts)) == _TEXT
        and set(map(type, steps)) == _COUNT
        and set(map(type, done)) == _COUNT
        and min(done) >= 0
        and max(steps) <= _MAX_STEPS
        and all(map(operator.le, done, steps))
        and outcome_texts <= _OUTCOME_TEXTS
        and timed_kinds <= _SECONDS
    ):
        return None
    untimed, unended = _NONE in timed_kinds, None in ended
    timed = [value for value in seconds if value is not None] if untimed else seconds
    ended_at = [value for value in ended if value is not None] if unended else ended
    if timed and not (min(timed) >= 0 and max(timed) <= _MAX_SECONDS_ACTIVE):
        return None
    if not (_stored_times(started) and _stored_times(ended_at)):
        return None
    # The batch is all in Limber's form: what remains is to write it as csv.writer
    # would, with the few texts it quotes quoted, and None as an empty value.
    quoted = _csv_fields(text for text in texts if not _QUOTED_CHARACTERS.isdisjoint(text))
    gaps = ((4, ended, unended), (5, outcomes, None in outcome_texts), (8, seconds, untimed))
    written_as: list[tuple[int, dict[Any, str], list[Any]]] = [
        (place, _BLANK, column) for place, column, gap in gaps if gap
    ]
    if quoted:
        written_as += [(1, quoted, routine_ids), (2, quoted, titles)]
    if not written_as:
        return "".join(map(_PLAIN_LINE, rows))
    for place, replacements, column in written_as:
        values[place::width] = map(replacements.get, column, column)
    return "".join(map(_PLAIN_LINE, zip(*[iter(values)] * width, strict=True)))


def _csv_fields(texts: Iterable[str]) -> dict[str, str]:
    """Each of `texts` as csv.writer writes it in a field (quoted, or as it is): asked of
    the csv module itself, once a text, so that it is what this Python's version writes."""
    fields = {}
    for text in texts:
        line = io.StringIO()
        csv.writer(line, lineterminator="\n").writerow((text, ""))
        fields[text] = line.getvalue().removesuffix(",\n")
    return fields


def _stored_times(texts: Sequence[object]) -> bool:
    """`_is_stored_time` of every one of `texts`, a column at a time: the texts joined
    into one (which only texts can be), their lengths, then the characters at each
    fixed place, all of them at once (a slice with a step). The years are checked on
    the smallest and largest text alone: of texts of one length, these hold the
    smallest and largest first four characters."""
    if not texts:
        return True
    try:
        joined = "".join(texts)  # type: ignore[arg-type]
    except TypeError:
        return False
    strings: Sequence[str] = texts  # type: ignore[assignment]
    if set(map(len, strings)) != {_STORED_TIME_LENGTH}:
        return False
    for place, character in _FIXED_CHARACTERS:
        if joined[place::_STORED_TIME_LENGTH] != character * len(strings):
            return False
    if not (min(strings)[:4] >= _EARLIEST_YEAR_TEXT and max(strings)[:4] <= _LAST_WHOLE_YEAR_TEXT):
        return False
    try:
        return all(map(datetime.fromisoformat, strings))
    except ValueError:
        return False


def _checked_csv_line(
    row: tuple[Any, ...], note_damaged: Callable[[object], None]
) -> tuple[object, ...] | None:
    """A row (in CSV_HEADER's order) not in Limber's own form: its record,
    normalised, or None if damaged."""
    session_id, routine_id, title, started, ended, outcome, done, steps, seconds = row
    try:
        record = _record(
            (session_id, routine_id, title, started, ended, done, steps, outcome, seconds)
        )
    except DamagedRow:
        note_damaged(row[0])
        return None
    return (
        record.id,
        record.routine_id,
        record.routine_title,
        _to_text(record.started_at),
        "" if record.ended_at is None else _to_text(record.ended_at),
        "" if record.outcome is None else record.outcome.value,
        record.steps_completed,
        record.step_count,
        "" if record.seconds_active is None else record.seconds_active,
    )
