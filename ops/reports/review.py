"""Plan review for CI: synth → terraform init → plan → show → a Markdown summary a reviewer can decide
from: what changed outside Terraform, every change (destroys and replacements first) with what changes
in it and which thing it is, the checkov scan of the plan, the §8 cost delta, and Terraform's own plan
text collapsed, the whole within GitHub's comment limit.

No side effects beyond the plan: no state bucket bootstrap, no emulator start on target ``aws``. The
plan JSON stays beside the plan file in the stack folder and is never part of the summary (it can hold
secrets); values Terraform marks sensitive are masked in the summary as in its own plan text. Exit codes: 0 no changes, 2 changes, 1 an error or a scan finding not skipped in
``.checkov.yaml`` (``EXIT_CODES`` in ``errors.py``).
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from deploy.schema import NetworkConfig
from deploy.settings import CHECKOV_BIN, CHECKOV_CONFIG

from ..errors import CommandError, NetError
from ..terraform import run as terraform_run
from . import plan_diff
from .cost import rates_for
from .plan_diff import AttributeChange, Drift
from .prices import HOURS_PER_MONTH, Rates

# Terraform's action lists (plan JSON, `resource_changes[].change.actions`) by what a reviewer calls them.
KINDS = {("create",): "create", ("update",): "update", ("delete",): "destroy",
         ("delete", "create"): "replace", ("create", "delete"): "replace"}
MARKED = ("destroy", "replace")
#: GitHub refuses a comment longer than this (characters).
COMMENT_LIMIT = 65_536
#: Attribute lines shown per resource before "… and N more".
ATTRIBUTES_SHOWN = 8


@dataclass(frozen=True)
class Change:
    address: str
    kind: str            # create, update, destroy, replace
    resource_type: str
    reason: str = ""     # Terraform's action_reason, e.g. replace_because_cannot_update
    replace_paths: tuple[str, ...] = ()
    label: str = ""      # what a person recognises: its Name tag or construct path
    attributes: tuple[AttributeChange, ...] = ()  # update and replace: what changes
    keys: str = ""       # create and destroy: the identifying attributes


@dataclass(frozen=True)
class Finding:
    check_id: str
    name: str
    resource: str
    guideline: str = ""


@dataclass
class Review:
    changes: list[Change]
    findings: list[Finding]
    skipped: list[str]
    cost_delta: float
    plan_file: Path
    scanned: bool = True
    summary: str = ""
    drift: list[Drift] = field(default_factory=list)  # changed outside Terraform since the last apply
    plan_text: str = ""        # Terraform's own plan text, no colour
    full_text_at: str = ""     # where the whole plan text is when the summary shortens it

    @property
    def counts(self) -> dict[str, int]:
        return count(self.changes)

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)


def changes(plan: dict, paths: dict[str, str] | None = None) -> list[Change]:
    """Every managed resource that changes, destroys and replacements first, then by address."""
    found = []
    for item in plan.get("resource_changes", []):
        change = item["change"]
        kind = KINDS.get(tuple(change["actions"]))
        if kind is None or item.get("mode") == "data":
            continue
        forced = tuple(plan_diff.path_text(path) for path in change.get("replace_paths", []) or [])
        keys = ""
        if kind == "create":
            keys = plan_diff.key_attributes(item["type"], change.get("after"), change.get("after_unknown"),
                                            change.get("after_sensitive"))
        elif kind == "destroy":
            keys = plan_diff.key_attributes(item["type"], change.get("before"), None, change.get("before_sensitive"))
        attributes = tuple(plan_diff.attribute_changes(change)) if kind in ("update", "replace") else ()
        if kind == "replace":
            # A successor's computed attributes (id, arn, defaults, …) are unknown or unset until it exists:
            # what forces it and what it is given is what a reviewer needs.
            attributes = tuple(a for a in attributes
                               if a.path in forced or a.after not in (plan_diff.UNKNOWN, plan_diff.NONE))
        found.append(Change(item["address"], kind, item["type"], item.get("action_reason", ""), forced,
                            plan_diff.label(item["type"], change, (paths or {}).get(item["address"], "")),
                            attributes, keys))
    return sorted(found, key=lambda c: (c.kind not in MARKED, c.kind != "destroy", c.address))


def count(found: list[Change]) -> dict[str, int]:
    return {kind: sum(c.kind == kind for c in found) for kind in ("create", "update", "destroy", "replace")}


def _hourly(resource_type: str, values: dict | None, unknown: dict | None, rates: Rates, zones: int) -> float:
    """What one resource costs per hour, from its planned values. An interface endpoint costs per subnet
    (AZ); while its subnet ids are still unknown, it counts one per zone of the configuration."""
    if values is None:
        return 0.0
    if resource_type == "aws_vpc_endpoint" and values.get("vpc_endpoint_type") == "Interface":
        subnets = values.get("subnet_ids") or (unknown or {}).get("subnet_ids")
        return rates.interface_endpoint_az_hour * (len(subnets) if isinstance(subnets, list) else zones)
    if resource_type == "aws_lb":
        return rates.alb_hour + zones * rates.public_ipv4_hour
    if resource_type == "aws_nat_gateway":
        return rates.nat_gateway_hour
    if resource_type == "aws_eip":
        return rates.public_ipv4_hour
    return 0.0


def cost_delta(plan: dict, zones: int, rates: Rates) -> float:
    """Change of the hourly charges per month (USD), before per-GB and LCU usage."""
    delta = 0.0
    for item in plan.get("resource_changes", []):
        change = item["change"]
        if "no-op" in change["actions"] or item.get("mode") == "data":
            continue
        delta += _hourly(item["type"], change.get("after"), change.get("after_unknown"), rates, zones)
        delta -= _hourly(item["type"], change.get("before"), None, rates, zones)
    return round(delta * HOURS_PER_MONTH, 2)


def skipped_checks(config_file: Path = CHECKOV_CONFIG) -> list[str]:
    """The deliberate skips of ``.checkov.yaml``: ``- CKV_… # reason`` lines under ``skip-check``."""
    skips, inside = [], False
    for line in config_file.read_text().splitlines():
        if line.startswith("skip-check:"):
            inside = True
        elif inside and line.lstrip().startswith("- "):
            skips.append(line.strip()[2:])
        elif inside and line.strip() and not line.startswith((" ", "#")):
            inside = False
    return skips


