"""Helpers shared by the tests."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class FakeClock:
    """A monotonic clock the test moves by hand: a whole routine runs in milliseconds."""

    now: float = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> float:
        self.now += seconds
        return self.now
