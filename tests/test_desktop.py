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
METAINFO_FILE = ROOT / "assets" / "limber.metainfo.xml"
COMPONENT_ID = "io.github.limber.Limber"


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
    metainfo = data_home / "metainfo" / f"{COMPONENT_ID}.metainfo.xml"
    assert metainfo.read_bytes() == METAINFO_FILE.read_bytes()


def test_the_metainfo_names_the_launcher_and_the_version() -> None:
    from xml.etree import ElementTree

    from app import __version__

    component = ElementTree.parse(METAINFO_FILE).getroot()
    assert component.findtext("id") == COMPONENT_ID
    assert component.findtext("launchable") == DESKTOP_FILE.name
    assert component.findtext("provides/binary") == desktop_entry()["Exec"]
    releases = component.findall("releases/release")
    assert releases[0].get("version") == __version__  # the newest first, with its notes
    assert releases[0].find("description") is not None
    assert component.find("content_rating") is not None


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None, reason="desktop-file-utils is not installed"
)
def test_the_desktop_file_passes_desktop_file_validate() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(DESKTOP_FILE)], capture_output=True, text=True, check=False
    )
    problems = [line for line in result.stdout.splitlines() if ": hint: " not in line]
    assert result.returncode == 0, result.stdout
    assert problems == []


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstream is not installed")
def test_the_metainfo_passes_appstreamcli_validate() -> None:
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO_FILE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
