"""Runs every benchmark in turn and prints their figures (about two minutes)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

for script in ("startup.py", "drift.py", "cues.py"):
    subprocess.run([sys.executable, str(HERE / script)], check=True)
