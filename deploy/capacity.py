"""Whether the planned nodes and their pods fit the subnets' addresses: plain arithmetic, no cdktf,
usable by anyone with subnet CIDRs and instance limits. docs/capacity.md walks through it.

With the Amazon VPC CNI every pod takes a VPC address. Sources for each rule:
- AWS reserves 5 addresses in every subnet (the first four and the last:
  https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html).
- Max pods per node: ENIs × (IPv4 per ENI − 1) + 2 (each ENI's first address is not for pods; +2 for the
  host-network pods, aws-node and kube-proxy: misc/eni-max-pods.txt), with prefix delegation
  ENIs × (IPv4 per ENI − 1) × 16 + 2; EKS caps both at 110 below 30 vCPUs and 250 from 30
  (https://docs.aws.amazon.com/eks/latest/userguide/choosing-instance-type.html, its max pods calculator).
- Custom networking (pods in a secondary block's subnets) leaves the primary ENI to the node: one ENI
  fewer for pods (https://docs.aws.amazon.com/eks/latest/userguide/cni-custom-network.html).
- Secondary-IP mode with the CNI's defaults (WARM_ENI_TARGET=1, no WARM_IP_TARGET): every attached ENI
  holds all its addresses, and ipamd keeps one spare ENI beyond those the pods use
  (https://github.com/aws/amazon-vpc-cni-k8s/blob/master/docs/eni-and-ip-target.md).
- Prefix delegation (ENABLE_PREFIX_DELEGATION=true, WARM_PREFIX_TARGET=1): pods take /28 prefixes (16
  addresses, aligned) in the ENIs' slots, one prefix kept warm; each ENI keeps its own primary address
  (https://docs.aws.amazon.com/eks/latest/userguide/cni-increase-ip-addresses.html). A subnet CIDR
  reservation of type ``prefix`` keeps aligned blocks free of scattered addresses
  (https://docs.aws.amazon.com/vpc/latest/userguide/subnet-cidr-reservation.html).
A node is counted full (max pods): a subnet must hold its nodes at their busiest.
"""
from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass

from modules.props.network import pod_subnet_cidrs

from .instance_limits import LIMITS, InstanceLimits

AWS_RESERVED = 5
PREFIX = 16  # addresses in a /28 prefix
HOST_NETWORK_PODS = 2


def usable(cidr: str) -> int:
    return ipaddress.ip_network(cidr).num_addresses - AWS_RESERVED


def prefix_for(addresses: int) -> int:
    """The longest prefix length whose subnet has ``addresses`` usable."""
    return 32 - math.ceil(math.log2(addresses + AWS_RESERVED))


def eni_max_pods(limits: InstanceLimits, prefix_delegation: bool = False, custom: bool = False) -> int:
    """The CNI's formula, before EKS's cap (what misc/eni-max-pods.txt lists)."""
    slots = (limits.max_enis - custom) * (limits.ipv4_per_eni - 1)
    return slots * (PREFIX if prefix_delegation else 1) + HOST_NETWORK_PODS


def max_pods(limits: InstanceLimits, prefix_delegation: bool = False, custom: bool = False) -> int:
    """What a managed node group sets: the formula, capped at 110 below 30 vCPUs and 250 from 30."""
    return min(eni_max_pods(limits, prefix_delegation, custom), 110 if limits.vcpus < 30 else 250)


def node_addresses(limits: InstanceLimits, custom: bool = False) -> int:
    """Addresses one full node's pods hold in secondary-IP mode: the ENIs they need plus the warm one
    (without custom networking the node's own primary ENI among them)."""
    pod_ips = max_pods(limits, custom=custom) - HOST_NETWORK_PODS
    enis = min(math.ceil(pod_ips / (limits.ipv4_per_eni - 1)) + 1, limits.max_enis - custom)
    return enis * limits.ipv4_per_eni


def node_prefixes(limits: InstanceLimits, custom: bool = False) -> int:
    """/28 prefixes one full node holds with prefix delegation: its pods' plus the warm one."""
    return math.ceil((max_pods(limits, True, custom) - HOST_NETWORK_PODS) / PREFIX) + 1


def node_prefix_addresses(limits: InstanceLimits, custom: bool = False) -> int:
    prefixes = node_prefixes(limits, custom)
    return prefixes * PREFIX + math.ceil(prefixes / (limits.ipv4_per_eni - 1))  # + each ENI's primary


