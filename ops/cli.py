"""The project's commands, run as ``bin/net <command>`` (which installs what is missing first)."""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import shlex
import signal
import sys
import time
from dataclasses import asdict
from pathlib import Path

from deploy.loader import load_config
from deploy.schema import ConfigError, NetworkConfig, config_table
from deploy.settings import SettingError
from deploy.settings import check as check_settings

from . import flags, rollout
from .emulator import process as emulator
from .errors import (
    CHANGES,
    EXIT_CODES,
    FAILED,
    NOT_RUNNING,
    OK,
    USAGE,
    AwsError,
    EmulatorError,
    NetError,
    StackBusyError,
    UsageError,
)
from .state import locks, terraform_lock
from .state import read as state_read
from .terraform import run as terraform_run

COMMANDS = {
    "up": "start the target, bootstrap the state bucket, deploy, verify, print the outputs",
    "down": "destroy the network, check nothing is left (§9), stop the emulator",
    "review": "CI plan review: synth, init, plan, checkov scan, Markdown summary (exit 0/2/1)",
    "plan": "the same as review",
    "apply": "apply exactly a reviewed plan file; refuses a stale one",
    "verify": "§6/§4.4 checks of the live resources against the configuration",
    "outputs": "the stack outputs (JSON, shell exports, or an eksctl ClusterConfig)",
    "diagram": "draw the topology from the configuration (SVG, PNG, Mermaid)",
    "demo": "§5 option B: deploy with the demo ALB switched on or off",
    "cost": "§8 cost estimate of the configuration",
    "bootstrap": "create or re-assert the remote-state bucket",
    "emulator": "the local AWS emulator alone: start, stop or status",
    "unlock": "clear a stale Terraform state lock (after a killed run); refuses a fresh one without --force",
    "orphans": "list (or --delete) resources of this environment that its state does not hold",
    "state": "the state object's versions in the bucket (list), or restore one (restore VERSION)",
    "config": "the effective configuration as JSON, or the table of every field",
    "environments": "every environment: region, account, state, stack, CIDR, the files that affect it",
    "atlantis": "write atlantis.yaml from the environments (one Atlantis project each); --check compares",
    "workflows": "write the apply workflow from the environments (a plan and an apply job each); --check compares",
    "ci-roles": "an environment's CI role trust policies, narrowed to pull requests and its GitHub environment",
    "env": "the exports for running cdktf or terraform by hand",
    "test": "run the test suite (pytest; arguments pass through)",
    "help": "this overview, or one command's help",
}
EPILOG = "exit codes:\n" + "\n".join(f"  {code}  {meaning}" for code, meaning in EXIT_CODES.items())


class Progress:
    def __init__(self, total: int, stream=None):
        self.total, self.step, self.started, self.stream = total, 0, time.monotonic(), stream

    def __call__(self, message: str) -> None:
        self.step += 1
        print(f"[{self.step}/{self.total}] {message} (t+{time.monotonic() - self.started:.0f}s)",
              file=self.stream or sys.stdout, flush=True)


class Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line through the commands' error boundary."""

    def error(self, message: str):
        topic = self.prog.removeprefix("bin/net").strip()
        raise UsageError(f"{self.prog}: {message} (bin/net help {topic or ''}".rstrip() + ")")


