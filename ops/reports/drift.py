"""What changed outside Terraform since the last apply, from the plan's ``resource_drift``: every change,
whether this plan puts it back or keeps it (and why), and a resource deleted by hand as such, with what
its absence breaks. Left out are only what a refresh reads that is not a change: what other resources
of this stack manage inside this one (a group's rules, a table's routes, a role's inline policy; their
additions by hand are found from the live network, ``ops/live/extras.py``) and a default the provider
fills in where the state had none."""
from __future__ import annotations

from dataclasses import dataclass

from deploy.validation import WITHOUT_ENDPOINT

from .plan_diff import NONE, AttributeChange, attribute_changes, configured, label, top_attribute

#: Attributes a refresh fills from resources of their own (hashicorp/aws 5.100: aws_security_group's
#: ingress/egress list the aws_vpc_security_group_*_rule resources, aws_route_table's route the
#: aws_route resources, aws_iam_role's inline_policy the aws_iam_role_policy resources).
FILLED_BY_OTHERS = {"aws_security_group": ("ingress", "egress"), "aws_route_table": ("route",),
                    "aws_iam_role": ("inline_policy",)}
#: Values a refresh reads back where the state held none: the provider's defaults, not a change.
FILLED_DEFAULTS = ("0", "false")
#: What the network loses without a resource of each type (endpoints: by service, WITHOUT_ENDPOINT).
WITHOUT = {
    "aws_internet_gateway": "§1.3 nothing in the public subnets (the ALB) can be reached from the internet",
    "aws_route": "§1.4 the public subnets lose their route to the internet gateway",
    "aws_flow_log": "the VPC's traffic is no longer recorded",
    "aws_security_group": "what used this group (nodes, endpoints, the ALB) loses its rules",
    "aws_subnet": "nothing can be placed in this subnet's AZ",
    "aws_lb": "§5 the demo is unreachable",
}


@dataclass(frozen=True)
class Drift:
    address: str
    label: str
    changes: tuple[AttributeChange, ...]
    reverted: bool
    #: Why the plan keeps a change (empty when it reverts it).
    kept_because: str = ""
    #: The changed paths this plan keeps (none when it reverts them all).
    kept: tuple[str, ...] = ()
    deleted: bool = False
    #: What the network cannot do while a deleted resource is missing.
    breaks: str = ""


def _noise(resource_type: str, change: AttributeChange, reverting: set[str]) -> bool:
    """A provider default read back, wherever it is; a path other resources fill, unless the plan reverts it
    (then this resource manages it inline, as the private route table does its routes)."""
    if change.before == NONE and change.after in FILLED_DEFAULTS:
        return True
    return change.path not in reverting and top_attribute(change.path) in FILLED_BY_OTHERS.get(resource_type, ())


def breaks(resource_type: str, values: dict) -> str:
    if resource_type == "aws_vpc_endpoint":
        return WITHOUT_ENDPOINT.get(str(values.get("service_name", "")).split(".", 3)[-1], "")
    return WITHOUT.get(resource_type, "")


def drift(plan: dict, paths: dict[str, str]) -> list[Drift]:
    planned = {item["address"]: item["change"] for item in plan.get("resource_changes", [])
               if item["change"]["actions"] not in (["no-op"], ["read"])}
    expressions = configured(plan)
    found = []
    for item in plan.get("resource_drift", []):
        if item.get("mode") == "data":
            continue
        address, change, kind = item["address"], item["change"], item["type"]
        name = label(kind, change, paths.get(address, ""))
        if change.get("after") is None:
            found.append(Drift(address, name, (), address in planned, deleted=True,
                               kept_because="" if address in planned else "the plan does not create it again",
                               breaks=breaks(kind, change.get("before") or {})))
            continue
        reverting = {c.path for c in attribute_changes(planned[address])} if address in planned else set()
        changed = [c for c in attribute_changes(change) if not _noise(kind, c, reverting)]
        if not changed:
            continue
        kept = tuple(c.path for c in changed if c.path not in reverting)
        unset = [p for p in kept if top_attribute(p) not in expressions.get(address, {})]
        why = ""
        if kept:
            why = (f"the configuration does not set {', '.join(f'`{p}`' for p in unset)}, so Terraform keeps "
                   "the live value" if unset else "Terraform reads the live value as equal to the configuration")
        found.append(Drift(address, name, tuple(changed), not kept, why, kept))
    return found
