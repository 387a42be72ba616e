"""Limber at any size: histories of 100 / 10,000 / 100,000 sessions with folders of
0 / 100 / 1,000 routines of the runner's own (issue 15).

Each size is built in a temporary folder and a real window is started on it
(benchmarks/scale_child.py) that reports start-up to first paint and to the
routines listed, opening History, exporting the CSV, the done page's figures,
opening History again, the worst stall of a 10 ms probe timer on the GUI thread during each, and,
while a held stretch counts down, the PSS of the window and its cue worker summed
and their CPU time a minute. `limber validate` of every routine file and
`limber list` are timed as commands, without the parse cache and with it, and
the CSV export on its own, in a process without a window.
Medians of ROUNDS fresh processes. `--routines-only` times only the two
commands, at 0 / 100 / 1,000 routines, without building histories or windows;
`--export-only` only the CSV export, in the window (its wall time, and its
thread's CPU time) and on its own, at each size.

The countdown's memory and CPU are those of a runner whose sound works: where
../shared/tools/sound-sandbox.sh and pulseaudio are there, the windows play to
a private PulseAudio null sink (the cue worker then carries both sounds and
words; with no sound server it lets go of the sounds at once and of the voice
after 20 s, which would leave the window alone). The header says which.

`python benchmarks/scale.py [--rounds N] [--checkout DIR]`: DIR is another
checkout to measure the same way (the code before a change, say). On a shared
machine, run it under `nice -n -15` (as root) so the figures are Limber's, not
the neighbours'.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SANDBOX = ROOT.parent / "shared" / "tools" / "sound-sandbox.sh"
SIZES = ((100, 0), (10_000, 100), (100_000, 1_000))  # (sessions, routines of one's own)
ROUNDS = 3
# Targets (issue 15).
MAX_STALL = 0.050
MAX_GROWTH = 1.20  # the window's timings at any size, against the smallest size's
MAX_EXPORT_100K = 0.5
MAX_VALIDATE_1000 = 0.6
MAX_PSS_MIB = 101.0
MAX_CPU_MS_PER_MINUTE = 150.0


def build_history(path: Path, sessions: int) -> None:
    """`sessions` warm-ups, one every two hours back from now (about 23 years for
    100,000), a day missed ten days ago (so the streak is ten days), every seventh
    stopped early."""
    now = datetime.now(UTC).replace(microsecond=0)
    missed = (now - timedelta(days=10)).date()
    rows = []
    for back in range(sessions):
        start = now - timedelta(hours=2 * back + 1)
        if start.date() == missed:
            start -= timedelta(days=1)
        stopped = back % 7 == 3
        end = start + timedelta(minutes=6)
        rows.append(
            (
                "full-warmup",
                "Full warm-up",
                start.isoformat(timespec="seconds"),
                end.isoformat(timespec="seconds"),
                3 if stopped else 8,
                8,
                "stopped" if stopped else "completed",
                120.0 if stopped else 360.0,
            )
        )
    # The file made as the app makes it (its own schema and migrations), then
    # filled in one transaction: far quicker than 100,000 History.finish calls.
    from app.history import History

    History.open(path).close()
    connection = sqlite3.connect(path)
    with connection:
        connection.executemany(
            "INSERT INTO sessions (routine_id, routine_title, started_at, ended_at,"
            " steps_completed, step_count, outcome, seconds_active)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    connection.close()


def build_routines(folder: Path, count: int) -> list[Path]:
    """`count` routine files of the runner's own, copies of the shipped ones retitled."""
    folder.mkdir(parents=True, exist_ok=True)
    shipped = sorted(
        path for path in (ROOT / "routines").glob("*.yaml") if path.name != "stretches.yaml"
    )
    made = []
    for number in range(count):
        text = shipped[number % len(shipped)].read_text(encoding="utf-8")
        text = text.replace("title: ", f"title: Mine {number:04d}, ", 1)
        path = folder / f"mine-{number:04d}.yaml"
        path.write_text(text, encoding="utf-8")
        # Written a day ago, as a runner's files are: the parse cache keeps only
        # files that have settled (app.parse_cache.SETTLING_SECONDS).
        yesterday = time.time() - 86_400
        os.utime(path, (yesterday, yesterday))
        made.append(path)
    return made


# What the countdown's CPU and memory are measured on: a held stretch, whose figure
# is still, so that the figure is the countdown page's (a moving one is drawn 17
# times a second; benchmarks/motion.py measures that).
HELD_STRETCH = """\
title: A held stretch
lead_in: 5s
steps:
  - stretch: kneeling-ankle-press
    hold: 3m
"""


