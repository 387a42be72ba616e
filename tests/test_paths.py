"""Where the user's files are: the same folder whether Qt is asked or not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths

from app import paths

REPO = Path(__file__).resolve().parents[1]
linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the XDG rule is Linux's own"
)


@linux_only
@pytest.mark.parametrize(
    "configured",
    [
        pytest.param("{tmp}/data", id="set"),
        pytest.param(None, id="unset"),
        pytest.param("", id="empty"),
        pytest.param("relative/data", id="relative"),
    ],
)
def test_the_xdg_rule_gives_the_folder_qt_gives(
    configured: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    if configured is None:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_DATA_HOME", configured.format(tmp=tmp_path))
    qt = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    assert paths.xdg_data_home() == Path(qt)


@linux_only
@pytest.mark.parametrize(
    "configured",
    [
        pytest.param("{tmp}/cache", id="set"),
        pytest.param(None, id="unset"),
        pytest.param("relative/cache", id="relative"),
    ],
)
def test_the_cache_folder_follows_the_xdg_rule_as_qt_does(
    configured: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    if configured is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", configured.format(tmp=tmp_path))
    qt = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericCacheLocation)
    assert paths.xdg_cache_home() == Path(qt)
    assert paths.parse_cache_path() == Path(qt) / "limber" / "routines.json"


@linux_only
def test_without_qt_loaded_the_paths_are_those_the_window_uses(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from app import paths\n"
        "print(paths.user_routines_dir(), paths.history_path(), paths.resume_path(),"
        " paths.parse_cache_path())\n"
        "print('PySide6.QtCore' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True
    )
    without_qt, loaded = result.stdout.splitlines()
    assert loaded == "False"
    assert without_qt == (
        f"{paths.user_routines_dir()} {paths.history_path()} {paths.resume_path()}"
        f" {paths.parse_cache_path()}"
    )
