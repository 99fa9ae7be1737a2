"""SecurityGroupsProps and the spec's rule table (§2), which builds the groups and checks the live ones."""
from __future__ import annotations

from dataclasses import dataclass

from . import Invariants

ANYWHERE = "0.0.0.0/0"
#: The peer of a rule to the region's S3 managed prefix list (the gateway endpoint's destinations).
S3_PREFIX_LIST = "s3-prefix-list"
ROLES = ("alb", "eks_nodes", "eks_control_plane", "vpc_endpoints")


@dataclass(frozen=True, kw_only=True)
class SecurityGroupsProps:
    """Group names (the spec's by default) and the §2.4 optional fallback rule."""

    alb_name: str = "mlops-hybrid-alb-sg"
    eks_nodes_name: str = "mlops-hybrid-eks-nodes-sg"
    eks_control_plane_name: str = "mlops-hybrid-eks-control-plane-sg"
    vpc_endpoints_name: str = "mlops-hybrid-vpc-endpoints-sg"
    #: §2.4 debugging fallback: also allow 443 to the endpoints from this CIDR (the VPC's); empty = off.
    endpoints_extra_cidr: str = ""
    #: Node paths the spec's table leaves out but a NAT-free EKS needs (docs/design.md §2):
    #: 443 to the control-plane group and 443 to S3 through the gateway endpoint.
    node_paths: bool = True
    #: The pods' secondary block (custom networking): 443 from it to the endpoints and the control plane,
    #: for pods whose ENIConfig names other groups than the nodes'; empty = off.
    pod_cidr: str = ""

    def __post_init__(self) -> None:
        check = Invariants()
        if self.endpoints_extra_cidr:
            check.cidr("endpoints_extra_cidr", self.endpoints_extra_cidr, prefixes=(0, 32))
        if self.pod_cidr:
            check.cidr("pod_cidr", self.pod_cidr, prefixes=(0, 32))
        for role in ROLES:
            name = self.name(role)
            check.require(0 < len(name) <= 255 and not name.lower().startswith("sg-"), f"{role}_name", name,
                          "is not a valid security group name", "use 1-255 characters not starting with 'sg-'")
        check.done(self)

    def name(self, role: str) -> str:
        return getattr(self, f"{role}_name")


@dataclass(frozen=True)
class Rule:
    group: str        # which of our groups the rule belongs to
    direction: str    # "in" or "out"
    port: int | None  # None means all traffic
    peer: str         # one of our groups, or a CIDR
    description: str

    @property
    def id(self) -> str:
        peer = self.peer.replace("/", "_").replace(".", "-")
        return f"{self.group}-{self.direction}-{self.port or 'all'}-{peer}"


def rules(props: SecurityGroupsProps) -> list[Rule]:
    """The spec's rule table: it builds the groups here and checks the live ones in ``verify``."""
    table = [
        Rule("alb", "in", 80, ANYWHERE, "HTTP from the internet (redirected to HTTPS when TLS is on)"),
        Rule("alb", "in", 443, ANYWHERE, "HTTPS from the internet"),
        Rule("alb", "out", 80, "eks_nodes", "HTTP to EKS nodes and pods"),
        Rule("eks_nodes", "in", 80, "alb", "API traffic from the ALB"),
        Rule("eks_nodes", "in", 443, "alb", "TLS to pods from the ALB"),
        Rule("eks_nodes", "in", None, "eks_nodes", "Node to node"),
        Rule("eks_nodes", "in", None, "eks_control_plane", "Cluster management from the control plane"),
        Rule("eks_nodes", "out", 443, "vpc_endpoints", "AWS services over PrivateLink"),
        Rule("eks_nodes", "out", None, "eks_nodes", "Node to node"),
        Rule("eks_control_plane", "in", 443, "eks_nodes", "Kubernetes API from the nodes"),
        Rule("eks_control_plane", "out", None, "eks_nodes", "Control plane to the nodes"),
        Rule("vpc_endpoints", "in", 443, "eks_nodes", "HTTPS from EKS nodes"),
        Rule("vpc_endpoints", "out", None, ANYWHERE, "All outbound (the AWS default)"),
    ]
    if props.node_paths:
        # Without EKS's own cluster security group on the nodes, the spec's egress (443 to the
        # endpoints only) blocks both the Kubernetes API and the image layers ECR serves from S3 (§7.1).
        table += [
            Rule("eks_nodes", "out", 443, "eks_control_plane", "Kubernetes API on the control plane"),
            Rule("eks_nodes", "out", 443, S3_PREFIX_LIST, "S3 through the gateway endpoint (ECR image layers)"),
        ]
    if props.pod_cidr:
        # aws-ia/terraform-aws-eks-blueprints issue 1951: an endpoint group that did not admit the pod range.
        table += [Rule("vpc_endpoints", "in", 443, props.pod_cidr, "HTTPS from pods (custom networking)"),
                  Rule("eks_control_plane", "in", 443, props.pod_cidr, "Kubernetes API from pods (custom networking)")]
    if props.endpoints_extra_cidr:
        table.append(Rule("vpc_endpoints", "in", 443, props.endpoints_extra_cidr,
                          "HTTPS from the VPC (debugging fallback)"))
    return table