def build_home(home: Path, sessions: int, routines: int) -> list[Path]:
    """A user's data folder under `home` with a history of `sessions` and `routines`
    routine files of their own (returned)."""
    data = home / "data" / "limber"
    data.mkdir(parents=True)
    build_history(data / "history.sqlite3", sessions)
    return build_routines(data / "routines", routines)


@contextlib.contextmanager
def sound_server() -> Iterator[str]:
    """A private PulseAudio null sink for every window started meanwhile (through
    os.environ), if one can be had; yields what the header says of the sound."""
    if not SANDBOX.exists() or not shutil.which("pulseaudio"):
        yield "none (no sound-sandbox.sh or pulseaudio)"
        return
    folder = tempfile.mkdtemp(prefix="limber-scale-sound-")
    exports = subprocess.run(
        ["bash", str(SANDBOX), "start", folder], capture_output=True, text=True, check=True
    ).stdout
    saved = dict(os.environ)
    for assignment in exports.replace("export ", "").split():
        name, _, value = assignment.partition("=")
        os.environ[name] = value
    try:
        yield "a PulseAudio null sink"
    finally:
        os.environ.clear()
        os.environ.update(saved)
        for daemon in ("speechd", "speech-dispatcher"):
            subprocess.run(["pkill", "-f", f"{daemon}.*{folder}"], check=False)
        subprocess.run(["bash", str(SANDBOX), "stop", folder], check=False)
        shutil.rmtree(folder, ignore_errors=True)


def environment(home: Path, checkout: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(checkout),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
    }
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def window_figures(home: Path, checkout: Path, *, export_only: bool = False) -> dict[str, float]:
    (home / "data" / "limber" / "resume.json").unlink(missing_ok=True)
    export = home / "export.csv"
    started = time.time()
    child = [
        sys.executable,
        str(ROOT / "benchmarks" / "scale_child.py"),
        repr(started),
        str(export),
    ]
    output = subprocess.run(
        child + (["--export-only"] if export_only else []),
        check=True,
        capture_output=True,
        text=True,
        env=environment(home, checkout),
        cwd=checkout,
        timeout=300,
    ).stdout
    figures: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return figures


# The export on its own, in a process of its own (no window): what the window's
# export is compared with. Prints the seconds `History.export_csv` took, and the
# CPU time of its thread.
EXPORT_ALONE = """
import sys, time
from pathlib import Path
from app.history import History
with History.open(Path(sys.argv[1])) as history:
    began, began_cpu = time.perf_counter(), time.thread_time()
    history.export_csv(Path(sys.argv[2]))
    print(time.perf_counter() - began, time.thread_time() - began_cpu)
"""


def export_alone_seconds(home: Path, checkout: Path) -> tuple[float, float]:
    """The export on its own: its wall time and its thread's CPU time, in seconds."""
    output = subprocess.run(
        [
            sys.executable,
            "-c",
            EXPORT_ALONE,
            str(home / "data" / "limber" / "history.sqlite3"),
            str(home / "export-alone.csv"),
        ],
        check=True,
        capture_output=True,
        text=True,
        env=environment(home, checkout),
        cwd=checkout,
    ).stdout
    wall, cpu = output.strip().splitlines()[-1].split()
    return float(wall), float(cpu)


def command_seconds(home: Path, checkout: Path, arguments: list[str]) -> float:
    began = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "app", *arguments],
        check=True,
        stdout=subprocess.DEVNULL,
        env=environment(home, checkout),
        cwd=checkout,
    )
    return time.perf_counter() - began


def measure(home: Path, checkout: Path, files: list[Path], rounds: int) -> dict[str, float]:
    runs: list[dict[str, float]] = []
    for _ in range(rounds):
        figures = window_figures(home, checkout)
        figures["export_alone"], figures["export_alone_cpu"] = export_alone_seconds(home, checkout)
        figures.update(command_figures(home, checkout, files))
        runs.append(figures)
    return {name: statistics.median(run[name] for run in runs) for name in runs[0]}


