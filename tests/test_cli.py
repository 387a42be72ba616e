"""The `limber` command line: validate, list, --version, and handing over to the GUI."""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import __version__, i18n, store
from app.cli import _parser, main
from app.commands import display_width, list_routines, validate
from app.loader import load_routine_file
from app.paths import user_routines_dir
from app.routine import Routine, format_duration
from app.session import total_seconds
from app.speech_length import spoken_seconds
from app.store import shipped_library
from tests.pseudo import pseudo_locale, untranslated

REPO = Path(__file__).resolve().parents[1]
TIME_COLUMN = re.compile(r" \d+:\d\d  ")
POSITION = re.compile(r"(\S+:\d+:\d+:) ")

# 10s lead-in + 30s hold + 5s rest + 10 reps x 2s = 65s.
GOOD = """\
title: Evening
lead_in: 10
rest: 5
steps:
  - name: Reach
    instructions: Reach up.
    region: waist
    hold: 30s
  - name: Circles
    instructions: Draw circles.
    region: [feet-ankles, trunk-hips]
    reps: 10
"""

BAD = """\
title: Broken
steps:
  - name: Reach
    instructions: Reach up.
    hodl: 30s
  - name: Circles
    instructions: Draw circles.
    sides: left
    reps: 10
"""


@pytest.fixture(autouse=True)
def english_system(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """`limber` speaks the system's language: English here, whatever the machine's
    locale, unless a test says otherwise; the language is put back afterwards."""
    monkeypatch.setenv("LANGUAGE", "en")
    with i18n.installed(i18n.ENGLISH):
        yield


def load(path: Path) -> Routine:
    return load_routine_file(path, shipped_library())


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def output_lines(capsys: pytest.CaptureFixture[str]) -> list[str]:
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out.splitlines()


# --- validate ----------------------------------------------------------------------------------


def test_validate_summarises_a_valid_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "evening.yaml", GOOD)
    assert main(["validate", str(path)]) == 0
    assert output_lines(capsys) == [f"{path}: OK (Evening, 2 steps, total 1:05)"]


def test_validate_prints_every_problem_and_checks_every_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write(tmp_path, "bad.yaml", BAD)
    missing = tmp_path / "missing.yaml"
    good = write(tmp_path, "good.yaml", GOOD)
    assert main(["validate", str(bad), str(missing), str(good)]) == 1
    assert output_lines(capsys) == [
        f"{bad}:5:5: unknown key 'hodl' (did you mean 'hold'?)",
        f"{bad}:8:12: expected 'one' or 'both', found 'left'",
        f"{missing}:1:1: cannot read file: No such file or directory",
        f"{good}: OK (Evening, 2 steps, total 1:05)",
    ]


# 3 s rests leave no time after the heel raise's and the high knees' announcements;
# the 8 s rest the high knees set for after themselves is enough for the butt kicks'.
TIGHT = """\
title: Tight
lead_in: 10
rest: 3
steps:
  - stretch: hip-circles
  - stretch: supported-heel-raise
  - stretch: high-knees
    rest: 8
  - stretch: butt-kicks
"""


