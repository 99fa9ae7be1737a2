"""Says why Terraform waits, and ends a run on the emulator that no longer moves.

Terraform's "Still creating... [10s elapsed]" says that it waits, not why. The watch reads the run's
progress lines: a resource waited on for ``note_after`` seconds is named, with how long and what the
target last answered (on the emulator, its journal of error answers). On the emulator a run stalls when
no resource finished for ``stall_after`` seconds while some are in progress, or when the emulator
answered 5xx ``STALL_5XX`` times within a minute: the caller stops Terraform gracefully (which releases
the state lock) and reports the stall. On real AWS long waits are normal (an interface endpoint can take
minutes): progress notes only, no stall limit.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..emulator import answers

#: 5xx answers within a minute that end a run on the emulator (the SDK retries each up to 25 times).
STALL_5XX = 5

_START = re.compile(r"^(?P<address>\S+): (?P<verb>Creating|Modifying|Destroying|Reading)\.\.\.")
_DONE = re.compile(r"^(?P<address>\S+): (Creation|Modifications|Destruction|Read) complete")
_VERBS = {"Creating": "create", "Modifying": "change", "Destroying": "destroy", "Reading": "read"}


def duration(seconds: float) -> str:
    minutes, seconds = divmod(int(seconds), 60)
    return f"{minutes}m{seconds:02d}s" if minutes else f"{seconds}s"


@dataclass
class StallWatch:
    """Fed each output line of a Terraform run (``line``) and asked once a second (``check``)."""

    say: Callable[[str], None]
    journal: Path | None = None  # the emulator's error answers; None on real AWS
    note_after: float = 120.0
    stall_after: float | None = 300.0  # None: never a stall (real AWS)
    clock: Callable[[], float] = time.monotonic
    wall: Callable[[], float] = time.time
    waiting: dict[str, tuple[str, float]] = field(default_factory=dict)
    noted: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.started_at, self.started_wall = self.clock(), self.wall()
        self.last_done = self.started_at

    def line(self, text: str) -> None:
        if found := _START.match(text):
            self.waiting.setdefault(found["address"], (_VERBS[found["verb"]], self.clock()))
        elif found := _DONE.match(text):
            self.waiting.pop(found["address"], None)
            self.noted.pop(found["address"], None)
            self.last_done = self.clock()

    def recent_errors(self, limit: int = 3) -> list[dict]:
        return answers.recent(self.journal, since=self.started_wall, limit=limit) if self.journal else []

    def answered(self) -> str:
        if self.journal is None:
            return "AWS has not finished it yet (on AWS some resources take minutes)"
        errors = self.recent_errors()
        if not errors:
            return "the emulator answered no error during this run"
        return "the emulator's last error answers: " + "; ".join(answers.describe(e) for e in errors)

    def oldest(self) -> tuple[str, str, float] | None:
        if not self.waiting:
            return None
        address, (verb, since) = min(self.waiting.items(), key=lambda item: item[1][1])
        return address, verb, self.clock() - since

    def check(self) -> str | None:
        """Says what has waited long (once per ``note_after``); returns why the run stalled, or None."""
        now = self.clock()
        for address, (verb, since) in list(self.waiting.items()):
            if now - since >= self.note_after and now - self.noted.get(address, since) >= self.note_after:
                self.noted[address] = now
                self.say(f"still waiting to {verb} {address} after {duration(now - since)}: {self.answered()}")
        if self.stall_after is None:
            return None
        failing = [e for e in self.recent_errors(limit=50) if e.get("status", 0) >= 500
                   and e.get("time", 0) >= self.wall() - 60]
        if len(failing) >= STALL_5XX:
            return (f"the emulator answered {len(failing)} requests with 5xx within a minute (the SDK retries "
                    f"those for minutes): {self.answered()}")
        oldest = self.oldest()
        if oldest and now - self.last_done >= self.stall_after:
            address, verb, waited = oldest
            return (f"no resource finished for {duration(now - self.last_done)}; waiting to {verb} {address} "
                    f"for {duration(waited)}: {self.answered()}")
        return None
