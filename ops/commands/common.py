"""Shared by the commands: progress lines, starting the target, and the refusals said before anything starts."""
from __future__ import annotations

import sys
import time

from deploy.schema import NetworkConfig

from ..emulator import process as emulator
from ..errors import EmulatorError, UsageError
from ..terraform import run as terraform_run


class Progress:
    def __init__(self, total: int, stream=None):
        self.total, self.step, self.started, self.stream = total, 0, time.monotonic(), stream

    def __call__(self, message: str) -> None:
        self.step += 1
        print(f"[{self.step}/{self.total}] {message} (t+{time.monotonic() - self.started:.0f}s)",
              file=self.stream or sys.stdout, flush=True)


def start_target(config: NetworkConfig, say: Progress) -> None:
    if config.target == "emulator":
        say(f"starting the AWS emulator on {config.emulator_url}")
        emulator.start(config.emulator_host, config.emulator_port)
    else:
        say(f"using real AWS in {config.region} with the credentials in this environment")


def synth_and_init(config: NetworkConfig) -> None:
    terraform_run.synth(config)
    terraform_run.init(config)


def require_answerable(config: NetworkConfig, args) -> None:
    """On real AWS a change is shown and confirmed; where nobody can answer, only --yes lets it run. Said
    before anything is started, bootstrapped or planned."""
    if config.target == "aws" and not args.yes and not sys.stdin.isatty():
        raise UsageError(f"bin/net {args.command} on real AWS shows the plan and asks before it changes anything, "
                         "and nobody can answer here: pass --yes to apply unattended")


def require_emulator(config: NetworkConfig) -> None:
    """Commands that read or plan never start anything: on the emulator target it must already run."""
    if config.target == "emulator" and not emulator.is_running(config.emulator_host, config.emulator_port):
        raise EmulatorError(f"the emulator is not running at {config.emulator_url}, so nothing is deployed "
                            "there: run bin/net up first (or set NETWORK_TARGET=aws)")

def load_fleet(selected: list[str] | None) -> list[NetworkConfig]:
    from deploy import fleet

    notes: list[str] = []
    configs = fleet.load(selected, notes=notes)
    for note in notes:
        print(note, file=sys.stderr)
    return configs
