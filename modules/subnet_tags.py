"""§3 Subnet tags that EKS and the AWS Load Balancer Controller discover subnets by."""
from __future__ import annotations

from .config import NetworkConfig

PUBLIC_ROLE = "kubernetes.io/role/elb"
PRIVATE_ROLE = "kubernetes.io/role/internal-elb"


def cluster_tag(config: NetworkConfig) -> dict[str, str]:
    """``kubernetes.io/cluster/<name> = shared`` once the cluster name is known (spec: Task 7)."""
    return {f"kubernetes.io/cluster/{config.cluster_name}": "shared"} if config.cluster_name else {}


def public_subnet_tags(config: NetworkConfig) -> dict[str, str]:
    return {PUBLIC_ROLE: "1", **cluster_tag(config)}


def private_subnet_tags(config: NetworkConfig) -> dict[str, str]:
    return {PRIVATE_ROLE: "1", **cluster_tag(config)}
