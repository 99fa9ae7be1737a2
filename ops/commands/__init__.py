"""Every command of ``bin/net`` declared once: the parser, help and the docs' command tables come from TABLE."""
from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

from ..errors import EXIT_CODES, FAILED, INTERRUPTED, NOT_RUNNING, OK, REVIEW_EXIT_CODES, USAGE
from ..state.terraform_lock import UNLOCK_MIN_AGE_SECONDS
from .deploying import cmd_apply, cmd_down, cmd_up
from .fleet import cmd_atlantis, cmd_ci_roles, cmd_environments, cmd_workflows
from .reading import (
    cmd_bindings,
    cmd_capacity,
    cmd_config,
    cmd_cost,
    cmd_diagram,
    cmd_emulator,
    cmd_env,
    cmd_outputs,
    cmd_verify,
)
from .reviewing import cmd_review
from .state import cmd_bootstrap, cmd_orphans, cmd_state, cmd_unlock


@dataclass(frozen=True)
class Flag:
    names: tuple[str, ...]
    options: dict


def flag(*names: str, **options) -> Flag:
    return Flag(names, options)


YES = flag("--yes", action="store_true", help="on real AWS, apply without showing the plan and asking (automation)")


@dataclass(frozen=True)
class Command:
    name: str
    usage: str  # what follows `bin/net NAME` in the docs' tables
    summary: str  # bin/net help and the README
    details: str  # docs/operations.md
    handler: Callable | None  # None: handled before any environment is loaded (help, test)
    #: "one": --env NAME; "many": --env NAMES or --all; "fleet": every environment; "none"
    scope: str = "one"
    flags: tuple[Flag, ...] = ()
    #: The codes the command can exit with, and what each means for it.
    exits: Mapping[int, str] = field(default_factory=lambda: codes(OK, FAILED, USAGE, INTERRUPTED))
    next_after_interrupt: str | None = None
    #: The exit code of a refusal (bad configuration, usage): 1 where 2 means something else (review).
    refused: int = USAGE
    #: It applies only after refusing orphans, so after Ctrl-C whatever is outside the state was made by
    #: its own interrupted apply and is deleted (``rollout.settle_interrupted_apply``).
    settles_interrupted_apply: bool = False

    def next_step(self, args) -> str:
        return (self.next_after_interrupt or f"bin/net {self.name}").format(**vars(args))

    def exit_help(self) -> str:
        return "exit codes:\n" + "\n".join(f"  {code}  {meaning}" for code, meaning in self.exits.items())


def codes(*chosen: int) -> dict[int, str]:
    return {code: EXIT_CODES[code] for code in chosen}


REVIEW_FLAGS = (
    flag("--plan-file", type=Path, metavar="PATH", help="where to write the plan (default: plan.tfplan in the stack "
                                                        "folder)"),
    flag("--summary", type=Path, metavar="PATH", help="also write the Markdown summary here, and the whole plan text "
                                                      "beside it (review.md: review.plan.txt)"),
    flag("--changes-ok", action="store_true", help="exit 0 instead of 2 when there are changes (errors and findings "
                                                   "still exit 1)"),
    flag("--no-scan", action="store_true", help="skip the checkov scan (a quicker look; CI scans)"),
    flag("--seal", action="store_true", help="also write the plan encrypted with NETWORK_PLAN_KEY beside it "
                                             "(PLANFILE.enc, for a workflow artifact; bin/net apply opens it)"),
    flag("--no-lock", action="store_true", help="plan without taking the state lock (read-only reviews: pull "
                                                "requests, drift), so they never block an apply"),
)
REVIEW_DETAILS = ("CI plan review: synth, init, plan, checkov scan, Markdown summary (drift, every change, the plan "
                  "text; [ci.md](ci.md)); exits 0 no changes, 2 changes, 1 error or finding; several environments "
                  "side by side, one summary and exit code")