def command_figures(home: Path, checkout: Path, files: list[Path]) -> dict[str, float]:
    """`limber validate` of every file and `limber list`: first with no parse cache
    (as on the first run, or after an upgrade), then with the cache the first made."""
    shutil.rmtree(home / "cache", ignore_errors=True)
    validate = ["validate", *map(str, files)]
    return {
        "validate_cold": command_seconds(home, checkout, validate),
        "validate": command_seconds(home, checkout, validate),
        "list_cold": _cold(home, lambda: command_seconds(home, checkout, ["list"])),
        "list": command_seconds(home, checkout, ["list"]),
    }


def _cold(home: Path, run: Callable[[], float]) -> float:
    shutil.rmtree(home / "cache", ignore_errors=True)
    return run()


def routine_commands(rounds: int, checkout: Path) -> int:
    """Only `limber validate` and `limber list`, at 0 / 100 / 1,000 routines (no window)."""
    compileall.compile_dir(checkout / "app", quiet=1)
    rows = []
    with tempfile.TemporaryDirectory(prefix="limber-scale-") as scratch:
        for _, routines in SIZES:
            home = Path(scratch) / f"routines-{routines}"
            files = build_routines(home / "data" / "limber" / "routines", routines)
            if not files:
                files = sorted((checkout / "routines").glob("[!s]*.yaml"))
            runs = [command_figures(home, checkout, files) for _ in range(rounds)]
            rows.append({key: statistics.median(run[key] for run in runs) for key in runs[0]})
    print(f"routine commands (medians of {rounds}, nice {os.nice(0)}, checkout {checkout})")
    print("| command | " + " | ".join(f"{r:,} routines" for _, r in SIZES) + " |")
    print("|---" * (len(SIZES) + 1) + "|")
    for name, key in COMMAND_ROWS:
        print(f"| {name} | " + " | ".join(cell(row[key], "ms") for row in rows) + " |")
    met = rows[-1]["validate"] < MAX_VALIDATE_1000
    print(f"  {'met' if met else 'NOT MET':8}validate of 1,000 files under {MAX_VALIDATE_1000} s")
    return 0


COMMAND_ROWS = (
    ("`limber validate` (every file), no cache", "validate_cold"),
    ("`limber validate` (every file), cached", "validate"),
    ("`limber list`, no cache", "list_cold"),
    ("`limber list`, cached", "list"),
)


ROWS = (
    ("start-up: first paint", "first_paint", "ms"),
    ("start-up: routines listed", "listed", "ms"),
    ("History opened (H)", "history", "ms"),
    ("Export CSV", "export", "ms"),
    ("Export CSV, on its own (no window)", "export_alone", "ms"),
    ("Export CSV, its thread's CPU (window)", "export_cpu", "ms"),
    ("Export CSV, its thread's CPU (on its own)", "export_alone_cpu", "ms"),
    ("done page figures", "done", "ms"),
    ("History opened again", "history_again", "ms"),
    ("worst GUI stall: start-up", "stall_start_up", "ms"),
    ("worst GUI stall: History", "stall_history", "ms"),
    ("worst GUI stall: export", "stall_export", "ms"),
    ("worst GUI stall: done page", "stall_done", "ms"),
    ("worst GUI stall: History again", "stall_history_again", "ms"),
    ("`limber validate` (every file), no cache", "validate_cold", "ms"),
    ("`limber validate` (every file), cached", "validate", "ms"),
    ("`limber list`, no cache", "list_cold", "ms"),
    ("`limber list`, cached", "list", "ms"),
    ("memory counting down (PSS, all processes)", "pss_kib", "MiB"),
    ("memory counting down: the window alone", "pss_window_kib", "MiB"),
    ("CPU counting down, per minute", "cpu_ms_per_minute", "cpu"),
)


def export_figures(rounds: int, checkout: Path) -> int:
    """Only the CSV export, at each size: in the window and on its own, alternately."""
    compileall.compile_dir(checkout / "app", quiet=1)
    results = []
    with tempfile.TemporaryDirectory(prefix="limber-scale-") as scratch:
        for sessions, routines in SIZES:
            home = Path(scratch) / f"{sessions}-{routines}"
            build_home(home, sessions, routines)
            runs = []
            for _ in range(rounds):
                figures = window_figures(home, checkout, export_only=True)
                alone, alone_cpu = export_alone_seconds(home, checkout)
                runs.append({**figures, "export_alone": alone, "export_alone_cpu": alone_cpu})
            results.append(
                {key: statistics.median(run[key] for run in runs) for key in EXPORT_KEYS}
            )
    print(f"export (medians of {rounds}, nice {os.nice(0)}, checkout {checkout})")
    header = " | ".join(f"{sessions:,} sessions" for sessions, _ in SIZES)
    print(f"| work | {header} |")
    print("|---" * (len(SIZES) + 1) + "|")
    for name, key, unit in ROWS:
        if key in EXPORT_KEYS:
            print(f"| {name} | " + " | ".join(cell(row[key], unit) for row in results) + " |")
    met = results[-1]["export"] < MAX_EXPORT_100K
    print(f"  {'met' if met else 'NOT MET':8}CSV of 100,000 under {MAX_EXPORT_100K} s")
    return 0


