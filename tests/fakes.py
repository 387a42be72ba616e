"""Test doubles."""

from __future__ import annotations

from app.clock import ManualClock as FakeClock

__all__ = ["FakeClock"]