def scan(plan_json: Path) -> list[Finding]:
    """checkov's terraform_plan framework on the plan JSON; the skips come from the committed config."""
    if not CHECKOV_BIN.exists():
        raise NetError(f"checkov is not installed at {CHECKOV_BIN}: run bin/net (it installs it) or "
                       "PIPENV_PIPFILE=tools/checkov/Pipfile pipenv sync")
    result = subprocess.run(
        [str(CHECKOV_BIN), "--file", str(plan_json), "--framework", "terraform_plan", "--config-file",
         str(CHECKOV_CONFIG), "--output", "json", "--soft-fail", "--compact", "--quiet"],
        capture_output=True, text=True, stdin=subprocess.DEVNULL,
        env={**os.environ, "BC_SKIP_MAPPING": "TRUE", "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false",
             "LOG_LEVEL": "ERROR"})
    if result.returncode != 0:
        raise CommandError(f"checkov exited {result.returncode}\n{(result.stderr or result.stdout)[-3000:]}")
    report = json.loads(result.stdout or "{}")
    reports = report if isinstance(report, list) else [report]
    if not any(r.get("summary", {}).get("resource_count") for r in reports if isinstance(r, dict)):
        raise CommandError(f"checkov scanned no resources in {plan_json}; the scan would prove nothing")
    return [Finding(c["check_id"], c.get("check_name", ""), c.get("resource", ""), c.get("guideline") or "")
            for r in reports for c in r.get("results", {}).get("failed_checks", [])]


