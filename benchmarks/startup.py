"""Start-up time and memory: Limber's first window against a bare PySide6 window.

Runs each variant several times in fresh processes, alternating, and prints
the medians. Targets (issue 2): start-up within 1.5x the bare window, memory
within 2x.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHILD = Path(__file__).with_name("startup_child.py")
RUNS = 7


def measure(variant: str) -> tuple[float, int]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
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
    return float(output[0]), int(output[1])


def main() -> int:
    results: dict[str, list[tuple[float, int]]] = {"bare": [], "limber": []}
    measure("bare")  # warm the disk cache so the first real run isn't penalised
    measure("limber")
    for _ in range(RUNS):
        for variant in results:
            results[variant].append(measure(variant))
    medians = {
        variant: (
            statistics.median(seconds for seconds, _ in runs),
            statistics.median(rss for _, rss in runs),
        )
        for variant, runs in results.items()
    }
    bare_time, bare_rss = medians["bare"]
    limber_time, limber_rss = medians["limber"]
    platform = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    print(f"start-up to first paint (median of {RUNS}, platform {platform})")
    for name, seconds, rss in (
        ("bare PySide6 window", bare_time, bare_rss),
        ("Limber", limber_time, limber_rss),
    ):
        label = f"{name}:"
        print(f"  {label:21}{seconds * 1000:7.1f} ms   {rss / 1024:6.1f} MiB peak RSS")
    print(
        f"  ratio:               {limber_time / bare_time:7.2f}x (target <= 1.5x)   "
        f"{limber_rss / bare_rss:6.2f}x (target <= 2x)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
