"""Start-up time and memory: Limber's first window against a bare PySide6 window.

Runs each variant several times in fresh processes, alternating, and prints
the medians. Targets (issue 2): start-up within 1.5x the bare window, memory
within 2x.
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHILD = Path(__file__).with_name("startup_child.py")
RUNS = 15


# Fresh user folders: no routines, settings or unfinished session of the
# person running the benchmark (a resume question would wait for an answer).
HOME = tempfile.mkdtemp(prefix="limber-bench-")


def measure(variant: str) -> tuple[float, float, int]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "XDG_CONFIG_HOME": f"{HOME}/config",
        "XDG_DATA_HOME": f"{HOME}/data",
        "XDG_CACHE_HOME": f"{HOME}/cache",
    }
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.time()
    output = subprocess.run(
        [sys.executable, str(CHILD), variant, repr(started)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    ).stdout.split()
    return float(output[0]), float(output[1]), int(output[2])


def main() -> int:
    # An installed Limber runs from bytecode (pip compiles it); this checkout
    # may have none when PYTHONDONTWRITEBYTECODE is set, so compile it first
    # instead of timing the compiler.
    compileall.compile_dir(ROOT / "app", quiet=1)
    results: dict[str, list[tuple[float, float, int]]] = {
        "bare": [],
        "qt-classes": [],
        "limber": [],
    }
    measure("bare")  # warm the disk cache so the first real run isn't penalised
    measure("limber")
    for _ in range(RUNS):
        for variant in results:
            results[variant].append(measure(variant))

    def median(variant: str, column: int) -> float:
        return statistics.median(run[column] for run in results[variant])

    platform = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    print(f"start-up (median of {RUNS} fresh processes, platform {platform})")
    print(f"  {'':21}{'first paint':>12}{'usable':>10}{'peak RSS':>12}")
    for variant, name in (
        ("bare", "bare PySide6 window"),
        ("qt-classes", "+ Limber's Qt classes"),
        ("limber", "Limber"),
    ):
        paint, ready, rss = (median(variant, column) for column in range(3))
        print(f"  {name:21}{paint * 1000:9.1f} ms{ready * 1000:7.1f} ms{rss / 1024:8.1f} MiB")
    paint_ratio = median("limber", 0) / median("bare", 0)
    ready_ratio = median("limber", 1) / median("bare", 1)
    rss_ratio = median("limber", 2) / median("bare", 2)
    print(
        f"  {'Limber / bare':21}{paint_ratio:10.2f}x{ready_ratio:9.2f}x{rss_ratio:10.2f}x"
        "   (targets: first paint <= 1.5x, memory <= 2x)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
