"""The project's commands, run as ``bin/net <command>`` (which installs what is missing first): the parser
made from the command table (ops/commands), and the one error boundary every command runs inside."""
from __future__ import annotations

import argparse
import os
import signal
import sys

from deploy.loader import load_config
from deploy.schema import ConfigError, NetworkConfig
from deploy.settings import SettingError
from deploy.settings import check as check_settings

from . import flags
from .commands import BY_NAME, TABLE, Command, markdown
from .emulator import process as emulator
from .errors import EXIT_CODES, OK, USAGE, AwsError, NetError, UsageError
from .state import terraform_lock
from .terraform import run as terraform_run

EPILOG = "exit codes:\n" + "\n".join(f"  {code}  {meaning}" for code, meaning in EXIT_CODES.items())


class Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line through the commands' error boundary."""

    def error(self, message: str):
        topic = self.prog.removeprefix("bin/net").strip()
        raise UsageError(f"{self.prog}: {message} (bin/net help {topic or ''}".rstrip() + ")")


def parser() -> argparse.ArgumentParser:
    root = Parser(prog="bin/net", epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
                  description="The production network for the EKS-hosted ML API (CDK for Terraform).")
    commands = root.add_subparsers(dest="command", metavar="<command>", title="commands")
    root.subcommands = {}
    for command in TABLE:
        sub = commands.add_parser(command.name, help=command.summary, description=command.summary,
                                  epilog=command.exit_help(),
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
        root.subcommands[command.name] = sub
        for each in command.flags:
            sub.add_argument(*each.names, **each.options)
        if command.scope == "one":
            sub.add_argument("--env", metavar="NAME", help="the environment (default: NETWORK_ENV, else default)")
        elif command.scope == "many":
            sub.add_argument("--env", metavar="NAMES", help="environments, comma-separated (default: NETWORK_ENV)")
            sub.add_argument("--all", action="store_true", help="every environment")
        if command.name == "help":
            sub.add_argument("topic", nargs="?", choices=[c.name for c in TABLE], help="a command")
    return root


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
        return BY_NAME[command].refused if code == USAGE and command in BY_NAME else code
    except KeyboardInterrupt as stop:  # outside one environment's run (which reports what it left)
        signum = getattr(stop, "signum", signal.SIGINT)
        print(f"interrupted ({signal.Signals(signum).name}): nothing was left running. Next: bin/net {command}",
              file=sys.stderr)
        return 128 + signum


def _run(root: argparse.ArgumentParser, argv: list[str]) -> int:
    args, extra = root.parse_known_args(argv)
    if extra:  # named from the command's own parser, so the message points at its help
        root.subcommands.get(args.command, root).error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command == "help" and args.markdown:
        print(markdown(args.details))
        return OK
    if args.command in (None, "help"):
        topic = getattr(args, "topic", None)
        (root.parse_args([topic, "--help"]) if topic else root.print_help())
        return OK
    if args.command == "test":
        raise UsageError("run the tests with bin/net test, which installs what they need first")
    check_settings()
    command = BY_NAME[args.command]
    if command.scope == "fleet":
        return command.handler(args)
    if command.scope == "many" and (args.all or "," in (args.env or "")):
        from .commands.reviewing import cmd_review_many

        return cmd_review_many(args)
    from deploy import fleet

    environ = None
    if args.command == "demo":
        # The switch is the configuration's demo_alb, for this command only.
        environ = {**os.environ, "NETWORK_DEMO_ALB": "true" if args.switch == "on" else "false"}
    config = load_config(flags.one_environment(getattr(args, "env", None), fleet.names()), environ=environ)
    return _run_on(config, command, args)


def _run_on(config: NetworkConfig, command: Command, args) -> int:
    from botocore.exceptions import BotoCoreError, ClientError

    # An emulator that answered when the command began (or that up and demo start) can stop responding.
    was_running = config.target == "emulator" and emulator.alive(config.emulator_port)
    try:
        return command.handler(config, args)
    except KeyboardInterrupt as stop:
        return _interrupted(config, command, args, stop)
    except (BotoCoreError, ClientError) as error:
        if config.target == "emulator" and not emulator.alive(config.emulator_port) and (
                was_running or args.command in ("up", "demo")):
            raise terraform_run.emulator_gone(config, f"bin/net {args.command}") from error
        hint = " (is the emulator running? bin/net emulator status)" if config.target == "emulator" else ""
        raise AwsError(f"AWS API call failed: {error}{hint}") from error


def _settled(config: NetworkConfig) -> str:
    """What settling the interrupted apply did, as the end of the report's sentence."""
    from . import rollout

    try:
        deleted = rollout.settle_interrupted_apply(config)
    except Exception as error:  # the report must not fail on a second problem
        return (f"; checking for resources AWS made as it stopped failed ({type(error).__name__}: {error}): "
                "run bin/net orphans before the next up")
    if not deleted:
        return ""
    return (f"; {len(deleted)} resource(s) AWS made as it stopped, whose answer never reached Terraform, were "
            f"deleted ({', '.join(str(item) for item in deleted)})")


def _interrupted(config: NetworkConfig, command: Command, args, stop: KeyboardInterrupt) -> int:
    """Ctrl-C or SIGTERM: one line on what the stop left and the command to run next, no traceback."""
    signum = getattr(stop, "signum", signal.SIGINT)
    during = getattr(stop, "during", "")
    if during:
        try:
            held = terraform_lock.state_lock(config)
        except Exception as error:  # the report must not fail on a second problem
            held = {"Who": f"unknown ({type(error).__name__})"}
        lock = f"its state lock is still held ({terraform_lock.describe(held)})" if held else "the state lock is released"
        what = f"`{during}` stopped cleanly: what it finished is recorded in the state, and {lock}"
        if not held and during.startswith("terraform apply") and command.settles_interrupted_apply:
            what += _settled(config)
    else:
        what = "no Terraform run was going"
    print(f"interrupted ({signal.Signals(signum).name}): {what}. Next: {command.next_step(args)}", file=sys.stderr)
    return 128 + signum
