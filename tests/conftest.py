"""Shared fixtures: every test gets its own user folders and settings."""

from __future__ import annotations

import os
import re
import tempfile
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


@pytest.fixture
def tmp_path(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pytest's own `tmp_path`, made in constant time: a fresh, empty folder of the
    test's own under the run's base folder (kept as pytest keeps it). pytest numbers
    each test's folder by reading every folder made before it, which over the whole
    suite (every test has one, see user_dirs) grows with the square of the tests."""
    name = re.sub(r"\W", "_", request.node.name)[:30]
    return Path(tempfile.mkdtemp(prefix=f"{name}-", dir=tmp_path_factory.getbasetemp()))


@pytest.fixture(autouse=True)
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point XDG folders at a fresh temp dir, so no test sees the real user's files.

    Only the home folder is made: the app makes the folders it writes to, as it
    must on a first run, and a folder made costs a test more than its own work."""
    home = tmp_path / "home"
    home.mkdir()
    for name, sub in (
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
    ):
        monkeypatch.setenv(name, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    return home
