"""What a plan changes, in words a reviewer can decide from: per resource, the attributes that change
(nested paths, ``route[0]``, ``tags_all.Owner``) with before → after, unknown values as "known after
apply", sensitive values masked; the key attributes of what is created or destroyed; which thing a
Terraform address is (its Name tag, or its construct path). Policies are compared as documents
(``policy_diff``); what changed outside Terraform is ``drift``.

Everything comes from Terraform's plan JSON and the stack's own ``cdk.tf.json`` (construct paths).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from . import policy_diff

MISSING = object()
LONG = 80
SENSITIVE = "(sensitive)"
UNKNOWN = "(known after apply)"
NONE = "(none)"

# What identifies a resource of each type when it is created or destroyed.
KEY_ATTRIBUTES = {
    "aws_vpc": ("cidr_block",),
    "aws_subnet": ("cidr_block", "availability_zone", "map_public_ip_on_launch"),
    "aws_route": ("destination_cidr_block", "destination_prefix_list_id", "gateway_id"),
    "aws_vpc_security_group_ingress_rule": ("ip_protocol", "from_port", "to_port", "cidr_ipv4",
                                            "referenced_security_group_id", "prefix_list_id"),
    "aws_vpc_security_group_egress_rule": ("ip_protocol", "from_port", "to_port", "cidr_ipv4",
                                           "referenced_security_group_id", "prefix_list_id"),
    "aws_security_group": ("name",),
    "aws_vpc_endpoint": ("service_name", "vpc_endpoint_type", "private_dns_enabled"),
    "aws_lb": ("name", "load_balancer_type", "internal"),
    "aws_lb_target_group": ("name", "target_type", "protocol", "port"),
    "aws_lb_listener": ("protocol", "port", "ssl_policy"),
    "aws_flow_log": ("traffic_type", "log_destination_type"),
    "aws_cloudwatch_log_group": ("name", "retention_in_days"),
    "aws_iam_role": ("name",),
    "aws_ssm_parameter": ("name", "type", "value"),
    "aws_route_table_association": ("subnet_id", "route_table_id"),
}
# Nouns a person uses for a resource type, where dropping "aws_" and the underscores is not enough.
NOUNS = {"aws_vpc": "VPC", "aws_lb": "load balancer", "aws_lb_listener": "load balancer listener",
         "aws_lb_target_group": "target group", "aws_vpc_endpoint": "VPC endpoint",
         "aws_vpc_security_group_ingress_rule": "ingress rule", "aws_vpc_security_group_egress_rule": "egress rule",
         "aws_iam_role": "IAM role", "aws_ssm_parameter": "SSM parameter",
         "aws_default_network_acl": "default network ACL"}


@dataclass(frozen=True)
class AttributeChange:
    path: str
    before: str
    after: str


def attribute_changes(change: dict) -> list[AttributeChange]:
    """The leaves that differ between ``before`` and ``after`` of a plan's change, rendered. Where the
    resource has ``tags_all`` (every tag it carries, the provider's default tags included), tag changes are
    read there only: ``tags`` holds a subset, and a default tag whose value the configuration changed reads
    back under ``tags`` for one refresh, which would show as a change nobody made."""
    found: list[AttributeChange] = []
    _walk("", change.get("before"), change.get("after"), change.get("after_unknown") or {},
          change.get("before_sensitive") or {}, change.get("after_sensitive") or {}, found)
    if any("tags_all" in (change.get(side) or {}) for side in ("before", "after")):
        found = [c for c in found if c.path != "tags" and not c.path.startswith("tags.")]
    return found


def _walk(path: str, before, after, unknown, before_secret, after_secret, found: list[AttributeChange]) -> None:
    if before_secret is True or after_secret is True:
        if before != after or unknown is True:
            found.append(AttributeChange(path, _secret(before), UNKNOWN if unknown is True else _secret(after)))
        return
    if unknown is True:
        found.append(AttributeChange(path, render(before), UNKNOWN))
        return
    if _empty(before) and _empty(after):
        return
    if isinstance(before, dict) and isinstance(after, dict):
        for key in sorted(set(before) | set(after)):
            _walk(_join(path, key), before.get(key, MISSING), after.get(key, MISSING), _at(unknown, key),
                  _at(before_secret, key), _at(after_secret, key), found)
        return
    if isinstance(before, list) and isinstance(after, list):
        for index in range(max(len(before), len(after))):
            _walk(f"{path}[{index}]", before[index] if index < len(before) else MISSING,
                  after[index] if index < len(after) else MISSING, _at(unknown, index),
                  _at(before_secret, index), _at(after_secret, index), found)
        return
    if before != after:
        docs = policy_diff.documents(None if before is MISSING else before, None if after is MISSING else after)
        if docs is None:
            found.append(AttributeChange(path, render(before), render(after)))
        else:  # a policy: per statement and action; equal documents in another layout are no change
            found.extend(AttributeChange(where, was or NONE, now or NONE)
                         for where, was, now in policy_diff.changes(path, *docs))


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _at(mask, key):
    if isinstance(mask, dict):
        return mask.get(key, {})
    if isinstance(mask, list):
        return mask[key] if isinstance(key, int) and key < len(mask) else {}
    return mask


def _empty(value) -> bool:
    return value is MISSING or value is None or value in ("", [], {})


def _secret(value) -> str:
    return NONE if _empty(value) else SENSITIVE


def render(value) -> str:
    """A value as one short line: a block or list element by its set fields (``cidr_block=0.0.0.0/0``)."""
    if _empty(value):
        return NONE
    if isinstance(value, dict):
        text = ", ".join(f"{k}={_scalar(v)}" for k, v in value.items() if not _empty(v))
    elif isinstance(value, list):
        text = "[" + ", ".join(_scalar(v) for v in value) + "]"
    else:
        text = _scalar(value)
    return shorten(text)


def _scalar(value) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"))
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def shorten(text: str, limit: int = LONG) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def key_attributes(resource_type: str, values: dict | None, unknown: dict | None, sensitive: dict | None) -> str:
    """``cidr_block=10.0.1.0/24, availability_zone=ap-southeast-1a`` for a created or destroyed resource."""
    values, unknown, sensitive = values or {}, unknown or {}, sensitive or {}
    parts = []
    for name in KEY_ATTRIBUTES.get(resource_type, ()):
        if sensitive.get(name) is True:
            parts.append(f"{name}={SENSITIVE}")
        elif unknown.get(name) is True:
            parts.append(f"{name}={UNKNOWN}")
        elif not _empty(values.get(name)):
            parts.append(f"{name}={render(values[name])}")
    return ", ".join(parts)


def construct_paths(stack_json: Path) -> dict[str, str]:
    """Terraform address → construct path below the stack (``network/private-rt``), from cdk.tf.json."""
    try:
        resources = json.loads(stack_json.read_text()).get("resource", {})
    except (OSError, ValueError):
        return {}
    paths = {}
    for kind, named in resources.items():
        for name, body in named.items():
            path = body.get("//", {}).get("metadata", {}).get("path", "")
            paths[f"{kind}.{name}"] = path.split("/", 1)[1] if "/" in path else path
    return paths


def label(resource_type: str, change: dict, construct_path: str = "") -> str:
    """What a person recognises: ``private route table `mlops-hybrid-private-workloads-rt```."""
    noun = NOUNS.get(resource_type, resource_type.removeprefix("aws_").replace("_", " "))
    for side in ("after", "before"):
        values = change.get(side) or {}
        name = (values.get("tags") or {}).get("Name") or (values.get("tags_all") or {}).get("Name")
        if name:
            return f"{noun} `{name}`"
    return f"{noun} `{construct_path}`" if construct_path else noun


def top_attribute(path: str) -> str:
    """The resource attribute a rendered path starts with: ``route`` of ``route[0].cidr_block``."""
    return path.split(".")[0].split("[")[0]


def configured(plan: dict) -> dict[str, dict]:
    """Per resource address, the expressions its configuration sets (plan JSON ``configuration``: the
    attributes it names, each with its ``references``); our stacks are one root module."""
    return {r["address"]: r.get("expressions", {}) for r in
            plan.get("configuration", {}).get("root_module", {}).get("resources", [])}


def path_text(parts: list) -> str:
    """Terraform's path list (``replace_paths``, ``relevant_attributes``) as the summary writes paths:
    ``route[0].cidr_block``."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
