"""§3 Subnet tags that EKS and the AWS Load Balancer Controller discover subnets by."""
from __future__ import annotations

PUBLIC_ROLE = "kubernetes.io/role/elb"
PRIVATE_ROLE = "kubernetes.io/role/internal-elb"


def cluster_tag(cluster_name: str) -> dict[str, str]:
    """``kubernetes.io/cluster/<name> = shared`` once the cluster name is known (spec: Task 7)."""
    return {f"kubernetes.io/cluster/{cluster_name}": "shared"} if cluster_name else {}


def public_subnet_tags(cluster_name: str = "") -> dict[str, str]:
    return {PUBLIC_ROLE: "1", **cluster_tag(cluster_name)}


def private_subnet_tags(cluster_name: str = "") -> dict[str, str]:
    return {PRIVATE_ROLE: "1", **cluster_tag(cluster_name)}
