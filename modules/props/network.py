"""NetworkProps: what the VPC looks like, and the invariants of its CIDRs and zones."""
from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass, field
from itertools import combinations
from typing import Mapping

from . import Invariants

_PRIVATE = tuple(ipaddress.IPv4Network(c) for c in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))
#: AWS keeps this range for itself: no VPC may add it.
_AWS_ONLY = ipaddress.IPv4Network("198.19.0.0/16")


@dataclass(frozen=True, kw_only=True)
class NetworkProps:
    """What the VPC looks like. Defaults are the spec's §1 values.

    Name templates may use ``{az}`` (the subnet's zone); subnet tags are merged over the Name tag.
    """

    azs: tuple[str, ...] = ("ap-southeast-1a", "ap-southeast-1b")
    vpc_cidr: str = "10.0.0.0/16"
    #: One per AZ, in the order of ``azs``.
    public_subnet_cidrs: tuple[str, ...] = ("10.0.1.0/24", "10.0.2.0/24")
    private_subnet_cidrs: tuple[str, ...] = ("10.0.101.0/24", "10.0.102.0/24")
    #: Both are needed for private DNS on interface endpoints (§4).
    enable_dns_hostnames: bool = True
    enable_dns_support: bool = True
    vpc_name: str = "mlops-retail-forecast-hybrid-vpc"
    public_subnet_name: str = "mlops-hybrid-public-alb-{az}"
    private_subnet_name: str = "mlops-eks-private-workloads-{az}"
    internet_gateway_name: str = "mlops-hybrid-igw"
    public_route_table_name: str = "mlops-hybrid-public-alb-rt"
    private_route_table_name: str = "mlops-hybrid-private-workloads-rt"
    default_security_group_name: str = "mlops-hybrid-default-sg-unused"
    default_network_acl_name: str = "mlops-hybrid-default-nacl"
    public_subnet_tags: Mapping[str, str] = field(default_factory=dict)
    private_subnet_tags: Mapping[str, str] = field(default_factory=dict)
    #: A secondary VPC CIDR for pods (the VPC CNI's custom networking), split into one pod subnet per AZ
    #: on the private route table; empty: pods take addresses of the private subnets.
    pod_cidr: str = ""
    pod_subnet_name: str = "mlops-hybrid-pods-{az}"
    #: Per AZ, a block of the subnet pods use (its pod subnet, else its private subnet) kept for the
    #: VPC CNI's /28 prefixes (prefix delegation), so nodes and endpoints cannot fragment it.
    prefix_reservations: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check = Invariants()
        vpc = check.cidr("vpc_cidr", self.vpc_cidr)
        check.require(len(self.azs) > 0, "azs", list(self.azs), "is empty", "list the availability zones")
        check.require(len(set(self.azs)) == len(self.azs), "azs", list(self.azs), "repeats a zone",
                      "list each zone once")
        subnets = []
        for prop in ("public_subnet_cidrs", "private_subnet_cidrs"):
            cidrs = getattr(self, prop)
            check.require(len(cidrs) == len(self.azs), prop, list(cidrs), f"has {len(cidrs)} entries for "
                          f"{len(self.azs)} AZs", "give exactly one CIDR per entry of azs, in the same order")
            for cidr in cidrs:
                subnet = check.cidr(prop, cidr)
                if subnet is not None and vpc is not None:
                    check.require(subnet.subnet_of(vpc), prop, cidr, f"is outside the VPC {self.vpc_cidr}",
                                  f"pick a subnet of {self.vpc_cidr}")
                if subnet is not None:
                    subnets.append((prop, subnet))
        for (a_prop, a), (b_prop, b) in combinations(subnets, 2):
            check.require(not a.overlaps(b), b_prop, str(b), f"overlaps {a} of {a_prop}",
                          "give every subnet its own, non-overlapping range")
        pods = check.cidr("pod_cidr", self.pod_cidr) if self.pod_cidr else None
        if pods is not None and vpc is not None:
            self._check_pod_cidr(check, vpc, pods)
        self._check_reservations(check)
        check.done(self)

    def _check_pod_cidr(self, check: Invariants, vpc: ipaddress.IPv4Network, pods: ipaddress.IPv4Network) -> None:
        """AWS's restrictions on a secondary IPv4 block
        (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html#add-cidr-block-restrictions):
        no overlap with the VPC, not 198.19.0.0/16, and no private range other than the primary's own."""
        fix = "use 100.64.0.0/16 (shared address space, which AWS allows beside any primary block)"
        check.require(not pods.overlaps(vpc), "pod_cidr", self.pod_cidr, f"overlaps the VPC {self.vpc_cidr}", fix)
        check.require(not pods.overlaps(_AWS_ONLY), "pod_cidr", self.pod_cidr, f"overlaps {_AWS_ONLY}, which AWS "
                      "reserves", fix)
        primary = next((block for block in _PRIVATE if vpc.subnet_of(block)), None)
        other = next((block for block in _PRIVATE if pods.overlaps(block) and block != primary), None)
        check.require(other is None, "pod_cidr", self.pod_cidr, f"is in {other}, which AWS does not add to a VPC whose "
                      f"primary block {self.vpc_cidr} is in {primary or 'a public range'}", fix)
        check.require(pods.prefixlen + math.ceil(math.log2(len(self.azs) or 1)) <= 28, "pod_cidr", self.pod_cidr,
                      f"is too small to split into {len(self.azs)} subnets", "use a /16 to /24")

    def _check_reservations(self, check: Invariants) -> None:
        subnets = dict(zip(self.azs, self.pod_subnet_cidrs or self.private_subnet_cidrs, strict=False))
        for az, cidr in self.prefix_reservations.items():
            block = check.cidr("prefix_reservations", cidr, prefixes=(16, 28))
            if block is None or not check.require(az in subnets, "prefix_reservations", az, "is not one of azs",
                                                  f"use one of {', '.join(self.azs)}"):
                continue
            try:
                inside = block.subnet_of(ipaddress.IPv4Network(subnets[az]))
            except ValueError:
                continue  # the subnet's own CIDR is reported above
            check.require(inside, "prefix_reservations", cidr, f"is outside {subnets[az]}, the subnet {az}'s pods use",
                          f"reserve a block of {subnets[az]}")

    @property
    def pod_subnet_cidrs(self) -> tuple[str, ...]:
        return pod_subnet_cidrs(self.pod_cidr, len(self.azs))


def pod_subnet_cidrs(pod_cidr: str, zones: int) -> tuple[str, ...]:
    """``pod_cidr`` in equal, aligned parts, one per zone in order (a /16 over 2 AZs: two /17s); none for
    an empty or invalid block (the invariants report it)."""
    if not pod_cidr:
        return ()
    try:
        parts = ipaddress.IPv4Network(pod_cidr).subnets(prefixlen_diff=math.ceil(math.log2(zones or 1)))
        return tuple(str(part) for part, _ in zip(parts, range(zones), strict=False))
    except ValueError:
        return ()
