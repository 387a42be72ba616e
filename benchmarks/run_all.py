"""Runs every benchmark in turn and prints their figures (about eight minutes)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

for script in ("startup.py", "drift.py", "cues.py", "motion.py", "scale.py"):
    subprocess.run([sys.executable, str(HERE / script)], check=True)
