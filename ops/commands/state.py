"""The remote state and its lock: unlock, orphans, the state object's versions, the bucket."""
from __future__ import annotations

import contextlib
import sys

from deploy.schema import NetworkConfig

from .. import rollout
from ..errors import FAILED, OK, StackBusyError, UsageError
from ..state import local_lock, terraform_lock
from ..terraform import run as terraform_run
from .common import require_emulator, synth_and_init


def cmd_unlock(config: NetworkConfig, args) -> int:
    require_emulator(config)
    info = terraform_lock.state_lock(config)
    if not info:
        print(f"the state of {config.stack_name} is not locked")
        return OK
    print(f"the state of {config.stack_name} is {terraform_lock.describe(info)}")
    age = terraform_lock.age_seconds(info)
    live = local_lock.holder(config) or local_lock.terraform_running(config)
    reasons = ([f"{live} is running on {config.stack_name} here"] if live else []) + (
        [f"the lock is younger than {terraform_lock.UNLOCK_MIN_AGE_SECONDS // 60} minutes, so its run may still be "
         "going (on this machine or another)"] if age is None or age < terraform_lock.UNLOCK_MIN_AGE_SECONDS else [])
    if reasons and not args.force:
        raise StackBusyError(f"not clearing the lock: {'; '.join(reasons)}. Clearing a live run's lock lets "
                             "another change the network under it. Wait for it; if you know it is gone "
                             "(killed, crashed, a lost runner), bin/net unlock --force")
    if reasons:
        print(f"warning: clearing a lock that may belong to a live run ({'; '.join(reasons)}): if it is still "
              "going, its state write can race with the next run", file=sys.stderr)
    rollout.confirm("Clear this lock? Only do so if that run is gone", args.yes)
    synth_and_init(config)
    terraform_run.terraform(config, "force-unlock", "-force", info["ID"])
    print("unlocked")
    return OK


def cmd_orphans(config: NetworkConfig, args) -> int:
    from ..live import orphans

    # Deleting holds Terraform's state lock from before the first read to after the last delete, so no
    # apply can record (or be creating) what this command takes for an orphan meanwhile.
    holding = terraform_lock.held(config, "bin/net orphans --delete") if args.delete else contextlib.nullcontext()
    with local_lock.stack_lock(config, args.command), holding:
        if not args.delete:
            terraform_lock.note_if_locked(config)
        synth_and_init(config)
        found = orphans.find(config)
        if not found:
            print(f"no orphans: the state of {config.stack_name} holds every resource tagged "
                  f"Environment={config.environment}")
            return OK
        for item in found:
            print(f"      orphan: {item}")
        if not args.delete:
            print("delete them with: bin/net orphans --delete", file=sys.stderr)
            return FAILED
        if config.target == "aws":
            rollout.confirm(f"Delete these {len(found)} resources in {config.region}?", args.yes)
        orphans.delete(config, found)
    return OK


def cmd_state(config: NetworkConfig, args) -> int:
    from ..state import history as state_history

    if config.backend != "s3":
        raise UsageError(f"state history lives in the S3 bucket; backend is {config.backend!r}")
    if args.action == "list":
        found = state_history.versions(config)
        if not found:
            print(f"no versions of {config.rendered_state_key} in {config.state_bucket}")
        for version in found:
            print(state_history.describe(config, version))
        return OK
    if not args.version:
        raise UsageError("state restore needs a VERSION from bin/net state list")
    with local_lock.stack_lock(config, "state restore"), terraform_lock.held(config, "bin/net state restore"):
        rollout.confirm(f"Make version {args.version} the current state of {config.stack_name}?", args.yes)
        state_history.restore(config, args.version)
    print(f"restored {args.version} as the current state; check it with bin/net review")
    return OK


def cmd_bootstrap(config: NetworkConfig, _args) -> int:
    from ..state.bucket import bootstrap

    for line in bootstrap(config):
        print(line)
    return OK