# What `--export-only` measures (keys of ROWS).
EXPORT_KEYS = ("export", "export_alone", "export_cpu", "export_alone_cpu", "stall_export")


def cell(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value * 1000:,.0f} ms"
    if unit == "MiB":
        return f"{value / 1024:.1f} MiB"
    return f"{value:,.0f} ms"


def table(results: list[dict[str, float]]) -> str:
    header = " | ".join(
        f"{sessions:,} sessions, {routines:,} routines" for sessions, routines in SIZES
    )
    lines = [f"| work | {header} |", "|---" * (len(SIZES) + 1) + "|"]
    for name, key, unit in ROWS:
        lines.append(f"| {name} | " + " | ".join(cell(r[key], unit) for r in results) + " |")
    return "\n".join(lines)


def verdicts(results: list[dict[str, float]]) -> list[str]:
    smallest, largest = results[0], results[-1]
    stalls = [r[key] for r in results for _, key, _ in ROWS if key.startswith("stall_")]
    grown = max(
        r[key] / smallest[key]
        for r in results
        for key in ("listed", "history", "done", "history_again")
        if smallest[key] > 0
    )
    checks = (
        (f"no GUI stall over {MAX_STALL * 1000:.0f} ms", max(stalls) <= MAX_STALL),
        (f"window timings within {MAX_GROWTH:.0%} of the smallest size's", grown <= MAX_GROWTH),
        (f"CSV of 100,000 under {MAX_EXPORT_100K} s", largest["export"] < MAX_EXPORT_100K),
        (
            f"validate of 1,000 files under {MAX_VALIDATE_1000} s",
            largest["validate"] < MAX_VALIDATE_1000,
        ),
        (
            f"memory counting down at most {MAX_PSS_MIB:.0f} MiB",
            max(r["pss_kib"] for r in results) / 1024 <= MAX_PSS_MIB,
        ),
        (
            f"CPU counting down at most {MAX_CPU_MS_PER_MINUTE:.0f} ms a minute",
            max(r["cpu_ms_per_minute"] for r in results) <= MAX_CPU_MS_PER_MINUTE,
        ),
    )
    return [f"  {'met' if ok else 'NOT MET':8}{what}" for what, ok in checks] + [
        f"  (the slowest window timing is {grown:.2f}x the smallest size's;"
        f" the worst stall {max(stalls) * 1000:.0f} ms)"
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--checkout", type=Path, default=ROOT)
    parser.add_argument(
        "--routines-only",
        action="store_true",
        help="time only `limber validate` and `limber list` (no window, no history)",
    )
    parser.add_argument(
        "--export-only",
        action="store_true",
        help="time only the CSV export, in the window and on its own",
    )
    args = parser.parse_args()
    checkout = args.checkout.resolve()
    if args.routines_only:
        return routine_commands(args.rounds, checkout)
    if args.export_only:
        return export_figures(args.rounds, checkout)
    compileall.compile_dir(checkout / "app", quiet=1)
    results = []
    with sound_server() as sound, tempfile.TemporaryDirectory(prefix="limber-scale-") as scratch:
        for sessions, routines in SIZES:
            home = Path(scratch) / f"{sessions}-{routines}"
            files = build_home(home, sessions, routines)
            routines_dir = home / "data" / "limber" / "routines"
            (routines_dir / "held-stretch.yaml").write_text(HELD_STRETCH, encoding="utf-8")
            if not files:  # nothing of one's own: validate the shipped routines
                files = sorted((checkout / "routines").glob("[!s]*.yaml"))
            results.append(measure(home, checkout, files, args.rounds))
    niceness = os.nice(0)
    print(
        f"scale (medians of {args.rounds} fresh windows a size, platform"
        f" {os.environ.get('QT_QPA_PLATFORM', 'offscreen')}, nice {niceness},"
        f" checkout {checkout}, sound {sound})"
    )
    print(table(results))
    print("\n".join(verdicts(results)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