def parser() -> argparse.ArgumentParser:
    root = Parser(
        prog="bin/net", description="The production network for the EKS-hosted ML API (CDK for Terraform).",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = root.add_subparsers(dest="command", metavar="<command>", title="commands")
    sub = {name: commands.add_parser(name, help=text, description=text, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
           for name, text in COMMANDS.items()}
    sub["demo"].add_argument("switch", choices=["on", "off"], help="deploy with the demo ALB on or off")
    sub["emulator"].add_argument("action", choices=["start", "stop", "status"], nargs="?", default="status")
    sub["cost"].add_argument("--demo-hours", type=float, default=None, metavar="N",
                             help="hours the demo ALB runs per month (default: all month while demo_alb is on)")
    sub["cost"].add_argument("--gb", type=float, default=0.0, metavar="N",
                             help="GB per month of traffic to AWS services (endpoints vs NAT)")
    sub["cost"].add_argument("--flow-logs-gb", type=float, default=0.0, metavar="N",
                             help="GB per month of flow logs CloudWatch Logs ingests (when they go there)")
    sub["cost"].add_argument("--json", action="store_true", help="the figures as JSON")
    sub["config"].add_argument("--table", action="store_true", help="the Markdown table of every field")
    for name in ("review", "plan"):
        sub[name].add_argument("--plan-file", type=Path, metavar="PATH",
                               help="where to write the plan (default: plan.tfplan in the stack folder)")
        sub[name].add_argument("--summary", type=Path, metavar="PATH",
                               help="also write the Markdown summary here, and the whole plan text beside it "
                                    "(review.md: review.plan.txt)")
        sub[name].add_argument("--changes-ok", action="store_true",
                               help="exit 0 instead of 2 when there are changes (errors and findings still exit 1)")
        sub[name].add_argument("--no-scan", action="store_true",
                               help="skip the checkov scan (a quicker look; CI scans)")
    for name in ("up", "demo", "down"):
        sub[name].add_argument("--yes", action="store_true", help="on real AWS, apply without showing the plan "
                                                                   "and asking (for automation)")
    sub["down"].add_argument("--keep-emulator", action="store_true",
                             help="leave the emulator running after the destroy (for a next up)")
    sub["outputs"].add_argument("--format", choices=["json", "env", "eksctl"], default="json",
                                help="json (default), env (shell exports), or eksctl (a ClusterConfig for this "
                                     "network)")
    sub["verify"].add_argument("--json", action="store_true", help="the checks as JSON")
    for name in COMMANDS:
        if name in ("review", "plan"):
            sub[name].add_argument("--env", metavar="NAMES", help="environments to review, comma-separated "
                                                                   "(default: NETWORK_ENV)")
            sub[name].add_argument("--all", action="store_true", help="review every environment")
        elif name not in ("environments", "atlantis", "workflows", "emulator", "test", "help"):
            sub[name].add_argument("--env", metavar="NAME", help="the environment (default: NETWORK_ENV)")
    sub["environments"].add_argument("--json", action="store_true",
                                     help="as JSON (also the step output `matrix` in GitHub Actions)")
    sub["environments"].add_argument("--changed-since", metavar="REF",
                                     help="only those a change since REF affects (their file, or shared code)")
    sub["workflows"].add_argument("--check", action="store_true",
                                  help="exit 1 when the committed apply workflow differs from the generated one")
    sub["atlantis"].add_argument("--check", action="store_true",
                                 help="exit 1 when the committed atlantis.yaml differs from the generated one")
    sub["ci-roles"].add_argument("--account", required=True, metavar="ID", help="the AWS account (12 digits)")
    sub["ci-roles"].add_argument("--repo", required=True, metavar="OWNER/REPO", help="the GitHub repository")
    sub["diagram"].add_argument("--out", type=Path, default=None, metavar="DIR",
                                help="where to write network.svg, .png and .mmd (default: docs/diagram)")
    sub["diagram"].add_argument("--mermaid", action="store_true", help="print the Mermaid text only")
    sub["unlock"].add_argument("--yes", action="store_true", help="do not ask")
    sub["unlock"].add_argument("--force", action="store_true",
                               help=f"clear a lock younger than {locks.UNLOCK_MIN_AGE_SECONDS // 60} minutes, or "
                                    "while a terraform process works on the stack here (it may break that run)")
    sub["orphans"].add_argument("--delete", action="store_true", help="delete them, dependents first")
    sub["orphans"].add_argument("--yes", action="store_true", help="do not ask (real AWS asks otherwise)")
    sub["state"].add_argument("action", choices=["list", "restore"], nargs="?", default="list")
    sub["state"].add_argument("version", nargs="?", help="restore: a version id from the list")
    sub["state"].add_argument("--yes", action="store_true", help="do not ask")
    sub["apply"].add_argument("plan_file", type=Path, metavar="PLANFILE", help="a plan written by bin/net review")
    sub["test"].add_argument("pytest_args", nargs=argparse.REMAINDER, help="passed to pytest")
    sub["help"].add_argument("topic", nargs="?", choices=list(COMMANDS), help="a command")
    return root


def _start_target(config: NetworkConfig, say: Progress) -> None:
    if config.target == "emulator":
        say(f"starting the AWS emulator on {config.emulator_url}")
        emulator.start(config.emulator_host, config.emulator_port)
    else:
        say(f"using real AWS in {config.region} with the credentials in this environment")


def _synth_and_init(config: NetworkConfig) -> None:
    terraform_run.synth(config)
    terraform_run.init(config)


def cmd_up(config: NetworkConfig, args) -> int:
    _require_answerable(config, args)
    with locks.stack_lock(config, args.command):
        say = Progress(5)
        _start_target(config, say)
        return rollout.up(config, args.yes, say)


def cmd_down(config: NetworkConfig, args) -> int:
    if config.target == "emulator" and not emulator.is_running(config.emulator_host, config.emulator_port):
        print("the emulator is not running: there is nothing to destroy")
        return OK
    _require_answerable(config, args)
    with locks.stack_lock(config, args.command):
        stop = config.target == "emulator" and not args.keep_emulator
        return rollout.down(config, args.yes, Progress(3 if stop else 2), stop_emulator=stop)


def _require_answerable(config: NetworkConfig, args) -> None:
    """On real AWS a change is shown and confirmed; where nobody can answer, only --yes lets it run. Said
    before anything is started, bootstrapped or planned."""
    if config.target == "aws" and not args.yes and not sys.stdin.isatty():
        raise UsageError(f"bin/net {args.command} on real AWS shows the plan and asks before it changes anything, "
                         "and nobody can answer here: pass --yes to apply unattended")


def _require_emulator(config: NetworkConfig) -> None:
    """Commands that read or plan never start anything: on the emulator target it must already run."""
    if config.target == "emulator" and not emulator.is_running(config.emulator_host, config.emulator_port):
        raise EmulatorError(f"the emulator is not running at {config.emulator_url}, so nothing is deployed "
                            "there: run bin/net up first (or set NETWORK_TARGET=aws)")


def cmd_review(config: NetworkConfig, args) -> int:
    from .reports import review

    _require_emulator(config)
    say = Progress(3 if args.no_scan else 4, stream=sys.stderr)
    with locks.stack_lock(config, args.command):
        locks.require_unlocked(config)
        plan_text = args.summary.with_suffix(".plan.txt") if args.summary else None
        where = (f"`{plan_text.name}` beside this summary (the workflow's artifact)" if plan_text else
                 "the `.txt` file beside the plan file")
        result = review.review(config, say, args.plan_file, security_scan=not args.no_scan, full_text_at=where)
    if args.summary:
        plan_text.write_text(result.plan_text)
    review.github_outputs(result, args.summary)
    return _review_verdict(args, result.summary, len(result.findings), result.has_changes)


def _review_verdict(args, summary: str, findings: int, has_changes: bool, failed: bool = False) -> int:
    """Prints (and writes) the summary; the exit code of `terraform plan -detailed-exitcode`, scan findings
    and failures counting as errors."""
    print(summary)
    if args.summary:
        args.summary.write_text(summary)
    if findings:
        print(f"error: the security scan found {findings} problem(s) not skipped in .checkov.yaml "
              "(listed in the summary)", file=sys.stderr)
    if findings or failed:
        return FAILED
    return CHANGES if has_changes and not args.changes_ok else OK


def cmd_apply(config: NetworkConfig, args) -> int:
    from .reports import review

    _require_emulator(config)
    say = Progress(3)
    with locks.stack_lock(config, args.command):
        locks.require_unlocked(config)
        review.apply(config, args.plan_file, say)
    return OK


def cmd_unlock(config: NetworkConfig, args) -> int:
    _require_emulator(config)
    info = locks.state_lock(config)
    if not info:
        print(f"the state of {config.stack_name} is not locked")
        return OK
    print(f"the state of {config.stack_name} is {locks.describe(info)}")
    age = locks.age_seconds(info)
    live = locks.holder(config) or locks.terraform_running(config)
    reasons = ([f"{live} is running on {config.stack_name} here"] if live else []) + (
        [f"the lock is younger than {locks.UNLOCK_MIN_AGE_SECONDS // 60} minutes, so its run may still be "
         "going (on this machine or another)"] if age is None or age < locks.UNLOCK_MIN_AGE_SECONDS else [])
    if reasons and not args.force:
        raise StackBusyError(f"not clearing the lock: {'; '.join(reasons)}. Clearing a live run's lock lets "
                             "another change the network under it. Wait for it; if you know it is gone "
                             "(killed, crashed, a lost runner), bin/net unlock --force")
    if reasons:
        print(f"warning: clearing a lock that may belong to a live run ({'; '.join(reasons)}): if it is still "
              "going, its state write can race with the next run", file=sys.stderr)
    rollout.confirm("Clear this lock? Only do so if that run is gone", args.yes)
    _synth_and_init(config)
    terraform_run.terraform(config, "force-unlock", "-force", info["ID"])
    print("unlocked")
    return OK


def cmd_orphans(config: NetworkConfig, args) -> int:
    from .live import orphans

    # Deleting holds Terraform's state lock from before the first read to after the last delete, so no
    # apply can record (or be creating) what this command takes for an orphan meanwhile.
    holding = terraform_lock.held(config, "bin/net orphans --delete") if args.delete else contextlib.nullcontext()
    with locks.stack_lock(config, args.command), holding:
        if not args.delete:
            terraform_lock.note_if_locked(config)
        _synth_and_init(config)
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
    from .state import history as state_history

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
    with locks.stack_lock(config, "state restore"), terraform_lock.held(config, "bin/net state restore"):
        rollout.confirm(f"Make version {args.version} the current state of {config.stack_name}?", args.yes)
        state_history.restore(config, args.version)
    print(f"restored {args.version} as the current state; check it with bin/net review")
    return OK


def cmd_verify(config: NetworkConfig, args) -> int:
    from .live.verify import all_checks, print_report

    _require_emulator(config)
    terraform_lock.note_if_locked(config)
    checks = all_checks(config, state_read.outputs(config))
    if not args.json:
        return OK if print_report(checks) else FAILED
    print(json.dumps([{"name": c.name, "status": c.status, "detail": c.detail} for c in checks], indent=2,
                     ensure_ascii=False))
    return FAILED if any(not c.ok for c in checks) else OK


def cmd_outputs(config: NetworkConfig, args) -> int:
    from .reports.handoff import render

    _require_emulator(config)
    terraform_lock.note_if_locked(config)
    print(render(config, state_read.outputs(config), args.format))
    return OK


def cmd_diagram(config: NetworkConfig, args) -> int:
    from deploy.settings import ROOT

    from .reports.diagram import mermaid, render

    if args.mermaid:
        print(mermaid(config))
        return OK
    for path in render(config, args.out or ROOT / "docs" / "diagram"):
        print(path)
    return OK


def cmd_cost(config: NetworkConfig, args) -> int:
    from .reports.cost import report

    print(report(config, demo_hours=args.demo_hours, gb=args.gb, as_json=args.json, flow_logs_gb=args.flow_logs_gb))
    return OK


def cmd_bootstrap(config: NetworkConfig, _args) -> int:
    from .state.bucket import bootstrap

    for line in bootstrap(config):
        print(line)
    return OK


def cmd_emulator(config: NetworkConfig, args) -> int:
    if args.action == "start":
        print(emulator.start(config.emulator_host, config.emulator_port))
    elif args.action == "stop":
        print("stopped" if emulator.stop(config.emulator_port) else "not running")
    else:
        up = emulator.is_running(config.emulator_host, config.emulator_port)
        print(f"running at {config.emulator_url}" if up else "not running")
        return OK if up else NOT_RUNNING
    return OK


def cmd_config(config: NetworkConfig, args) -> int:
    if args.table:
        print(config_table())
        return OK
    print(json.dumps(asdict(config), indent=2))
    return OK


def cmd_env(config: NetworkConfig, _args) -> int:
    """Exports for a shell: our Terraform CLI config, and every NETWORK_* in effect, so a plain
    ``npx cdktf deploy`` synthesizes what ``bin/net`` would."""
    exports = {name: value for name, value in terraform_run.environment().items()
               if name in ("TF_CLI_CONFIG_FILE", "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "PIPENV_VENV_IN_PROJECT",
                           "CHECKPOINT_DISABLE", "GOGC")}
    exports.update({name: value for name, value in sorted(os.environ.items()) if name.startswith("NETWORK_")})
    print("\n".join(f"export {name}={shlex.quote(value)}" for name, value in exports.items()))
    return OK


def cmd_review_many(args) -> int:

    from .reports import review

    if args.plan_file:
        raise UsageError("--plan-file is for one environment: each of several is planned in its own stack folder")
    from deploy import fleet

    configs = _load_fleet(flags.environment_list(args.env, args.all, fleet.names()))
    for config in configs:
        _require_emulator(config)
    say = Progress(2, stream=sys.stderr)
    with contextlib.ExitStack() as held:
        for config in configs:
            held.enter_context(locks.stack_lock(config, args.command))
            locks.require_unlocked(config)
        result = review.review_many(configs, say, security_scan=not args.no_scan)
    for name, why in result.errors.items():
        print(f"error: {name}: {why.splitlines()[0]}", file=sys.stderr)
    return _review_verdict(args, result.summary, result.findings, result.has_changes, failed=bool(result.errors))


def _load_fleet(selected: list[str] | None) -> list[NetworkConfig]:
    from deploy import fleet

    notes: list[str] = []
    configs = fleet.load(selected, notes=notes)
    for note in notes:
        print(note, file=sys.stderr)
    return configs


def cmd_environments(args) -> int:
    from deploy import fleet

    configs = _load_fleet(None)
    entries = fleet.inventory(fleet.apply_order(configs))
    if args.changed_since is not None:
        entries = fleet.affected(entries, fleet.changed_files(flags.git_commit(args.changed_since)))
    if args.json:
        matrix = json.dumps([asdict(entry) for entry in entries])
        print(matrix)
        if os.environ.get("GITHUB_OUTPUT"):
            with open(os.environ["GITHUB_OUTPUT"], "a") as handle:
                handle.write(f"matrix={matrix}\n")
        return OK
    print(f"{'environment':<14} {'region':<16} {'account':<14} {'VPC CIDR':<14} {'after':<10} state")
    for e in entries:
        print(f"{e.name:<14} {e.region:<16} {e.account_id or '-':<14} {e.vpc_cidr:<14} {e.promote_after or '-':<10} "
              f"{e.state}")
    return OK


def _write_generated(args, relative: str, render) -> int:
    from deploy import fleet
    from deploy.settings import ROOT

    text = render(fleet.inventory(fleet.apply_order(fleet.load())))
    path = ROOT / relative
    if args.check:
        if not path.is_file() or path.read_text() != text:
            raise NetError(f"{relative} is not the one the environments make: run bin/net {args.command}")
        print(f"{relative} is up to date")
        return OK
    path.write_text(text)
    print(f"wrote {relative}")
    return OK


def cmd_atlantis(args) -> int:
    from .reports.ci_files import atlantis_yaml

    return _write_generated(args, "atlantis.yaml", atlantis_yaml)


def cmd_workflows(args) -> int:
    from .reports.ci_files import apply_workflow

    return _write_generated(args, ".github/workflows/apply.yml", apply_workflow)


def cmd_ci_roles(config: NetworkConfig, args) -> int:
    from .reports.ci_files import trust_policies

    print(json.dumps(trust_policies(config.environment, flags.account_id(args.account), flags.repository(args.repo)),
                     indent=2))
    return OK


FLEET_HANDLERS = {"environments": cmd_environments, "atlantis": cmd_atlantis, "workflows": cmd_workflows}
HANDLERS = {"up": cmd_up, "demo": cmd_up, "down": cmd_down, "review": cmd_review, "plan": cmd_review,
            "apply": cmd_apply, "unlock": cmd_unlock, "orphans": cmd_orphans, "state": cmd_state, "verify": cmd_verify,
            "outputs": cmd_outputs, "cost": cmd_cost, "bootstrap": cmd_bootstrap, "emulator": cmd_emulator,
            "config": cmd_config, "env": cmd_env, "diagram": cmd_diagram, "ci-roles": cmd_ci_roles}


NEXT_AFTER_INTERRUPT = {"up": "bin/net up (it converges)", "down": "bin/net down",
                        "apply": "bin/net review, then bin/net apply the plan it writes"}


def _interrupted(config: NetworkConfig, args, stop: KeyboardInterrupt) -> int:
    """Ctrl-C or SIGTERM: one line on what the stop left and the command to run next, no traceback."""
    signum = getattr(stop, "signum", signal.SIGINT)
    during = getattr(stop, "during", "")
    if during:
        try:
            held = locks.state_lock(config)
        except Exception as error:  # the report must not fail on a second problem
            held = {"Who": f"unknown ({type(error).__name__})"}
        lock = f"its state lock is still held ({locks.describe(held)})" if held else "the state lock is released"
        what = f"`{during}` stopped cleanly: what it finished is recorded in the state, and {lock}"
    else:
        what = "no Terraform run was going"
    command = f"bin/net demo {args.switch}" if args.command == "demo" else \
        NEXT_AFTER_INTERRUPT.get(args.command, f"bin/net {args.command}")
    print(f"interrupted ({signal.Signals(signum).name}): {what}. Next: {command}", file=sys.stderr)
    return 128 + signum


def main(argv: list[str] | None = None) -> int:
    """The one error boundary: every project error, in any command or flag, is one line on stderr and its
    documented exit code (review: 1 for anything wrong, as 2 means "changes" to a CI gate)."""
    argv = sys.argv[1:] if argv is None else argv
    command = next((word for word in argv if not word.startswith("-")), None)
    try:
        return _run(parser(), argv)
    except (ConfigError, SettingError, NetError) as error:
        code = error.exit_code if isinstance(error, NetError) else USAGE
        print(f"error: {error}", file=sys.stderr)
        return FAILED if command in ("review", "plan") and code != OK else code
    except KeyboardInterrupt as stop:  # outside one environment's run (which reports what it left)
        signum = getattr(stop, "signum", signal.SIGINT)
        print(f"interrupted ({signal.Signals(signum).name}): nothing was left running. Next: bin/net {command}",
              file=sys.stderr)
        return 128 + signum


def _run(root: argparse.ArgumentParser, argv: list[str]) -> int:
    args = root.parse_args(argv)
    if args.command in (None, "help"):
        topic = getattr(args, "topic", None)
        (root.parse_args([topic, "--help"]) if topic else root.print_help())
        return OK
    if args.command == "test":
        raise UsageError("run the tests with bin/net test, which installs what they need first")
    check_settings()
    if args.command in FLEET_HANDLERS:
        return FLEET_HANDLERS[args.command](args)
    if args.command in ("review", "plan") and (args.all or "," in (args.env or "")):
        return cmd_review_many(args)
    if args.command == "demo":
        # The switch is plain configuration: the synth that cdktf runs reads the same variable.
        os.environ["NETWORK_DEMO_ALB"] = "true" if args.switch == "on" else "false"
    from deploy import fleet

    config = load_config(flags.one_environment(getattr(args, "env", None), fleet.names()))
    return _run_on(config, args)


def _run_on(config: NetworkConfig, args) -> int:
    from botocore.exceptions import BotoCoreError, ClientError

    # An emulator that answered when the command began (or that up and demo start) can stop responding.
    was_running = config.target == "emulator" and emulator.alive(config.emulator_port)
    try:
        return HANDLERS[args.command](config, args)
    except KeyboardInterrupt as stop:
        return _interrupted(config, args, stop)
    except (BotoCoreError, ClientError) as error:
        if config.target == "emulator" and not emulator.alive(config.emulator_port) and (
                was_running or args.command in ("up", "demo")):
            raise terraform_run.emulator_gone(config, f"bin/net {args.command}") from error
        hint = " (is the emulator running? bin/net emulator status)" if config.target == "emulator" else ""
        raise AwsError(f"AWS API call failed: {error}{hint}") from error