@dataclass(frozen=True)
class Zone:
    """One AZ: its private (node) subnet, its pod subnet under custom networking, the nodes placed in it."""

    az: str
    cidr: str
    nodes: int
    instance_type: str
    limits: InstanceLimits
    pod_subnet: str = ""
    prefix_delegation: bool = False

    @property
    def pods_cidr(self) -> str:
        """The subnet the pods take addresses from."""
        return self.pod_subnet or self.cidr

    @property
    def custom(self) -> bool:
        return bool(self.pod_subnet)

    @property
    def usable(self) -> int:
        return usable(self.pods_cidr)

    @property
    def secondary_ip(self) -> int:
        return self.nodes * node_addresses(self.limits, self.custom)

    @property
    def prefix_blocks(self) -> int:
        """Aligned /28 blocks free for prefixes at best: those holding no AWS-reserved address."""
        return ipaddress.ip_network(self.pods_cidr).num_addresses // PREFIX - 2

    @property
    def prefix_needed(self) -> int:
        return self.nodes * node_prefixes(self.limits, self.custom)

    @property
    def reservation(self) -> str:
        """The block to reserve for prefixes: the smallest aligned one holding ``prefix_needed`` /28s, the
        second-to-last of its size in the subnet (clear of AWS's reserved first and last addresses); empty
        when the subnet cannot hold it so."""
        size = PREFIX * 2 ** math.ceil(math.log2(max(self.prefix_needed, 1)))
        subnet = ipaddress.ip_network(self.pods_cidr)
        if 4 * size > subnet.num_addresses:
            return ""
        start = int(subnet.network_address) + subnet.num_addresses - 2 * size
        return str(ipaddress.ip_network((start, 32 - int(math.log2(size)))))

    @property
    def fits(self) -> bool:
        """In the configured mode: the pods' addresses in their subnet, and under custom networking one
        address per node in the node subnet."""
        nodes_fit = not self.custom or self.nodes <= usable(self.cidr)
        if self.prefix_delegation:
            return nodes_fit and bool(self.reservation)
        return nodes_fit and self.secondary_ip <= self.usable

    @property
    def fits_prefix(self) -> bool:
        return self.prefix_needed <= self.prefix_blocks

    @property
    def most_nodes(self) -> int:
        """Full nodes this subnet holds in secondary-IP mode."""
        return self.usable // node_addresses(self.limits, self.custom)


def plan_for(config, limits: dict[str, InstanceLimits]) -> list[Zone]:
    """``plan`` for a configuration (a ``NetworkConfig``): its AZs' subnets and its node plan."""
    return plan(dict(zip(config.azs, config.private_subnet_cidrs, strict=False)), config.node_instance_types,
                config.node_count, limits, pod_subnet_cidrs(config.pod_cidr, len(config.azs)),
                config.prefix_delegation)


def plan(subnets: dict[str, str], instance_types: tuple[str, ...], node_count: int,
         limits: dict[str, InstanceLimits], pod_subnets: tuple[str, ...] = (),
         prefix_delegation: bool = False) -> list[Zone]:
    """Per AZ: its subnet (and pod subnet, in AZ order) and its share of ``node_count`` (a node group
    spreads across its subnets, the first AZs taking one more when it does not divide), counted as the
    instance type that takes the most addresses per node."""
    custom = bool(pod_subnets)
    widest = max(instance_types, key=lambda t: (node_addresses(limits[t], custom), t))
    share, extra = divmod(node_count, len(subnets))
    return [Zone(az, cidr, share + (index < extra), widest, limits[widest],
                 pod_subnets[index] if index < len(pod_subnets) else "", prefix_delegation)
            for index, (az, cidr) in enumerate(subnets.items())]


def reservations(config) -> dict[str, str]:
    """Per AZ, the prefix reservation the node plan needs (``prefix_delegation``), from the committed
    limits table so that a synth never depends on the target; none for a plan validation refuses."""
    if not config.prefix_delegation or not config.node_instance_types or any(
            t not in LIMITS for t in config.node_instance_types) or config.node_count < 1:
        return {}
    try:
        return {z.az: z.reservation for z in plan_for(config, LIMITS) if z.reservation}
    except (ValueError, ZeroDivisionError):
        return {}
