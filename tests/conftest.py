"""Shared fixtures: every test gets its own user folders and settings."""

from __future__ import annotations

import os
import time
from pathlib import Path

# Before anything imports Qt: run headless, whatever the shell says.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

import pytest

# A local zone that is not UTC and changes for daylight saving (UTC-5, UTC-4 in
# summer), whatever the machine says: a time stored or compared in local time
# where UTC is meant (or the other way round) then fails a test instead of
# passing unnoticed on a machine set to UTC.
TEST_TIME_ZONE = "America/New_York"
os.environ["TZ"] = TEST_TIME_ZONE
time.tzset()


@pytest.fixture(autouse=True)
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point XDG folders at a fresh temp dir, so no test sees the real user's files."""
    home = tmp_path / "home"
    for name, sub in (
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
    ):
        folder = home / sub
        folder.mkdir(parents=True)
        monkeypatch.setenv(name, str(folder))
    monkeypatch.setenv("HOME", str(home))
    return home