def test_validate_warns_when_a_pause_is_too_short_for_its_announcement(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A warning, not an error: the file works (the app then says the name earlier)."""
    path = write(tmp_path, "tight.yaml", TIGHT)
    assert main(["validate", str(path)]) == 0
    spoken = spoken_seconds("Next: Supported heel raise. Up and down.")
    high_knees = spoken_seconds("Next: High knees. Quick feet, tall back.")
    assert output_lines(capsys) == [
        f"{path}:6:5: warning: the 3 s rest before 'Supported heel raise' is too short for "
        f"its announcement ({spoken:.1f} s at the normal speaking rate, then 1.5 s to get "
        f"into position): make it at least {math.ceil(spoken + 1.5)} s, or give the step a "
        "shorter 'say'",
        f"{path}:7:5: warning: the 3 s rest before 'High knees' is too short for its "
        f"announcement ({high_knees:.1f} s at the normal speaking rate, then 1.5 s to get "
        f"into position): make it at least {math.ceil(high_knees + 1.5)} s, or give the step "
        "a shorter 'say'",
        f"{path}: OK (Tight, 4 steps, total {format_duration(total_seconds(load(path)))})",
    ]


def test_validate_warns_when_a_picture_of_your_own_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A warning, not an error: the routine runs, without that picture."""
    text = (
        "title: Mine\nrest: 20s\nsteps:\n  - name: Wall push\n    instructions: Push.\n"
        "    picture: pictures/gone.png\n    hold: 30s\n"
    )
    path = write(tmp_path, "mine.yaml", text)
    assert main(["validate", str(path)]) == 0
    lines = output_lines(capsys)
    assert lines[0] == (
        f"{path}:4:5: warning: the picture {tmp_path / 'pictures' / 'gone.png'} is missing: "
        "'Wall push' is shown without one"
    )
    assert lines[-1].startswith(f"{path}: OK (Mine, 1 step, total ")


def test_every_shipped_routine_validates_without_a_warning(
    capsys: pytest.CaptureFixture[str],
) -> None:
    files = sorted(
        path for path in (REPO / "routines").glob("*.yaml") if path.name != "stretches.yaml"
    )
    assert main(["validate", *map(str, files)]) == 0
    assert all(": OK (" in line for line in output_lines(capsys))


def test_validate_refuses_a_file_over_the_cap_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    huge = write(tmp_path, "huge.yaml", GOOD + "#" * (256 * 1024))
    good = write(tmp_path, "good.yaml", GOOD)
    assert main(["validate", str(huge), str(good)]) == 1
    assert output_lines(capsys) == [
        f"{huge}:1:1: file is larger than 256 KiB: routine files are small text files",
        f"{good}: OK (Evening, 2 steps, total 1:05)",
    ]


def test_validate_checks_a_stretch_library_as_a_library(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = write(
        tmp_path,
        "stretches.yaml",
        "reach:\n  name: Reach\n  region: waist\n  instructions: Up.\n  cue: Tall.\n",
    )
    assert main(["validate", str(library)]) == 0
    assert output_lines(capsys) == [f"{library}: OK (stretch library, 1 stretch)"]


def test_validate_uses_the_shipped_library(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "one.yaml", "title: One\nsteps:\n  - stretch: lunge-pres\n")
    assert main(["validate", str(path)]) == 1
    assert output_lines(capsys) == [
        f"{path}:3:14: unknown stretch 'lunge-pres' (did you mean 'lunge-press'?)"
    ]


def test_validate_reports_a_broken_shipped_library(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = write(tmp_path / "shipped", "stretches.yaml", "reach: [\n")
    monkeypatch.setattr(store, "bundled_library_file", lambda: library)
    routine = write(tmp_path, "evening.yaml", GOOD)
    assert main(["validate", str(routine)]) == 1
    assert output_lines(capsys) == [
        f"{library}:2:1: invalid YAML: while parsing a flow node, "
        "expected the node content, but found '<stream end>'"
    ]


def test_validate_needs_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["validate"])
    assert info.value.code == 2
    assert "the following arguments are required: FILE" in capsys.readouterr().err


# --- list --------------------------------------------------------------------------------------


def test_list_shows_shipped_and_user_routines(capsys: pytest.CaptureFixture[str]) -> None:
    folder = user_routines_dir()
    write(folder, "evening.yaml", GOOD)
    broken = write(folder, "broken.yaml", BAD)
    assert main(["list"]) == 0
    lines = output_lines(capsys)
    assert lines[0].split()[:3] == ["full-warmup", "Full", "warm-up"]
    assert lines[0].startswith("  full-warmup ")
    assert "Trunk & hips, Waist, Thighs & knees, Calves & Achilles, Feet & ankles" in lines[0]
    user_lines = [line for line in lines[:-2] if line.startswith("* ")]
    assert [line.split()[:3] for line in user_lines] == [
        ["*", "broken", "broken.yaml"],
        ["*", "evening", "Evening"],
    ]
    assert user_lines[0].endswith(f"error: {broken}:5:5: unknown key 'hodl' (did you mean 'hold'?)")
    assert user_lines[1].endswith("  1:05  Trunk & hips, Waist, Feet & ankles")
    assert lines[-2:] == ["", f"* your own routines, from {folder}"]


def test_list_aligns_its_columns(capsys: pytest.CaptureFixture[str]) -> None:
    write(user_routines_dir(), "evening.yaml", GOOD)
    assert main(["list"]) == 0
    lines = output_lines(capsys)
    full = next(line for line in lines if line.startswith("  full-warmup "))
    evening = next(line for line in lines if line.startswith("* evening "))
    assert full.index("Full warm-up") == evening.index("Evening")
    full_time, evening_time = (TIME_COLUMN.search(line) for line in (full, evening))
    assert full_time is not None
    assert evening_time is not None
    assert full_time.end() == evening_time.end()


# --- options and the GUI -----------------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out == f"limber {__version__}\n"


@pytest.fixture
def launches(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str | None, bool]]:
    """Stand in for app.ui, so the tests see what the GUI would be asked to do."""
    calls: list[tuple[str | None, bool]] = []

    def launch(routine: str | None, start: bool) -> int:
        calls.append((routine, start))
        return 7

    fake = types.ModuleType("app.ui")
    fake.launch = launch  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "app.ui", fake)
    return calls


