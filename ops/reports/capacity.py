"""`bin/net capacity`: whether the planned nodes and their pods fit the private subnets, per AZ, in
secondary-IP mode (the CNI's defaults) and with prefix delegation; one line of it in `verify` and the
review. The arithmetic is deploy/capacity.py's; docs/capacity.md explains it."""
from __future__ import annotations

import json

from deploy import capacity
from deploy.schema import NetworkConfig

from ..live import instance_limits


def line(found: list[capacity.Zone]) -> str:
    """``2 × m5.large (full, VPC CNI defaults) fit: the fullest AZ, ap-southeast-1a, uses 30 of 251 …``."""
    worst = min(found, key=lambda z: z.usable - z.secondary_ip)
    verdict = "fit" if all(z.fits for z in found) else "DO NOT FIT"
    nodes = sum(z.nodes for z in found)
    return (f"{nodes} × {worst.instance_type} (full, VPC CNI defaults) {verdict}: the fullest AZ, {worst.az}, "
            f"uses {worst.secondary_ip} of {worst.usable} addresses ({worst.usable - worst.secondary_ip:+d} spare, "
            f"room for {worst.most_nodes} such node(s) per AZ)")


def as_dict(config: NetworkConfig, found: list[capacity.Zone], source: str) -> dict:
    limits = found[0].limits
    return {
        "stack": config.stack_name, "limits_from": source, "instance_type": found[0].instance_type,
        "node_count": config.node_count, "fits": all(z.fits for z in found),
        "per_node": {"max_pods": capacity.max_pods(limits), "addresses": capacity.node_addresses(limits),
                     "max_pods_prefix_delegation": capacity.max_pods(limits, True),
                     "prefixes_prefix_delegation": capacity.node_prefixes(limits),
                     "max_enis": limits.max_enis, "ipv4_per_eni": limits.ipv4_per_eni, "vcpus": limits.vcpus},
        "zones": [{"az": z.az, "subnet": z.cidr, "usable": z.usable, "nodes": z.nodes,
                   "secondary_ip": {"addresses": z.secondary_ip, "spare": z.usable - z.secondary_ip, "fits": z.fits,
                                    "most_nodes": z.most_nodes},
                   "prefix_delegation": {"prefixes": z.prefix_needed, "free_blocks_at_best": z.prefix_blocks,
                                         "fits": z.fits_prefix}} for z in found],
    }


def report(config: NetworkConfig, ask_target: bool, as_json: bool = False) -> tuple[str, bool]:
    """The report and whether the plan fits."""
    limits, source = instance_limits.limits(config, ask_target)
    found = capacity.plan_for(config, limits)
    fits = all(z.fits for z in found)
    if as_json:
        return json.dumps(as_dict(config, found, source), indent=2), fits
    first = found[0]
    per = first.limits
    lines = [
        f"Pod capacity of {config.stack_name}: {config.node_count} node(s) at most, counted as {first.instance_type} "
        f"({per.vcpus} vCPUs, {per.max_enis} ENIs × {per.ipv4_per_eni} IPv4; limits from {source})",
        f"  per full node: {capacity.max_pods(per)} pods, holding {capacity.node_addresses(per)} addresses "
        f"(secondary IPs, WARM_ENI_TARGET=1); with prefix delegation {capacity.max_pods(per, True)} pods in "
        f"{capacity.node_prefixes(per)} /28 prefixes ({capacity.node_prefix_addresses(per)} addresses, "
        "WARM_PREFIX_TARGET=1)",
        "",
        f"  {'AZ':<18}{'private subnet':<18}{'usable':>7}{'nodes':>7}   secondary IPs                 "
        "prefix delegation",
    ]
    for z in found:
        secondary = f"{z.secondary_ip} ({'fits' if z.fits else 'DOES NOT FIT'}, {z.usable - z.secondary_ip:+d})"
        prefix = (f"{z.prefix_needed} of {z.prefix_blocks} /28 blocks "
                  f"({'fits at best' if z.fits_prefix else 'DOES NOT FIT'})")
        lines.append(f"  {z.az:<18}{z.cidr:<18}{z.usable:>7}{z.nodes:>7}   {secondary:<30}{prefix}")
    lines += ["", "  " + line(found)]
    if any(z.fits_prefix for z in found):
        lines.append("  prefix delegation needs free, aligned /28 blocks: a subnet whose addresses are scattered "
                     "by nodes and endpoints holds fewer (a prefix reservation keeps them; docs/capacity.md)")
    return "\n".join(lines), fits
