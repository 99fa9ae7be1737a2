"""Whether the planned nodes and their pods fit the private subnets' addresses: plain arithmetic, no
cdktf, usable by anyone with subnet CIDRs and instance limits. docs/capacity.md walks through it.

With the Amazon VPC CNI every pod takes a VPC address. Sources for each rule:
- AWS reserves 5 addresses in every subnet (the first four and the last:
  https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html).
- Max pods per node: ENIs × (IPv4 per ENI − 1) + 2 (each ENI's first address is not for pods; +2 for the
  host-network pods, aws-node and kube-proxy: misc/eni-max-pods.txt), with prefix delegation
  ENIs × (IPv4 per ENI − 1) × 16 + 2; EKS caps both at 110 below 30 vCPUs and 250 from 30
  (https://docs.aws.amazon.com/eks/latest/userguide/choosing-instance-type.html, its max pods calculator).
- Secondary-IP mode with the CNI's defaults (WARM_ENI_TARGET=1, no WARM_IP_TARGET): every attached ENI
  holds all its addresses, and ipamd keeps one spare ENI beyond those the pods use
  (https://github.com/aws/amazon-vpc-cni-k8s/blob/master/docs/eni-and-ip-target.md).
- Prefix delegation (ENABLE_PREFIX_DELEGATION=true, WARM_PREFIX_TARGET=1): pods take /28 prefixes (16
  addresses, aligned) in the ENIs' slots, one prefix kept warm; each ENI keeps its own primary address
  (https://docs.aws.amazon.com/eks/latest/userguide/cni-increase-ip-addresses.html).
A node is counted full (max pods): a subnet must hold its nodes at their busiest.
"""
from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass

from .instance_limits import InstanceLimits

AWS_RESERVED = 5
PREFIX = 16  # addresses in a /28 prefix
HOST_NETWORK_PODS = 2


def usable(cidr: str) -> int:
    return ipaddress.ip_network(cidr).num_addresses - AWS_RESERVED


def prefix_for(addresses: int) -> int:
    """The longest prefix length whose subnet has ``addresses`` usable."""
    return 32 - math.ceil(math.log2(addresses + AWS_RESERVED))


def eni_max_pods(limits: InstanceLimits, prefix_delegation: bool = False) -> int:
    """The CNI's formula, before EKS's cap (what misc/eni-max-pods.txt lists)."""
    slots = limits.max_enis * (limits.ipv4_per_eni - 1)
    return slots * (PREFIX if prefix_delegation else 1) + HOST_NETWORK_PODS


def max_pods(limits: InstanceLimits, prefix_delegation: bool = False) -> int:
    """What a managed node group sets: the formula, capped at 110 below 30 vCPUs and 250 from 30."""
    return min(eni_max_pods(limits, prefix_delegation), 110 if limits.vcpus < 30 else 250)


def node_addresses(limits: InstanceLimits) -> int:
    """Addresses one full node holds in secondary-IP mode: the ENIs its pods need plus the warm one."""
    pod_ips = max_pods(limits) - HOST_NETWORK_PODS
    enis = min(math.ceil(pod_ips / (limits.ipv4_per_eni - 1)) + 1, limits.max_enis)
    return enis * limits.ipv4_per_eni


def node_prefixes(limits: InstanceLimits) -> int:
    """/28 prefixes one full node holds with prefix delegation: its pods' plus the warm one."""
    return math.ceil((max_pods(limits, True) - HOST_NETWORK_PODS) / PREFIX) + 1


def node_prefix_addresses(limits: InstanceLimits) -> int:
    prefixes = node_prefixes(limits)
    return prefixes * PREFIX + math.ceil(prefixes / (limits.ipv4_per_eni - 1))  # + each ENI's primary


@dataclass(frozen=True)
class Zone:
    """One AZ's private subnet and the nodes placed in it."""

    az: str
    cidr: str
    nodes: int
    instance_type: str
    limits: InstanceLimits

    @property
    def usable(self) -> int:
        return usable(self.cidr)

    @property
    def secondary_ip(self) -> int:
        return self.nodes * node_addresses(self.limits)

    @property
    def prefix_blocks(self) -> int:
        """Aligned /28 blocks free for prefixes at best: those holding no AWS-reserved address."""
        return ipaddress.ip_network(self.cidr).num_addresses // PREFIX - 2

    @property
    def prefix_needed(self) -> int:
        return self.nodes * node_prefixes(self.limits)

    @property
    def fits(self) -> bool:
        return self.secondary_ip <= self.usable

    @property
    def fits_prefix(self) -> bool:
        return self.prefix_needed <= self.prefix_blocks

    @property
    def most_nodes(self) -> int:
        """Full nodes this subnet holds in secondary-IP mode."""
        return self.usable // node_addresses(self.limits)


def plan_for(config, limits: dict[str, InstanceLimits]) -> list[Zone]:
    """``plan`` for a configuration (a ``NetworkConfig``): its AZs' private subnets and its node plan."""
    return plan(dict(zip(config.azs, config.private_subnet_cidrs, strict=False)), config.node_instance_types,
                config.node_count, limits)


def plan(subnets: dict[str, str], instance_types: tuple[str, ...], node_count: int,
         limits: dict[str, InstanceLimits]) -> list[Zone]:
    """Per AZ: its subnet and its share of ``node_count`` (a node group spreads across its subnets, the
    first AZs taking one more when it does not divide), counted as the instance type that takes the most
    addresses per node."""
    widest = max(instance_types, key=lambda t: (node_addresses(limits[t]), t))
    share, extra = divmod(node_count, len(subnets))
    return [Zone(az, cidr, share + (index < extra), widest, limits[widest])
            for index, (az, cidr) in enumerate(subnets.items())]
