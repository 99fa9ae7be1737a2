"""NetworkProps: what the VPC looks like, and the invariants of its CIDRs and zones."""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from typing import Mapping

from . import Invariants


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
        check.done(self)
