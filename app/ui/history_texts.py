"""The history page's texts in the runner's language: headings, counts, and dates and
weeks written with the chosen language's names and order (app/ui/history_page.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime

from app.history import Outcome
from app.i18n import N_, _, current_language, ngettext, pgettext

# The list's column headings, marked here and translated where they are shown.
COLUMNS = (N_("Date"), N_("Routine"), N_("Steps"), N_("Time"), N_("Outcome"))
OUTCOME_TEXT = {
    Outcome.COMPLETED: N_("Completed"),
    Outcome.STOPPED: N_("Stopped early"),
    None: N_("Unfinished"),
}


def _locale() -> QLocale:
    """The chosen language's conventions, for the names of days and months and for
    numbers ("1,204", "1.204")."""
    return QLocale(current_language())


def number_text(number: int) -> str:
    """A count as the runner's language writes it, thousands grouped."""
    return _locale().toString(number)


def started_text(moment: datetime) -> str:
    """When a session started, in the list: weekday, date and time, in the runner's way."""
    started = QDateTime(
        QDate(moment.year, moment.month, moment.day),
        QTime(moment.hour, moment.minute, moment.second),
    )
    # Translators: how the history's list writes when a session started, as a Qt date
    # format (QDateTime::toString: ddd weekday, d day, MMM month, yyyy year, HH:mm
    # time); letters in single quotes are written as they are.
    return _locale().toString(started, pgettext("date format", "ddd dd MMM yyyy, HH:mm"))


def week_label(monday: date) -> str:
    """A week, under its bar in the chart, by its Monday ("7 Jul")."""
    # Translators: the day and month of a week's Monday under the history's chart, as a
    # Qt date format (d day, MMM month); keep it short.
    return _locale().toString(
        QDate(monday.year, monday.month, monday.day), pgettext("date format", "d MMM")
    )


def streak_text(days: int) -> str:
    if days == 0:
        return _("No streak yet: warm up today to start one")
    return ngettext("{count}-day streak", "{count}-day streak", days).format(
        count=number_text(days)
    )


def weeks_as_text(weeks: Sequence[tuple[date, int]]) -> str:
    """The chart's numbers, for when there is no chart."""
    # Translators: "7 Jul: 2, 14 Jul: 3", the weekly counts when no chart can be drawn.
    return _("Warm-ups per week: {weeks}").format(
        # Translators: what is put between the weeks of that line.
        weeks=_(", ").join(
            _("{week}: {count}").format(week=week_label(monday), count=number_text(count))
            for monday, count in weeks
        )
    )


def shown_text(shown: int, total: int) -> str:
    """Under the list, when it does not hold every session."""
    return ngettext(
        "Showing the latest {shown} of {total} session",
        "Showing the latest {shown} of {total} sessions",
        total,
    ).format(shown=number_text(shown), total=number_text(total))


def export_progress_text(done: int, total: int) -> str:
    return ngettext(
        "Exporting… {done} of {total} session written",
        "Exporting… {done} of {total} sessions written",
        total,
    ).format(done=number_text(done), total=number_text(total))
