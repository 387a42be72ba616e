"""Desktop integration: the launcher file, and `make install-desktop` putting it in place."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DESKTOP_FILE = ROOT / "assets" / "limber.desktop"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP_FILE, encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_desktop_file_launches_limber_with_its_icon() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Limber"
    assert entry["Exec"] == "limber"  # the gui-script pyproject.toml installs
    assert entry["Icon"] == "limber"
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")
    assert {"Utility", "Sports"} <= set(entry["Categories"].split(";"))
    assert entry["StartupWMClass"] == "limber"  # app.setDesktopFileName("limber")
    assert entry["Comment"]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_install_desktop_installs_the_launcher_and_icon(tmp_path: Path) -> None:
    data_home = tmp_path / "share"
    env = {**os.environ, "XDG_DATA_HOME": str(data_home)}
    subprocess.run(
        ["make", "-s", "install-desktop"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    launcher = data_home / "applications" / "limber.desktop"
    icon = data_home / "icons" / "hicolor" / "scalable" / "apps" / "limber.svg"
    assert launcher.read_bytes() == DESKTOP_FILE.read_bytes()
    assert icon.read_bytes() == (ROOT / "assets" / "icon.svg").read_bytes()
