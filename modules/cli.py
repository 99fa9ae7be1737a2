"""The project's commands: ``python -m modules.cli <command>`` (``bin/net <command>`` installs first).

  up            start the emulator (target=emulator), bootstrap state, deploy, verify, print outputs
  down          destroy the network, check nothing is left (§9), stop the emulator
  plan          synthesize and write a reviewable Terraform plan (CI review)
  verify        §6/§4.4 checks of the live resources against the configuration
  outputs       print the stack outputs as JSON
  demo on|off   §5 option B: deploy with the demo ALB switched on or off
  cost          §8 cost estimate for the configuration
  bootstrap     create or re-assert the remote-state bucket
  emulator start|stop|status
Exit codes: 0 ok, 1 a check or command failed, 2 bad configuration or usage.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

from . import emulator, terraform_run
from .config import ConfigError, NetworkConfig, load_config


class Progress:
    def __init__(self, total: int):
        self.total, self.step, self.started = total, 0, time.monotonic()

    def __call__(self, message: str) -> None:
        self.step += 1
        print(f"[{self.step}/{self.total}] {message} (t+{time.monotonic() - self.started:.0f}s)", flush=True)


def _start_target(config: NetworkConfig, say: Progress) -> None:
    if config.target == "emulator":
        say(f"starting the AWS emulator on {config.emulator_url}")
        emulator.start(config.emulator_host, config.emulator_port)
    else:
        say(f"using real AWS in {config.region} with the credentials in this environment")
    if config.backend == "s3":
        from .state_bucket import bootstrap

        for line in bootstrap(config):
            print(f"      state bucket: {line}")


def deploy(config: NetworkConfig, say: Progress) -> None:
    say(f"cdktf deploy {config.stack_name}")
    terraform_run.cdktf(config, "deploy", config.stack_name, "--auto-approve")
    if config.target == "emulator":
        # moto drops descriptions of rules that reference another security group when it creates them;
        # one more apply writes them, after which the plan is empty.
        drift = terraform_run.terraform(config, "plan", "-detailed-exitcode", "-input=false", ok_codes=(0, 2))
        if drift.returncode == 2:
            say("re-applying once to converge rule descriptions (emulator quirk)")
            terraform_run.terraform(config, "apply", "-auto-approve", "-input=false")


def run_verify(config: NetworkConfig) -> bool:
    from .verify import pitfall_checks, verify

    checks = verify(config, terraform_run.outputs(config)) + pitfall_checks(config)
    for check in checks:
        print(f"      {check}")
    failed = [c for c in checks if not c.ok]
    print(f"      {len(checks) - len(failed)} passed, {len(failed)} failed")
    return not failed


def cmd_up(config: NetworkConfig) -> int:
    say = Progress(5)
    _start_target(config, say)
    deploy(config, say)
    say("verifying the live resources")
    ok = run_verify(config)
    say("outputs")
    print(json.dumps(terraform_run.outputs(config), indent=2))
    if config.target == "emulator":
        print(f"\nThe emulator keeps running at {config.emulator_url}. Stop it (and forget every resource) with:"
              f"\n  bin/net emulator stop      or tear down first with: bin/net down")
    return 0 if ok else 1


def cmd_down(config: NetworkConfig) -> int:
    from .cleanup import leftovers

    say = Progress(3 if config.target == "emulator" else 2)
    if config.target == "emulator" and not emulator.is_running(config.emulator_host, config.emulator_port):
        print("the emulator is not running: there is nothing to destroy")
        return 0
    say(f"cdktf destroy {config.stack_name}")
    terraform_run.cdktf(config, "destroy", config.stack_name, "--auto-approve")
    say("§9 checking that nothing of ours is left")
    left = leftovers(config)
    for line in left:
        print(f"      left behind: {line}", file=sys.stderr)
    if config.target == "emulator":
        say("stopping the emulator")
        emulator.stop(config.emulator_port)
    return 1 if left else 0


def cmd_plan(config: NetworkConfig) -> int:
    say = Progress(4)
    _start_target(config, say)
    say("synthesizing")
    from .app import synth

    code = synth([config.environment], str(terraform_run.default_outdir()))
    if code:
        return code
    say("terraform init")
    terraform_run.init(config)
    say(f"terraform plan (saved to {terraform_run.stack_dir(config) / 'plan.tfplan'})")
    result = terraform_run.terraform(config, "plan", "-input=false", "-detailed-exitcode", "-out=plan.tfplan",
                                     capture=False, ok_codes=(0, 2))
    print("changes pending" if result.returncode == 2 else "no changes")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bin/net", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["up", "down", "plan", "verify", "outputs", "demo", "cost",
                                            "bootstrap", "emulator"])
    parser.add_argument("action", nargs="?", help="on|off for demo; start|stop|status for emulator")
    parser.add_argument("--demo-hours", type=float, default=0.0, help="cost: hours the demo ALB runs per month")
    args = parser.parse_args(argv)
    if args.command == "emulator":
        return emulator.main([args.action or "status"])
    if args.command == "demo":
        if args.action not in ("on", "off"):
            parser.error("demo needs 'on' or 'off'")
        # The switch is plain configuration: the synth that cdktf runs reads the same variable.
        os.environ["NETWORK_DEMO_ALB"] = "true" if args.action == "on" else "false"
    try:
        config = load_config()
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        return _dispatch(args, config)
    except (terraform_run.CommandError, emulator.EmulatorError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except (BotoCoreError, ClientError) as error:
        hint = " (is the emulator running? bin/net emulator status)" if config.target == "emulator" else ""
        print(f"error: AWS API call failed: {error}{hint}", file=sys.stderr)
        return 1


def _dispatch(args, config: NetworkConfig) -> int:
    needs_live_target = args.command in ("verify", "outputs")
    if needs_live_target and config.target == "emulator" and not emulator.is_running(
            config.emulator_host, config.emulator_port):
        raise emulator.EmulatorError(f"the emulator is not running at {config.emulator_url}, so nothing is "
                                     "deployed: run bin/net up first")
    if args.command in ("up", "demo"):
        return cmd_up(config)
    if args.command == "down":
        return cmd_down(config)
    if args.command == "plan":
        return cmd_plan(config)
    if args.command == "verify":
        return 0 if run_verify(config) else 1
    if args.command == "outputs":
        print(json.dumps(terraform_run.outputs(config), indent=2))
        return 0
    if args.command == "cost":
        from .cost import report

        print(report(config, demo_hours=args.demo_hours))
        return 0
    if args.command == "bootstrap":
        from .state_bucket import bootstrap

        for line in bootstrap(config):
            print(line)
        return 0
    raise AssertionError(f"unhandled command {args.command}")


if __name__ == "__main__":
    sys.exit(main())