def test_no_command_starts_the_gui(launches: list[tuple[str | None, bool]]) -> None:
    assert main([]) == 7
    assert launches == [(None, False)]


def test_routine_and_start_are_passed_to_the_gui(launches: list[tuple[str | None, bool]]) -> None:
    assert main(["--routine", "waist", "--start"]) == 7
    assert launches == [("waist", True)]


def test_routine_with_a_subcommand_is_a_usage_error(
    launches: list[tuple[str | None, bool]], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--routine", "waist", "list"])
    assert info.value.code == 2
    assert "--routine and --start are for starting the app" in capsys.readouterr().err
    assert launches == []


def test_validate_and_list_never_load_the_qt_widgets(tmp_path: Path) -> None:
    path = write(tmp_path, "evening.yaml", GOOD)
    script = (
        "import sys\n"
        "from app.cli import main\n"
        f"codes = (main(['validate', {str(path)!r}]), main(['list']))\n"
        "print(codes, 'PySide6.QtWidgets' in sys.modules, 'app.ui' in sys.modules)\n"
        "print('PySide6.QtCore' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True
    )
    widgets, core = result.stdout.splitlines()[-2:]
    assert widgets == "(0, 0) False False"
    # Nor QtCore, on Linux: its import was most of their start-up (app.paths).
    assert core == str(not sys.platform.startswith("linux"))


def test_python_dash_m_app_runs_the_command_line(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.yaml", BAD)
    result = subprocess.run(
        [sys.executable, "-m", "app", "validate", str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{path}:5:5: unknown key 'hodl' (did you mean 'hold'?)",
        f"{path}:8:12: expected 'one' or 'both', found 'left'",
    ]


# --- output a terminal can take ----------------------------------------------------------------


def test_a_file_name_a_terminal_would_act_on_is_printed_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "evil\x1b[2J\u202e.yaml", GOOD)
    assert main(["validate", str(path)]) == 0
    (line,) = output_lines(capsys)
    assert "\x1b" not in line
    assert "\u202e" not in line
    assert line == f"{tmp_path}/evil\\x1b[2J\\u202e.yaml: OK (Evening, 2 steps, total 1:05)"


def test_a_file_name_that_is_not_utf8_is_printed_byte_for_byte(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = user_routines_dir()
    folder.mkdir(parents=True)
    (folder / os.fsdecode(b"caf\xe9.yaml")).write_text(GOOD, encoding="utf-8")
    path = write(tmp_path, os.fsdecode(b"\xff.yaml"), BAD)
    assert main(["validate", str(path)]) == 1
    assert (
        output_lines(capsys)[0]
        == f"{tmp_path}/\\xff.yaml:5:5: unknown key 'hodl' (did you mean 'hold'?)"
    )
    assert main(["list"]) == 0
    (mine,) = [line for line in output_lines(capsys)[:-2] if line.startswith("* ")]
    assert mine.split()[:3] == ["*", "caf\ufffd", "caf\\xe9.yaml"]
    assert mine.endswith(":1:1: the file name is not valid UTF-8: rename the file to use it")


def test_list_says_when_the_routines_folder_cannot_be_read(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = user_routines_dir()
    write(folder, "evening.yaml", GOOD)
    real_scandir = os.scandir

    def refused(path: object) -> object:
        if Path(str(path)) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "scandir", refused)
    assert main(["list"]) == 0
    lines = output_lines(capsys)
    assert not any(line.startswith("* ") for line in lines[:-3])
    assert lines[-1] == f"Your routines folder cannot be read (Permission denied): {folder}"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_validate_on_a_named_pipe_returns_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    assert main(["validate", str(pipe), str(tmp_path)]) == 1
    assert output_lines(capsys) == [
        f"{pipe}:1:1: cannot read file: it is a named pipe, not a routine file",
        f"{tmp_path}:1:1: cannot read file: it is a folder, not a routine file",
    ]


def run_limber(
    *args: str, env: dict[str, str], **kwargs: object
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "app", *args],
        cwd=REPO,
        capture_output=True,
        check=False,
        env={**os.environ, **env},
        **kwargs,
    )


LOCALES = [
    pytest.param({"LC_ALL": "C", "PYTHONIOENCODING": ""}, "utf-8", id="LC_ALL=C"),
    # No Latin-1 locale need be installed: the encoding Python would pick under one.
    pytest.param(
        {"LC_ALL": "C", "PYTHONIOENCODING": "iso-8859-1", "PYTHONUTF8": "0"},
        "iso-8859-1",
        id="latin-1",
    ),
]


@pytest.mark.parametrize(("env", "encoding"), LOCALES)
def test_validate_and_list_under_a_narrow_locale(
    tmp_path: Path, env: dict[str, str], encoding: str
) -> None:
    good = write(tmp_path, "dash.yaml", GOOD.replace("title: Evening", "title: Evening — ☀ 晚"))
    bad = write(tmp_path, "bad—.yaml", BAD)
    result = run_limber("validate", str(good), str(bad), env=env)
    assert result.returncode == 1
    assert result.stderr == b""
    lines = result.stdout.decode(encoding).splitlines()
    if encoding == "utf-8":
        assert lines[0] == f"{good}: OK (Evening — ☀ 晚, 2 steps, total 1:05)"
    else:
        assert lines[0] == f"{good}: OK (Evening ? ? ?, 2 steps, total 1:05)"
        # An ASCII file system encoding: the name's bytes, shown as bytes.
        assert lines[1].startswith(f"{tmp_path}/bad\\xe2\\x80\\x94.yaml:5:5: unknown key 'hodl'")
    listed = run_limber("list", env=env)
    assert (listed.returncode, listed.stderr) == (0, b"")
    assert b"full-warmup" in listed.stdout


def test_a_closed_pipe_ends_quietly_with_the_sigpipe_status(tmp_path: Path) -> None:
    files = [str(write(tmp_path, f"r{number}.yaml", GOOD)) for number in range(300)]
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "validate", *files],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.readline()  # `| head -1`
    process.stdout.close()
    with process.stderr:
        errors = process.stderr.read()
    assert process.wait(timeout=60) == 141
    assert errors == b""


# --- in the runner's language ------------------------------------------------------------------

# A file with one of each kind of mistake the checker words (the positions, the file
# name and what the user wrote stay as they are; every word around them is translated).
MANY_MISTAKES = """\
lead_in: "ten"
rest: [5]
steps:
  - name: Reach
    instructions: Reach up.
    hodl: 30s
  - name: Circles
    instructions: Draw circles.
    sides: left
    reps: 100000
  - stretch: lunge-pres
    hold: 30
  - lunge-press
  - name: Hips
    region: hipz
    instructions: 12
    hold: 9999
  - stretch: lunge-press
    region: waist
    reps: 5
    hold: 3
  - cue: Breathe.
    kind: sprint
    tempo: 2
    name: Twice
    name: Again
"""
# The user's own words in MANY_MISTAKES and TIGHT, as the messages quote them.
USER_WORDS = {
    "'ten'", "'hodl'", "'hold'", "'left'", "'lunge-pres'", "'lunge-press'", "'hipz'",
    "'stretch: lunge-press'", "'sprint'", "'name'", "'one'", "'both'", "'Supported heel raise'",
    "'High knees'", "Tight",
}  # fmt: skip


def _keys_and_ids() -> set[str]:
    """The format's keys and ids, which stay as the file writes them in every language."""
    from app.loader import ROUTINE_KEYS, STEP_KEYS, STRETCH_KEYS
    from app.regions import Region
    from app.routine import Kind

    words = {*ROUTINE_KEYS, *STEP_KEYS, *STRETCH_KEYS}
    ids = {*(region.value for region in Region), *(kind.value for kind in Kind)}
    return {*(f"'{word}'" for word in words), *ids, "'stretch: <id>'"}


def test_validate_says_every_problem_in_the_pseudo_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = write(tmp_path, "mistakes.yaml", MANY_MISTAKES)
    tight = write(tmp_path, "tight.yaml", TIGHT)
    library = REPO / "routines" / "stretches.yaml"
    with pseudo_locale():
        assert validate([broken, tight, library, tmp_path]) == 1
    lines = output_lines(capsys)
    assert len(lines) >= 18  # every mistake, both warnings, two OK lines, the folder
    files = {str(path) for path in (broken, tight, library, tmp_path)}
    positions = {match[1] for line in lines if (match := POSITION.match(line))}
    allowed = {*files, *positions, *USER_WORDS, *_keys_and_ids()}
    assert untranslated(lines, allowed=allowed) == []


def test_list_shows_every_line_in_the_pseudo_language(capsys: pytest.CaptureFixture[str]) -> None:
    folder = user_routines_dir()
    write(folder, "evening.yaml", GOOD)
    broken = write(folder, "broken.yaml", BAD)
    with pseudo_locale():
        assert list_routines() == 0
    lines = output_lines(capsys)
    ids = {line[2:].split()[0] for line in lines[:-2]}  # the last two: a gap, the key
    allowed = {*ids, "Evening", broken.name, f"{broken}:5:5:", "'hodl'", "'hold'", str(folder)}
    assert untranslated(lines, allowed=allowed) == []


def test_the_help_is_in_the_pseudo_language(capsys: pytest.CaptureFixture[str]) -> None:
    with pseudo_locale():
        parser = _parser()
        helps = [parser.format_help(), parser.format_usage()]
        for command in ("validate", "list"):
            with pytest.raises(SystemExit):
                parser.parse_args([command, "--help"])
            helps.append(capsys.readouterr().out)
        with pytest.raises(SystemExit):
            parser.error("--start")
        helps.append(capsys.readouterr().err)
    # argparse wraps lines, and a translated text with them: one text per help.
    texts = [" ".join(help_text.split()) for help_text in helps]
    names = {"limber", "validate", "list", "COMMAND", "FILE", "ID_OR_PATH", "stretches.yaml"}
    options = {"-h", "--help", "--version", "--routine", "--start", "`limber list`"}
    assert untranslated(texts, allowed=names | options) == []


def test_validate_speaks_the_systems_language(tmp_path: Path) -> None:
    """In a process of its own: the language comes from the environment, which a test
    should not change in-process (the C library then translates its own messages too)."""
    broken = write(tmp_path, "broken.yaml", BAD)
    good = write(tmp_path, "evening.yaml", GOOD)
    german = run_limber("validate", str(good), str(broken), env={"LANGUAGE": "de"})
    assert (german.returncode, german.stderr) == (1, b"")
    assert german.stdout.decode().splitlines() == [
        f"{good}: OK (Evening, 2 Schritte, insgesamt 1:05)",
        f"{broken}:5:5: unbekanntes Feld 'hodl' (meintest du 'hold'?)",
        f"{broken}:8:12: erwartet: 'one' oder 'both', gefunden: 'left'",
    ]
    chinese = run_limber("validate", str(good), str(broken), env={"LANGUAGE": "zh_CN"})
    assert chinese.stdout.decode().splitlines() == [
        f"{good}: 没有问题（Evening，2 步，共 1:05）",
        f"{broken}:5:5: 未知字段 'hodl'（你是想写 'hold' 吗？）",
        f"{broken}:8:12: 应为 'one' 或 'both'，实际为：'left'",
    ]


def test_a_warning_writes_its_decimals_as_the_language_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "tight.yaml", TIGHT)
    i18n.install_language("de")
    assert validate([path]) == 0
    warning = output_lines(capsys)[0]
    assert warning.startswith(f"{path}:6:5: Warnung: Die Pause von 3 s vor ")
    assert "dann 1,5 s, um in Position zu kommen" in warning


def test_list_lines_up_chinese_titles_by_their_width_on_screen(
    capsys: pytest.CaptureFixture[str],
) -> None:
    write(user_routines_dir(), "evening.yaml", GOOD)
    i18n.install_language("zh_CN")
    assert list_routines() == 0
    rows = [line for line in output_lines(capsys) if TIME_COLUMN.search(line)]
    assert any(display_width(line) != len(line) for line in rows)  # Chinese titles
    time_ends = {display_width(line[: TIME_COLUMN.search(line).end()]) for line in rows}  # type: ignore[union-attr]
    assert len(time_ends) == 1
    assert "大腿与膝盖、小腿与跟腱、足部与脚踝" in "\n".join(rows)


def test_the_help_is_in_german() -> None:
    i18n.install_language("de")
    help_text = _parser().format_help()
    assert help_text.startswith("Aufruf: limber [-h]")
    assert "\nOptionen:\n" in help_text
    assert "diese Hilfe anzeigen und beenden" in help_text
    assert "\nBefehle:\n" in help_text
