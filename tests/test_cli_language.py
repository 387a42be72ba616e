"""The command line speaks the system's language (LANGUAGE, LC_ALL, LC_MESSAGES, LANG)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from app import i18n
from app.cli import main


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    """`main` installs the system's language: put English back for the next test."""
    with i18n.installed(i18n.ENGLISH):
        yield


@pytest.mark.parametrize(
    ("variable", "value", "title"),
    [
        ("LANGUAGE", "zh_CN", "腰部与下背"),
        ("LANG", "de_DE.UTF-8", "Rumpfmitte & unterer Rücken"),
        ("LANGUAGE", "en_GB", "Waist & lower back"),
    ],
)
def test_limber_list_follows_the_systems_language(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    variable: str,
    value: str,
    title: str,
) -> None:
    # Python's view of the environment only: glibc reads LANGUAGE itself too, and the
    # system's messages (strerror's) would stay Chinese for the tests after this one.
    environ = {name: text for name, text in os.environ.items() if name not in i18n.LOCALE_VARIABLES}
    monkeypatch.setattr(os, "environ", {**environ, variable: value})
    assert main(["list"]) == 0
    assert i18n.current_language() == {"zh_CN": "zh_CN", "de_DE.UTF-8": "de"}.get(value, "en")
    waist = next(line for line in capsys.readouterr().out.splitlines() if " waist " in line)
    assert title in waist
