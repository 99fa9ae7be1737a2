"""How ``up``, ``demo`` and ``down`` change the network: checks first, then Terraform, then ``verify``.

On real AWS without ``--yes`` every change is a saved plan, shown and confirmed, then applied exactly.
Otherwise ``up`` takes one of two paths:

- *steady*: the synth cache kept the stack (its inputs are unchanged) and the state holds a network,
  so most likely nothing changes. ``terraform plan`` runs while the orphan check and the live checks
  read AWS beside it; a plan with changes is applied from its file and checked again.
- *changing*: the orphan check beside the synth and finished before anything applies (an apply must
  never build a second network), then one ``terraform apply``: planned and applied under one state
  lock and one provider start, as a user's own apply would be.
"""
from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from deploy.schema import NetworkConfig

from .aws_clients import client, warm_clients
from .beside import Beside
from .emulator import process as emulator
from .errors import FAILED, OK, CommandError, NetError, StackBusyError, UsageError
from .live import orphans
from .state import read as state_read
from .state import terraform_lock
from .terraform import run as terraform_run


@dataclass(frozen=True)
class Prepared:
    lines: list[str]    # what the state-bucket bootstrap did
    state: dict | None  # the current state; None where only Terraform reads it (backends other than S3)
    settled: bool       # the bucket's settings were applied just now


def confirm(question: str, yes: bool) -> None:
    if yes:
        return
    if not sys.stdin.isatty():
        raise UsageError(f"{question} — nobody can answer here: pass --yes to confirm")
    if input(f"{question} [y/N] ").strip().lower() not in ("y", "yes"):
        raise NetError("nothing changed: not confirmed")


@dataclass
class Ready:
    """What ``up`` knows once the stack is synthesized and the checks beside it are done."""
    steady: bool                # the kept stack over a deployed network: plan first, apply only changes
    plan_file: Path | None      # the saved plan, where one was made and it changes something
    bucket_lines: list[str]     # what the state-bucket bootstrap and re-assertion did
    orphans: list | None        # resources of ours the state does not hold; None: not looked yet
    checks: list | None         # the live checks made beside the plan (steady path)


def up(config: NetworkConfig, yes: bool, say) -> int:
    say("synthesizing, and checking the state bucket, its lock and the state")
    confirmed = config.target == "aws" and not yes
    ready = _synth_and_check(config, confirmed, say)
    for line in ready.bucket_lines:
        print(f"      state bucket: {line}")
    _refuse_orphans(config, ready)
    changed = _deploy(config, ready, confirmed, say)
    if not changed:
        print("      nothing to change: the plan was empty")
    return _report(config, say, None if changed else ready.checks)


def _synth_and_check(config: NetworkConfig, confirmed: bool, say) -> Ready:
    """The synth, with the bucket, lock and orphan checks in a child process beside it (ops/beside.py);
    on the steady path (or when a plan must be shown) the plan, with the live checks on a thread beside it."""
    checks_beside = Beside(_checks, config)
    plan_file = None
    try:
        with ThreadPoolExecutor(max_workers=1) as background:
            reused = terraform_run.synth(config)
            prepared = checks_beside.next_value()
            terraform_run.init(config)
            steady = reused and "vpc_id" in (prepared.state or {}).get("outputs", {})
            verifying = background.submit(_live_checks, config, prepared) if steady else None
            if steady or confirmed:
                say(f"deploying {config.stack_name}: terraform plan, then apply it if it changes anything")
                plan_file = _plan(config, "deploy")
            lines, found = checks_beside.next_value()
            checks = _speculative(verifying)
    finally:
        checks_beside.close()
    return Ready(steady, plan_file, prepared.lines + lines, found, checks)


def _speculative(verifying: Future | None) -> list | None:
    """The live checks run beside the plan on the state before it; they count only when the plan is empty.
    A state an interrupted run left can lack outputs they read: then they are run again after the apply."""
    try:
        return verifying.result() if verifying else None
    except Exception:  # noqa: BLE001 - the checks after the apply run again and report any real error
        return None


def _refuse_orphans(config: NetworkConfig, ready: Ready) -> None:
    """An apply over resources the state does not hold would build a second network."""
    found = orphans.find(config) if ready.orphans is None else ready.orphans
    if found:
        raise orphans.refuse(config, found)