TABLE: tuple[Command, ...] = (
    Command("up", "[--yes]", "start the emulator, bootstrap the state bucket, deploy, verify, print the outputs",
            "start the emulator (target `emulator`), synth while it bootstraps the state bucket and checks the lock, "
            "refuse on orphans, deploy, verify, print the outputs once. With an unchanged configuration over a "
            "deployed network, `terraform plan` with the orphan check and `verify` beside it, then the plan applied "
            "if it changes anything; on real AWS without `--yes`, the plan shown and confirmed, then exactly that "
            "plan applied (`ops/rollout.py`)", cmd_up, flags=(YES,), settles_interrupted_apply=True,
            next_after_interrupt="bin/net up (it converges)"),
    Command("down", "[--yes] [--keep-emulator]", "destroy, check nothing is left (§9), stop the emulator",
            "`terraform apply -destroy` (on real AWS: the destroy plan shown and confirmed, or `--yes`), §9 leftovers "
            "check, stop the emulator (`--keep-emulator` leaves it running)", cmd_down,
            flags=(YES, flag("--keep-emulator", action="store_true",
                             help="leave the emulator running after the destroy (for a next up)"))),
    Command("review", "[--plan-file P [--seal]] [--summary F] [--changes-ok] [--no-scan] [--no-lock] [--env A,B \
| --all]",
            "CI plan review: drift, every change, checkov scan, cost delta, the plan text (exit 0/2/1)",
            REVIEW_DETAILS, cmd_review, scope="many", flags=REVIEW_FLAGS,
            exits=REVIEW_EXIT_CODES, refused=FAILED,
            next_after_interrupt="bin/net review"),
    Command("plan", "(the same flags as review)", "the same as review", "the same as `review`", cmd_review,
            scope="many", flags=REVIEW_FLAGS, exits=REVIEW_EXIT_CODES, refused=FAILED),
    Command("apply", "PLANFILE", "apply exactly a reviewed plan; refuses a stale one",
            "apply exactly a plan `review` wrote (a sealed `PLANFILE.enc` opened with `NETWORK_PLAN_KEY`); "
            "refuses a stale one; waits up to 10 minutes for the state lock", cmd_apply,
            flags=(flag("plan_file", type=Path, metavar="PLANFILE", help="a plan written by bin/net review"),),
            next_after_interrupt="bin/net review, then bin/net apply the plan it writes"),
    Command("verify", "[--json]", "§6 checks of the live network against the configuration",
            "§6 checks of the live network (and the baseline beyond the spec); `warn` lines are advice",
            cmd_verify, flags=(flag("--json", action="store_true", help="the checks as JSON"),)),
    Command("outputs", "[--format json|env|eksctl|eniconfig]",
            "the outputs, shell exports, an eksctl `ClusterConfig`, or the pods' `ENIConfig`s",
            "the outputs as JSON, as shell exports, or as an eksctl `ClusterConfig` for a fully private cluster in "
            "this network (refused, with the fix, where the network lacks an endpoint eksctl requires: `ec2`, "
            "`ecr.api`, `ecr.dkr`, `s3`, `sts`; with `pod_cidr` or `prefix_delegation`, the vpc-cni settings and max pods "
            "per node), or one `ENIConfig` per AZ for custom networking ([capacity.md](capacity.md))", cmd_outputs,
            flags=(flag("--format", choices=["json", "env", "eksctl", "eniconfig"], default="json",
                        help="json (default), env (shell exports), eksctl (a ClusterConfig for this network), or "
                             "eniconfig (one ENIConfig per AZ, custom networking)"),)),
    Command("demo", "on|off [--yes]", "the demo ALB on or off (§5)",
            "deploy with the demo ALB switched on / off (only the ALB, target group and listeners change)",
            cmd_up, flags=(flag("switch", choices=["on", "off"], help="deploy with the demo ALB on or off"),
                                     YES), next_after_interrupt="bin/net demo {switch}", settles_interrupted_apply=True),
    Command("cost", "[--gb N] [--demo-hours N] [--flow-logs-gb N] [--json]",
            "§8 estimate, with the NAT alternative and break-even traffic",
            "§8 estimate for the region, with the NAT alternative and break-even traffic", cmd_cost,
            flags=(flag("--demo-hours", type=float, default=None, metavar="N",
                        help="hours the demo ALB runs per month (default: all month while demo_alb is on)"),
                   flag("--gb", type=float, default=0.0, metavar="N",
                        help="GB per month of traffic to AWS services (endpoints vs NAT)"),
                   flag("--flow-logs-gb", type=float, default=0.0, metavar="N",
                        help="GB per month of flow logs CloudWatch Logs ingests (when they go there)"),
                   flag("--json", action="store_true", help="the figures as JSON"))),
    Command("capacity", "[--json]", "whether the planned nodes' pods fit the private subnets, per AZ",
            "per AZ: the private subnet's usable addresses, what the configured nodes (`node_instance_types`, "
            "`node_count`), full, take in secondary-IP mode with the VPC CNI's defaults and with prefix delegation, "
            "max pods per node, and whether it fits ([capacity.md](capacity.md)); exits 1 when it does not", cmd_capacity,
            flags=(flag("--json", action="store_true", help="the figures as JSON"),)),
    Command("bindings", "[--record]", "generate provider bindings for exactly the types the constructs use",
            "generate Python bindings of hashicorp/aws 5.100.0 for exactly the resource and data-source types the "
            "constructs use, from the local provider mirror, into `.bindings/` (seconds, not the whole provider's "
            "minutes); exits 1 when they differ from the committed hash (`--record` records it). "
            "`NETWORK_PROVIDER_BINDINGS=generated` uses them ([leaving-cdktf.md](leaving-cdktf.md))", cmd_bindings,
            flags=(flag("--record", action="store_true", help="record the hash of what was generated as the "
                                                              "committed one"),)),
    Command("diagram", "[--out DIR] [--mermaid]", "the topology as SVG, PNG and Mermaid",
            "the topology as SVG, PNG and Mermaid text (default `docs/diagram/`)", cmd_diagram,
            flags=(flag("--out", type=Path, default=None, metavar="DIR",
                        help="where to write network.svg, .png and .mmd (default: docs/diagram)"),
                   flag("--mermaid", action="store_true", help="print the Mermaid text only"))),
    Command("config", "[--table]", "the effective configuration, or the table of every field",
            "the effective configuration as JSON, or [the configuration table](configuration.md)",
            cmd_config, flags=(flag("--table", action="store_true", help="the Markdown table of every field"),)),
    Command("environments", "[--json] [--changed-since REF]",
            "every environment: region, account, state, stack, CIDR, the files that affect it",
            "every environment: region, account, VPC CIDR, apply order, state, the files that affect it",
            cmd_environments, scope="fleet",
            flags=(flag("--json", action="store_true", help="as JSON (also the step output `matrix` in GitHub Actions)"),
                   flag("--changed-since", metavar="REF",
                        help="only those a change since REF affects (their file, or shared code)"))),
    Command("atlantis", "[--check]", "write `atlantis.yaml` from the environments (one project each)",
            "write `atlantis.yaml` from the environments (`--check`: compare with the committed one)",
            cmd_atlantis, scope="fleet", flags=(flag(
                "--check", action="store_true", help="exit 1 when the committed atlantis.yaml differs from the generated one"),)),
    Command("workflows", "[--check]", "write the apply workflow from the environments",
            "write `.github/workflows/apply.yml` from the environments, a plan and an apply job each (`--check`: "
            "compare with the committed one)", cmd_workflows, scope="fleet", flags=(flag(
                "--check", action="store_true", help="exit 1 when the committed apply workflow differs from the generated one"),)),
    Command("ci-roles", "--env NAME --account ID --repo OWNER/REPO", "an environment's CI role policies, narrowed",
            "the plan and apply roles' trust policies for that environment, narrowed to pull requests and its GitHub "
            "environment, and their permission policies filled in, confined to its own state object", cmd_ci_roles,
            flags=(flag("--account", required=True, metavar="ID", help="the AWS account (12 digits)"),
                   flag("--repo", required=True, metavar="OWNER/REPO", help="the GitHub repository"))),
    Command("orphans", "[--delete] [--yes]", "resources of this environment its state does not hold",
            "resources of this environment that its state does not hold; `--delete` removes them, holding "
            "Terraform's state lock", cmd_orphans,
            flags=(flag("--delete", action="store_true", help="delete them, dependents first"),
                   flag("--yes", action="store_true", help="do not ask (real AWS asks otherwise)"))),
    Command("state", "list | restore VERSION [--yes]", "the state object's versions; make one current again",
            "the state object's versions in the bucket; `restore` makes one current again, holding Terraform's "
            "state lock", cmd_state,
            flags=(flag("action", choices=["list", "restore"], nargs="?", default="list"),
                   flag("version", nargs="?", help="restore: a version id from the list"),
                   flag("--yes", action="store_true", help="do not ask"))),
    Command("unlock", "[--yes] [--force]", "clear a stale state lock after a killed run (a fresh one only with "
            "`--force`)", "clear a stale state lock after a killed run: shows the holder and its age, asks; refuses a "
            f"lock younger than {UNLOCK_MIN_AGE_SECONDS // 60} minutes, or one whose terraform runs here, unless "
            "`--force`", cmd_unlock,
            flags=(flag("--yes", action="store_true", help="do not ask"),
                   flag("--force", action="store_true",
                        help=f"clear a lock younger than {UNLOCK_MIN_AGE_SECONDS // 60} minutes, or while a terraform "
                             "process works on the stack here (it may break that run)"))),
    Command("bootstrap", "", "create or re-assert the state bucket", "create or re-assert the state bucket "
            "(idempotent)", cmd_bootstrap),
    Command("emulator", "start|stop|status", "the emulator alone", "the emulator alone; `status` exits 3 when it is "
            "not running", cmd_emulator, scope="none",
            flags=(flag("action", choices=["start", "stop", "status"], nargs="?", default="status"),),
            exits=codes(OK, FAILED, USAGE, NOT_RUNNING)),
    Command("env", "", "the exports for running `cdktf` or `terraform` by hand",
            "the exports for running `cdktf` or `terraform` by hand, with every `NETWORK_*` in effect", cmd_env),
    Command("test", "[pytest args]", "the test suite (`-m \"not emulator\"`: the two-minute loop)",
            "the test suite; arguments pass to pytest ([testing.md](testing.md))", None, scope="none",
            flags=(flag("pytest_args", nargs=argparse.REMAINDER, help="passed to pytest"),),
            # pytest's own exit codes, passed on.
            exits={OK: "every selected test passed", 1: "a test failed", 2: "pytest was interrupted",
                   4: "pytest's usage error", 5: "no test was selected"}),
    Command("help", "[command] [--markdown [--details]]", "this overview, or one command's help",
            "what each command does and takes (also `bin/net <command> --help`); `--markdown` prints this table",
            None, scope="none", exits=codes(OK, USAGE),
            flags=(flag("--markdown", action="store_true", help="the command table as Markdown (the README's)"),
                   flag("--details", action="store_true", help="with --markdown: docs/operations.md's table"))),
)
BY_NAME = {command.name: command for command in TABLE}


def markdown(detailed: bool) -> str:
    """The Markdown command table of the README (summaries) or docs/operations.md (details)."""
    rows = ["| Command | Does | Exits |" if detailed else "| Command | Does |", "|---|---|---|" if detailed else "|---|---|"]
    for command in TABLE:
        usage = f"bin/net {command.name} {command.usage}".strip().replace("|", "\\|")
        exits = f" {', '.join(map(str, command.exits))} |" if detailed else ""
        rows.append(f"| `{usage}` | {command.details if detailed else command.summary} |{exits}")
    return "\n".join(rows)
