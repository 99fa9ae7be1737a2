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
    how = "VPC CNI defaults" if not worst.custom else "custom networking"
    text = (f"{nodes} × {worst.instance_type} (full, {how}) {verdict}: the fullest AZ, {worst.az}, "
            f"uses {worst.secondary_ip} of {worst.usable} addresses ({worst.usable - worst.secondary_ip:+d} spare, "
            f"room for {worst.most_nodes} such node(s) per AZ)")
    if worst.prefix_delegation:
        text += (f"; prefix delegation: {worst.prefix_needed} /28s in the reserved {worst.reservation}"
                 if worst.reservation else "; prefix delegation: no reservation fits")
    return text


def as_dict(config: NetworkConfig, found: list[capacity.Zone], source: str) -> dict:
    limits, custom = found[0].limits, found[0].custom
    return {
        "stack": config.stack_name, "limits_from": source, "instance_type": found[0].instance_type,
        "node_count": config.node_count, "fits": all(z.fits for z in found),
        "custom_networking": custom, "prefix_delegation": config.prefix_delegation,
        "per_node": {"max_pods": capacity.max_pods(limits, custom=custom),
                     "addresses": capacity.node_addresses(limits, custom),
                     "max_pods_prefix_delegation": capacity.max_pods(limits, True, custom),
                     "prefixes_prefix_delegation": capacity.node_prefixes(limits, custom),
                     "max_enis": limits.max_enis, "ipv4_per_eni": limits.ipv4_per_eni, "vcpus": limits.vcpus},
        "zones": [{"az": z.az, "subnet": z.pods_cidr, "node_subnet": z.cidr, "usable": z.usable, "nodes": z.nodes,
                   "secondary_ip": {"addresses": z.secondary_ip, "spare": z.usable - z.secondary_ip,
                                    "fits": z.secondary_ip <= z.usable, "most_nodes": z.most_nodes},
                   "prefix_delegation": {"prefixes": z.prefix_needed, "free_blocks_at_best": z.prefix_blocks,
                                         "fits": z.fits_prefix, "reservation": z.reservation}} for z in found],
    }


def report(config: NetworkConfig, ask_target: bool, as_json: bool = False) -> tuple[str, bool]:
    """The report and whether the plan fits."""
    limits, source = instance_limits.limits(config, ask_target)
    found = capacity.plan_for(config, limits)
    fits = all(z.fits for z in found)
    if as_json:
        return json.dumps(as_dict(config, found, source), indent=2), fits
    first = found[0]
    per, custom = first.limits, first.custom
    mode = ", custom networking: pods in the pod subnets" if custom else ""
    lines = [
        f"Pod capacity of {config.stack_name}: {config.node_count} node(s) at most, counted as {first.instance_type} "
        f"({per.vcpus} vCPUs, {per.max_enis} ENIs × {per.ipv4_per_eni} IPv4; limits from {source}{mode})",
        f"  per full node: {capacity.max_pods(per, custom=custom)} pods, holding "
        f"{capacity.node_addresses(per, custom)} addresses (secondary IPs, WARM_ENI_TARGET=1); with prefix "
        f"delegation {capacity.max_pods(per, True, custom)} pods in {capacity.node_prefixes(per, custom)} /28 prefixes "
        f"({capacity.node_prefix_addresses(per, custom)} addresses, WARM_PREFIX_TARGET=1)",
        "",
        f"  {'AZ':<18}{'pods subnet' if custom else 'private subnet':<18}{'usable':>7}{'nodes':>7}   "
        "secondary IPs                 prefix delegation",
    ]
    for z in found:
        fits = z.secondary_ip <= z.usable
        secondary = f"{z.secondary_ip} ({'fits' if fits else 'DOES NOT FIT'}, {z.usable - z.secondary_ip:+d})"
        prefix = (f"{z.prefix_needed} of {z.prefix_blocks} /28 blocks "
                  f"({'fits at best' if z.fits_prefix else 'DOES NOT FIT'})")
        if config.prefix_delegation:
            prefix = f"{z.prefix_needed} /28s in reserved {z.reservation}" if z.reservation else \
                f"{z.prefix_needed} /28s: NO RESERVATION FITS"
        lines.append(f"  {z.az:<18}{z.pods_cidr:<18}{z.usable:>7}{z.nodes:>7}   {secondary:<30}{prefix}")
    lines += ["", "  " + line(found)]
    if any(z.fits_prefix for z in found) and not config.prefix_delegation:
        lines.append("  prefix delegation needs free, aligned /28 blocks: a subnet whose addresses are scattered "
                     "by nodes and endpoints holds fewer (a prefix reservation keeps them; docs/capacity.md)")
    return "\n".join(lines), fits
