"""The history in words: the last warm-up ("Last warm-up yesterday") and the rows left
out as damaged (split from app/history.py)."""

from __future__ import annotations

from datetime import datetime, tzinfo

from app.history_rows import SessionRecord
from app.i18n import _, ngettext


def damaged_entries_text(count: int) -> str:
    """The line that says rows were skipped as damaged ("2 damaged entries not shown");
    "" for none."""
    if count <= 0:
        return ""
    return ngettext(
        "{count} damaged entry not shown", "{count} damaged entries not shown", count
    ).format(count=count)


def describe_last(record: SessionRecord | None, now: datetime, tz: tzinfo | None = None) -> str:
    """A short line about the last warm-up, by local calendar days: a warm-up at 23:00
    seen at 07:00 was "yesterday", though only eight hours ago.

    `tz` as for `History.open`: None is the system's local zone.
    """
    if record is None:
        return _("No warm-ups yet")
    days = (now.astimezone(tz).date() - record.started_at.astimezone(tz).date()).days
    if days <= 0:  # a clock set back can put it in the future: still today
        return _("Last warm-up today")
    if days == 1:
        return _("Last warm-up yesterday")
    if days < 14:
        return ngettext(
            "Last warm-up {count} day ago", "Last warm-up {count} days ago", days
        ).format(count=days)
    if days < 60:
        return ngettext(
            "Last warm-up {count} week ago", "Last warm-up {count} weeks ago", days // 7
        ).format(count=days // 7)
    if days < 365:
        return ngettext(
            "Last warm-up {count} month ago", "Last warm-up {count} months ago", days // 30
        ).format(count=days // 30)
    years = days // 365
    if years == 1:
        return _("Last warm-up a year ago")
    return ngettext(
        "Last warm-up {count} year ago", "Last warm-up {count} years ago", years
    ).format(count=years)