def _deploy(config: NetworkConfig, ready: Ready, confirmed: bool, say) -> bool:
    """Applies the saved plan (steady path, or confirmed on real AWS) or runs one apply; whether it changed
    anything. verify's clients are made while Terraform applies (the checks made theirs in the child)."""
    with ThreadPoolExecutor(max_workers=1) as background:
        background.submit(_warm_report_clients, config)
        if not (ready.steady or confirmed):
            say(f"deploying {config.stack_name}: terraform apply")
            return _apply(config)
        if ready.plan_file is None:
            return False
        if confirmed:
            confirm(f"Apply this plan to {config.stack_name} in {config.region} (real AWS)?", False)
        _apply_plan(config, ready.plan_file)
        return True


def down(config: NetworkConfig, yes: bool, say, stop_emulator: bool) -> int:
    from .live.cleanup import SERVICES as CLEANUP_SERVICES
    from .live.cleanup import foreign_interfaces, leftovers

    confirmed = config.target == "aws" and not yes
    say(f"destroying {config.stack_name}: " + ("terraform plan -destroy, then apply" if confirmed
                                               else "terraform apply -destroy"))
    with ThreadPoolExecutor(max_workers=2) as background:
        # Nothing is destroyed before both checks pass; they wait on AWS while the synth runs.
        unlocked = background.submit(terraform_lock.require_unlocked, config)
        looking = background.submit(foreign_interfaces, config)
        terraform_run.synth(config)
        unlocked.result()
        blocking = looking.result()
    if blocking:
        listed = "\n".join(f"  {line}" for line in blocking)
        raise NetError(f"not destroying {config.stack_name}: {len(blocking)} network interface(s) in its VPC "
                       f"belong to something this stack did not make, so the destroy would stop halfway:\n"
                       f"{listed}\nremove them as said, then run bin/net down again")
    terraform_run.init(config)
    with ThreadPoolExecutor(max_workers=1) as background:
        # The §9 check's clients are made while Terraform destroys, not after it.
        background.submit(warm_clients, config, *CLEANUP_SERVICES)
        if not confirmed:
            _apply(config, "-destroy")
        elif plan_file := _plan(config, "destroy", "-destroy"):
            confirm(f"Destroy {config.stack_name} in {config.region} (real AWS) as planned?", False)
            _apply_plan(config, plan_file)
    say("§9 checking that nothing of ours is left")
    left = leftovers(config)
    for line in left:
        print(f"      left behind: {line}", file=sys.stderr)
    if config.target == "emulator" and stop_emulator:
        say("stopping the emulator")
        emulator.stop(config.emulator_port)
    return FAILED if left else OK


def _prepare(config: NetworkConfig) -> Prepared:
    """Before any plan: the bucket exists (made with its settings when missing), nobody holds the state
    lock, and the state as it is now."""
    from .state.bucket import ensure_bucket, reassert

    if config.backend != "s3":
        return Prepared([], None, True)
    created, line = ensure_bucket(config)
    lines = [line, *(reassert(config) if created else [])]
    terraform_lock.require_unlocked(config)
    return Prepared(lines, state_read.document(config), created)


def _checks(config: NetworkConfig) -> Iterator:
    """``_prepare``'s result, then (read-only for what a plan reads) the bucket's settings re-asserted
    unless just applied, and the resources of ours that the state does not hold (None where the state
    needs Terraform, which needs the synth: checked after it)."""
    from .state.bucket import reassert

    prepared = _prepare(config)
    yield prepared
    lines = [] if prepared.settled else reassert(config)
    yield lines, None if prepared.state is None else orphans.find(config, prepared.state)


def _warm_report_clients(config: NetworkConfig) -> None:
    client(config, "s3", config.state_bucket_region)
    warm_clients(config, "ec2", "elbv2", *(["logs"] if config.flow_logs else []),
                 *(["ssm"] if config.ssm_parameters else []))


def _live_checks(config: NetworkConfig, prepared: Prepared) -> list:
    """``verify`` of the network the state describes; they stand when the plan beside them is empty."""
    from .live.verify import all_checks

    return all_checks(config, state_read.outputs(config, state=prepared.state))


def _report(config: NetworkConfig, say, checks: list | None) -> int:
    from .live.verify import all_checks, print_report

    say("verifying the live resources")
    outputs = state_read.outputs(config)
    ok = print_report(checks if checks is not None else all_checks(config, outputs))
    say("outputs")
    print(json.dumps(outputs, indent=2))
    if config.target == "emulator":
        print(f"\nThe emulator keeps running at {config.emulator_url}. Stop it (and forget every resource) with:"
              f"\n  bin/net emulator stop      or tear down first with: bin/net down")
    return OK if ok else FAILED


