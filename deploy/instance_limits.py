"""Each instance type's network limits, for the pod-address arithmetic in ``capacity.py``.

vCPUs, network interfaces and IPv4 addresses per interface are EC2's (DescribeInstanceTypes:
``VCpuInfo.DefaultVCpus``, ``NetworkInfo.MaximumNetworkInterfaces``, ``Ipv4AddressesPerInterface``; the
table "IP addresses per network interface per instance type",
https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/AvailableIpPerENI.html). ``eni_max_pods`` is the
VPC CNI project's own figure for the type (aws/amazon-vpc-cni-k8s, misc/eni-max-pods.txt, read
2026-12-06), kept so a test proves the formula reproduces it. ``bin/net capacity`` asks the target's
DescribeInstanceTypes first and falls back to this table; validation, which runs before anything is
reached, uses the table only.
"""
from __future__ import annotations

from typing import NamedTuple


class InstanceLimits(NamedTuple):
    vcpus: int
    max_enis: int
    ipv4_per_eni: int
    eni_max_pods: int = 0  # the CNI project's eni-max-pods.txt value; 0 where it comes from the target


#: Common EKS node types: general purpose, compute, memory, and the GPU/Inferentia types an ML API runs on.
LIMITS: dict[str, InstanceLimits] = {
    "t3.small": InstanceLimits(2, 3, 4, 11),
    "t3.medium": InstanceLimits(2, 3, 6, 17),
    "t3.large": InstanceLimits(2, 3, 12, 35),
    "t3.xlarge": InstanceLimits(4, 4, 15, 58),
    "t3.2xlarge": InstanceLimits(8, 4, 15, 58),
    "m5.large": InstanceLimits(2, 3, 10, 29),
    "m5.xlarge": InstanceLimits(4, 4, 15, 58),
    "m5.2xlarge": InstanceLimits(8, 4, 15, 58),
    "m5.4xlarge": InstanceLimits(16, 8, 30, 234),
    "m5.8xlarge": InstanceLimits(32, 8, 30, 234),
    "m5.12xlarge": InstanceLimits(48, 8, 30, 234),
    "m5.16xlarge": InstanceLimits(64, 15, 50, 737),
    "m6i.large": InstanceLimits(2, 3, 10, 29),
    "m6i.xlarge": InstanceLimits(4, 4, 15, 58),
    "m6i.2xlarge": InstanceLimits(8, 4, 15, 58),
    "m6i.4xlarge": InstanceLimits(16, 8, 30, 234),
    "m6i.8xlarge": InstanceLimits(32, 8, 30, 234),
    "m6g.medium": InstanceLimits(1, 2, 4, 8),
    "m6g.large": InstanceLimits(2, 3, 10, 29),
    "m6g.xlarge": InstanceLimits(4, 4, 15, 58),
    "m7i.large": InstanceLimits(2, 3, 10, 29),
    "m7i.xlarge": InstanceLimits(4, 4, 15, 58),
    "m7i.2xlarge": InstanceLimits(8, 4, 15, 58),
    "m7g.large": InstanceLimits(2, 3, 10, 29),
    "m7g.xlarge": InstanceLimits(4, 4, 15, 58),
    "c5.large": InstanceLimits(2, 3, 10, 29),
    "c5.xlarge": InstanceLimits(4, 4, 15, 58),
    "c5.2xlarge": InstanceLimits(8, 4, 15, 58),
    "c5.4xlarge": InstanceLimits(16, 8, 30, 234),
    "c6i.large": InstanceLimits(2, 3, 10, 29),
    "c6i.xlarge": InstanceLimits(4, 4, 15, 58),
    "c6i.2xlarge": InstanceLimits(8, 4, 15, 58),
    "r5.large": InstanceLimits(2, 3, 10, 29),
    "r5.xlarge": InstanceLimits(4, 4, 15, 58),
    "r5.2xlarge": InstanceLimits(8, 4, 15, 58),
    "r6i.large": InstanceLimits(2, 3, 10, 29),
    "r6i.xlarge": InstanceLimits(4, 4, 15, 58),
    "g4dn.xlarge": InstanceLimits(4, 3, 10, 29),
    "g4dn.2xlarge": InstanceLimits(8, 3, 10, 29),
    "g5.xlarge": InstanceLimits(4, 4, 15, 58),
    "g5.2xlarge": InstanceLimits(8, 4, 15, 58),
    "g5.4xlarge": InstanceLimits(16, 8, 30, 234),
    "g5.12xlarge": InstanceLimits(48, 15, 50, 737),
    "inf2.xlarge": InstanceLimits(4, 4, 15, 58),
}
