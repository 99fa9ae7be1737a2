"""The commands that change the network: up (and demo), down, apply of a reviewed plan."""
from __future__ import annotations

from deploy.schema import NetworkConfig

from .. import rollout
from ..ci import sealed_plan
from ..emulator import process as emulator
from ..errors import OK
from ..state import local_lock
from .common import Progress, require_answerable, require_emulator, start_target


def cmd_up(config: NetworkConfig, args) -> int:
    require_answerable(config, args)
    with local_lock.stack_lock(config, args.command):
        say = Progress(5)
        start_target(config, say)
        return rollout.up(config, args.yes, say)


def cmd_down(config: NetworkConfig, args) -> int:
    if config.target == "emulator" and not emulator.is_running(config.emulator_host, config.emulator_port):
        print("the emulator is not running: there is nothing to destroy")
        return OK
    require_answerable(config, args)
    with local_lock.stack_lock(config, args.command):
        stop = config.target == "emulator" and not args.keep_emulator
        return rollout.down(config, args.yes, Progress(3 if stop else 2), stop_emulator=stop)


def cmd_apply(config: NetworkConfig, args) -> int:
    require_emulator(config)
    say = Progress(3)
    with local_lock.stack_lock(config, args.command):
        plan_file = sealed_plan.unseal(args.plan_file) if sealed_plan.is_sealed(args.plan_file) else args.plan_file
        rollout.apply(config, plan_file, say)
    return OK