def _plan(config: NetworkConfig, what: str, *args: str) -> Path | None:
    """Plans into a file (the whole plan printed on real AWS, its verdict on the emulator); the file,
    or None when the plan changes nothing."""
    plan_file = terraform_run.stack_dir(config) / f"{what}.tfplan"
    echo = terraform_run.indented if config.target == "aws" else terraform_run.apply_progress
    with _account_checked(config):
        planned = terraform_run.terraform(config, "plan", "-input=false", "-detailed-exitcode", f"-out={plan_file}",
                                          *args, ok_codes=(0, 2), echo=echo)
    return plan_file if planned.returncode == 2 else None


def _apply_plan(config: NetworkConfig, plan_file: Path) -> None:
    terraform_run.terraform(config, "apply", "-input=false", str(plan_file),
                            echo=terraform_run.progress_without_outputs())


def _apply(config: NetworkConfig, *args: str) -> bool:
    """One ``terraform apply -auto-approve``; whether it changed anything."""
    echo = terraform_run.progress_without_outputs() if config.target == "aws" else terraform_run.apply_progress
    with _account_checked(config):
        applied = terraform_run.terraform(config, "apply", "-auto-approve", "-input=false", *args, echo=echo)
    return terraform_run.changed(applied.stdout)


@contextlib.contextmanager
def _account_checked(config: NetworkConfig) -> Iterator[None]:
    """Turns the provider's refusal of another account's credentials into what to do about it."""
    try:
        yield
    except CommandError as error:
        if "AWS account ID not allowed" in str(error):
            raise UsageError(f"the credentials in this environment are not for account_id {config.account_id}, "
                             "so nothing was planned or changed: use that account's credentials, or fix "
                             "account_id") from None
        raise


def settle_interrupted_apply(config: NetworkConfig) -> list:
    """After Ctrl-C stopped an apply: the provider cancels the requests it has in flight, so a create that
    reached AWS as Terraform stopped can exist with its answer lost: in no state, an orphan the next ``up``
    would refuse. ``up`` and ``demo`` start only with no orphans, so any now are this run's; they are
    deleted holding Terraform's state lock, as ``orphans --delete`` does. Returns what was deleted."""
    with terraform_lock.held(config, "bin/net (settling an interrupted apply)"):
        found = orphans.find(config)
        if found:
            orphans.delete(config, found, say=lambda *_: None)
    return found


#: How long ``apply`` of a reviewed plan waits for the state lock (``-lock-timeout``): a run that holds it
#: briefly (a colleague's plan, a locked review) is waited out instead of failing an approved apply.
APPLY_LOCK_WAIT = "10m"


def apply(config: NetworkConfig, plan_file: Path, say) -> None:
    """Applies exactly the reviewed plan; Terraform itself refuses it if the state changed since."""
    if not plan_file.is_file():
        raise NetError(f"no plan file at {plan_file}: run bin/net review first")
    say("synthesizing (the stack folder Terraform applies the plan in)")
    terraform_run.synth(config)
    say("terraform init")
    terraform_run.init(config)
    say(f"terraform apply {plan_file}")
    held = terraform_lock.state_lock(config)
    if held:
        print(f"note: the state is {terraform_lock.describe(held)}: waiting up to {APPLY_LOCK_WAIT} for it")
    result = terraform_run.terraform(config, "apply", "-input=false", f"-lock-timeout={APPLY_LOCK_WAIT}",
                                     str(plan_file.resolve()), ok_codes=(0, 1))
    if result.returncode:
        if "Error acquiring the state lock" in result.stderr:
            holder = terraform_lock.state_lock(config)
            raise StackBusyError(f"the state of {config.stack_name} stayed locked for {APPLY_LOCK_WAIT}"
                                 f"{f' ({terraform_lock.describe(holder)})' if holder else ''}; the plan was not "
                                 f"applied. When that run is done, run bin/net apply {plan_file} again")
        if "Saved plan is stale" in result.stderr:
            raise NetError(f"the plan {plan_file} is stale: the state changed after it was made, so applying "
                           "it could undo someone else's change. Review again (bin/net review) and apply the "
                           "new plan.")
        raise CommandError(f"terraform apply {plan_file} failed\n{result.stderr[-4000:]}")
    print(next((line for line in result.stdout.splitlines() if line.startswith("Apply complete!")),
               f"applied {plan_file}"))