def markdown(config: NetworkConfig, review: Review, limit: int = COMMENT_LIMIT) -> str:
    """The summary, within ``limit`` characters: when it would pass it, Terraform's plan text is cut
    first, then the change rows, each with a note saying where the whole of it is."""
    text = _markdown(config, review, review.plan_text, review.changes)
    if len(text) <= limit:
        return text
    where = review.full_text_at or "the plan file's `terraform show`"
    note = f"\n… shortened to stay within GitHub's comment limit: the whole plan text is in {where}.\n"
    budget = max(0, len(review.plan_text) - (len(text) - limit) - len(note) - 200)
    text = _markdown(config, review, review.plan_text[:budget].rsplit("\n", 1)[0] + note, review.changes)
    rows = len(review.changes)
    while len(text) > limit and rows > 0:
        rows = max(0, rows - max(1, rows // 10))
        text = _markdown(config, review, note, review.changes[:rows], shortened=len(review.changes) - rows,
                         where=where)
    return text


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _what_changes(change: Change) -> str:
    if change.kind in ("create", "destroy"):
        return _cell(change.keys)
    lines = []
    if change.replace_paths:
        lines.append("forced by " + ", ".join(f"`{p}`" for p in change.replace_paths))
    for attribute in change.attributes[:ATTRIBUTES_SHOWN]:
        lines.append(f"`{_cell(attribute.path)}`: `{_cell(attribute.before)}` → `{_cell(attribute.after)}`")
    if len(change.attributes) > ATTRIBUTES_SHOWN:
        lines.append(f"… and {len(change.attributes) - ATTRIBUTES_SHOWN} more (the plan text below)")
    if not lines and change.reason:
        lines.append(change.reason.replace("_", " "))
    return "<br>".join(lines)


def _drift_section(review: Review) -> list[str]:
    if not review.drift:
        return []
    lines = ["", "#### Changed outside Terraform since the last apply", ""]
    for item in review.drift:
        shown = "; ".join(f"`{_cell(c.path)}`: `{_cell(c.before)}` → `{_cell(c.after)}`"
                          for c in item.changes[:ATTRIBUTES_SHOWN])
        more = f"; … and {len(item.changes) - ATTRIBUTES_SHOWN} more" if len(item.changes) > ATTRIBUTES_SHOWN else ""
        verdict = "**this plan reverts it**" if item.reverted else "this plan keeps it"
        lines.append(f"- {item.label} (`{item.address}`): {shown}{more}; {verdict}.")
    return lines


def _markdown(config: NetworkConfig, review: Review, plan_text: str, shown: list[Change], shortened: int = 0,
              where: str = "") -> str:
    n = review.counts
    lines = [f"### Plan review: `{config.stack_name}` ({config.target}, {config.region})", ""]
    if not review.changes:
        lines.append("**No changes.** The live network matches the configuration.")
    else:
        lines.append(f"**{n['create']} to add, {n['update']} to change, {n['destroy']} to destroy, "
                     f"{n['replace']} to replace.**")
        if n["destroy"] or n["replace"]:
            lines += ["", f"> **Warning:** {n['destroy'] + n['replace']} resource(s) will be destroyed or "
                          "replaced (listed first). A replacement deletes the live resource before or after "
                          "creating its successor: check what depends on it."]
    lines += _drift_section(review)
    if review.changes:
        lines += ["", "| Action | Resource | What changes |", "|---|---|---|"]
        for change in shown:
            action = f"**{change.kind.upper()}**" if change.kind in MARKED else change.kind
            what = f"{change.label}<br>`{change.address}`" if change.label else f"`{change.address}`"
            lines.append(f"| {action} | {what} | {_what_changes(change)} |")
        if shortened:
            lines.append(f"| … | {shortened} more change(s) | shortened: the whole plan text is in {where} |")
    lines += ["", "#### Security scan (checkov, `terraform_plan`)", ""]
    if not review.scanned:
        lines.append("Not scanned (`--no-scan`): run the review without it before this plan is applied.")
    elif review.findings:
        lines += [f"**{len(review.findings)} finding(s)** not in `.checkov.yaml`'s deliberate skips:", "",
                  "| Check | Resource | |", "|---|---|---|"]
        lines += [f"| {f.check_id} | `{f.resource}` | {f.name} |" for f in review.findings]
    else:
        lines.append(f"No findings ({len(review.skipped)} deliberate skips in `.checkov.yaml`).")
    sign = "+" if review.cost_delta >= 0 else "-"
    lines += ["", "#### Cost (§8)", "",
              f"Hourly charges change by **{sign}${abs(review.cost_delta):.2f} per month** "
              f"({HOURS_PER_MONTH} h; before per-GB and LCU usage; {config.region} list prices, "
              "`ops/reports/prices.py`)."]
    if plan_text.strip():
        fence = "````" if "```" in plan_text else "```"
        lines += ["", f"<details><summary>Terraform's plan ({plan_text.count(chr(10)) + 1} lines)</summary>", "",
                  f"{fence}text", plan_text.rstrip("\n"), fence, "", "</details>"]
    return "\n".join(lines) + "\n"


_PROGRESS_LINE = re.compile(r"^\S+: (Refreshing state\.\.\.|Reading\.\.\.|Read complete after)")


def plan_text_of(plan_output: str) -> str:
    """What `terraform show` would print for the saved plan, from `terraform plan`'s own output: without
    the refresh progress lines, and without the closing "Saved the plan to: <path>" note."""
    lines = [line for line in plan_output.splitlines() if not _PROGRESS_LINE.match(line)]
    for index, line in enumerate(lines):
        if line.startswith("Saved the plan to:"):
            while index and (not lines[index - 1].strip() or set(lines[index - 1].strip()) == {"─"}):
                index -= 1
            lines = lines[:index]
            break
    return "\n".join(lines).strip("\n") + "\n"


def review(config: NetworkConfig, say, plan_file: Path | None = None, security_scan: bool = True,
           full_text_at: str = "", prepared: bool = False, limit: int = COMMENT_LIMIT) -> Review:
    """``prepared``: the stack is synthesized and initialized already (``review_many`` does both)."""
    if not prepared:
        say("synthesizing")
        terraform_run.synth(config)
        say("terraform init")
        terraform_run.init(config)
    plan_file = (plan_file or terraform_run.stack_dir(config) / "plan.tfplan").resolve()
    # No separate `terraform validate`: the plan validates the configuration first and reports the
    # same errors, and a second process would load the provider's schema a second time.
    say(f"terraform plan (saved to {plan_file})")
    planned = terraform_run.terraform(config, "plan", "-input=false", "-detailed-exitcode", f"-out={plan_file}",
                                      ok_codes=(0, 2))
    plan_json = plan_file.with_suffix(".json")
    plan_json.write_text(terraform_run.terraform(config, "show", "-json", str(plan_file)).stdout)
    # The plan's own text, as `terraform plan` printed it, without a `terraform show` process more.
    plan_text = plan_text_of(planned.stdout)
    plan_file.with_suffix(".txt").write_text(plan_text)
    plan = json.loads(plan_json.read_text())
    if security_scan:
        say("checkov scan of the plan")
    paths = plan_diff.construct_paths(terraform_run.stack_dir(config) / "cdk.tf.json")
    result = Review(changes(plan, paths), scan(plan_json) if security_scan else [], skipped_checks(),
                    cost_delta(plan, len(config.azs), rates_for(config.region)), plan_file,
                    scanned=security_scan, drift=plan_diff.drift(plan, paths), plan_text=plan_text,
                    full_text_at=full_text_at)
    result.summary = markdown(config, result, limit)
    return result


@dataclass
class FleetReview:
    reviews: dict[str, Review]      # by environment, in the order of the summary
    errors: dict[str, str]          # environments whose review failed, and why
    summary: str

    @property
    def findings(self) -> int:
        return sum(len(r.findings) for r in self.reviews.values())

    @property
    def has_changes(self) -> bool:
        return any(r.has_changes for r in self.reviews.values())


def parallel_limit(count: int) -> int:
    """Plans at once: one per core (each terraform plan keeps a core busy loading the provider and
    refreshing), never more than there are environments."""
    return max(1, min(count, os.cpu_count() or 1))


def review_many(configs: list[NetworkConfig], say, security_scan: bool = True) -> FleetReview:
    """Each environment planned in its own stack folder and plan file, side by side up to
    ``parallel_limit``, after one synth of them all; one summary, a section per environment, those that
    destroy or replace first, then failures, then the rest."""
    from deploy.app import synth_unless_unchanged

    say(f"synthesizing {len(configs)} environments")
    synth_unless_unchanged(configs, terraform_run.default_outdir())
    limit = COMMENT_LIMIT // len(configs)
    say(f"planning {len(configs)} environments, {parallel_limit(len(configs))} at a time")
    installing = threading.Lock()  # one init at a time: the shared plugin cache is not safe for concurrent installs

    def one(config: NetworkConfig) -> Review:
        with installing:
            terraform_run.init(config)
        return review(config, lambda _message: None, security_scan=security_scan, prepared=True, limit=limit,
                      full_text_at=f"`plan.txt` in {terraform_run.stack_dir(config)}")

    reviews, errors = {}, {}
    with ThreadPoolExecutor(max_workers=parallel_limit(len(configs))) as pool:
        running = {config.environment: pool.submit(one, config) for config in configs}
        for name, future in running.items():
            try:
                reviews[name] = future.result()
            except NetError as error:
                errors[name] = str(error)
    marked = [n for n, r in reviews.items() if r.counts["destroy"] or r.counts["replace"]]
    order = marked + list(errors) + [n for n in reviews if n not in marked]
    sections = [f"## Fleet review: {len(configs)} environment(s)", ""]
    for name in order:
        if name in errors:
            sections += [f"### Plan review: `network-{name}` failed", "", "```text", errors[name][-3000:], "```", ""]
        else:
            sections.append(reviews[name].summary)
    return FleetReview({n: reviews[n] for n in order if n in reviews}, errors, "\n".join(sections))


def apply(config: NetworkConfig, plan_file: Path, say) -> None:
    """Applies exactly the reviewed plan; Terraform itself refuses it if the state changed since."""
    if not plan_file.is_file():
        raise NetError(f"no plan file at {plan_file}: run bin/net review first")
    say("synthesizing (the stack folder Terraform applies the plan in)")
    terraform_run.synth(config)
    say("terraform init")
    terraform_run.init(config)
    say(f"terraform apply {plan_file}")
    result = terraform_run.terraform(config, "apply", "-input=false", str(plan_file.resolve()), ok_codes=(0, 1))
    if result.returncode:
        if "Saved plan is stale" in result.stderr:
            raise NetError(f"the plan {plan_file} is stale: the state changed after it was made, so applying "
                           "it could undo someone else's change. Review again (bin/net review) and apply the "
                           "new plan.")
        raise CommandError(f"terraform apply {plan_file} failed\n{result.stderr[-4000:]}")
    print(next((line for line in result.stdout.splitlines() if line.startswith("Apply complete!")),
               f"applied {plan_file}"))
