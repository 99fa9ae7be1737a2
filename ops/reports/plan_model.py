"""What a plan changes, as a reviewer reads it: each change and its kind, the counts, the hourly cost delta."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from . import plan_diff
from .drift import Drift
from .plan_diff import AttributeChange
from .prices import HOURS_PER_MONTH, Rates
from .scan import Finding

# Terraform's action lists (plan JSON, `resource_changes[].change.actions`) by what a reviewer calls them.
KINDS = {("create",): "create", ("update",): "update", ("delete",): "destroy",
         ("delete", "create"): "replace", ("create", "delete"): "replace"}
MARKED = ("destroy", "replace")


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
    #: A replacement's order, from its actions: "destroy first" (delete, create) or "create first".
    order: str = ""
    #: Replacements this one forces: resources whose forcing attribute refers to it (whole chain).
    forces: tuple[str, ...] = ()
    #: The replacement that forces this one, when another does.
    forced_by: str = ""


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
    #: What the live network holds that no resource manages (a rule or route added by hand).
    live_differences: list[str] = field(default_factory=list)
    #: Whether the configured nodes' pods fit the private subnets (reports/capacity.line).
    capacity: str = ""

    @property
    def counts(self) -> dict[str, int]:
        return count(self.changes)

    @property
    def terraform_counts(self) -> dict[str, int]:
        """Terraform's own "Plan: N to add, M to change, K to destroy": a replacement adds one and destroys one."""
        n = self.counts
        return {"add": n["create"] + n["replace"], "change": n["update"], "destroy": n["destroy"] + n["replace"]}

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)

    @property
    def drifted(self) -> bool:
        return bool(self.drift or self.live_differences)

    @property
    def differs(self) -> bool:
        """Anything to say "no" to "does the live network match the configuration?": review exits 2."""
        return self.has_changes or self.drifted


def changes(plan: dict, paths: dict[str, str] | None = None) -> list[Change]:
    """Every managed resource that changes: destroys, then replacements (each chain's first resource, then
    the ones it forces), then the rest by address."""
    found = {}
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
        order = ("destroy first" if change["actions"][0] == "delete" else "create first") if kind == "replace" else ""
        found[item["address"]] = Change(
            item["address"], kind, item["type"], item.get("action_reason", ""), forced,
            plan_diff.label(item["type"], change, (paths or {}).get(item["address"], "")), attributes, keys, order)
    found = _chains(plan, found)
    return sorted(found.values(), key=lambda c: (c.kind not in MARKED, c.kind != "destroy",
                                                  c.forced_by or c.address, bool(c.forced_by), c.address))


def _chains(plan: dict, found: dict[str, Change]) -> dict[str, Change]:
    """Which replacement forces which: a replacement whose forcing attribute refers (in the plan's
    ``configuration``) to another replaced resource is forced by it; each chain is named by its first."""
    replaced = {a for a, c in found.items() if c.kind == "replace"}
    expressions = plan_diff.configured(plan)
    parent = {}
    for address in replaced:
        for path in found[address].replace_paths:
            refs = expressions.get(address, {}).get(plan_diff.top_attribute(path), {}).get("references", [])
            forcing = [ref for ref in refs if ref in replaced and ref != address]
            if forcing:
                parent[address] = forcing[0]

    def root(address: str, seen: frozenset = frozenset()) -> str:
        up = parent.get(address)
        return address if up is None or up in seen else root(up, seen | {address})

    chains: dict[str, list[str]] = {}
    for address in sorted(parent):
        chains.setdefault(root(address), []).append(address)
    for first, dependents in chains.items():
        found[first] = replace(found[first], forces=tuple(dependents))
        for address in dependents:
            found[address] = replace(found[address], forced_by=first)
    return found


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
