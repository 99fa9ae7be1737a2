"""§2 Security groups, layered: internet → ALB → EKS nodes ↔ control plane, nodes → VPC endpoints.

Each rule is its own resource with a description, so a plan shows exactly which rule changes.
Terraform strips AWS's default allow-all egress, so each group has only the egress listed here.
"""
from __future__ import annotations

from dataclasses import dataclass

from constructs import Construct

from .aws import aws
from .props import require, require_cidr

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
    #: Node paths the spec's table leaves out but a NAT-free EKS needs (README, "Beyond the spec"):
    #: 443 to the control-plane group and 443 to S3 through the gateway endpoint.
    node_paths: bool = True

    def __post_init__(self) -> None:
        if self.endpoints_extra_cidr:
            require_cidr("endpoints_extra_cidr", self.endpoints_extra_cidr)

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
    if props.endpoints_extra_cidr:
        table.append(Rule("vpc_endpoints", "in", 443, props.endpoints_extra_cidr,
                          "HTTPS from the VPC (debugging fallback)"))
    return table


DESCRIPTIONS = {
    "alb": "Internet to the demo ALB",
    "eks_nodes": "EKS worker nodes and pods",
    "eks_control_plane": "EKS control plane ENIs",
    "vpc_endpoints": "Interface VPC endpoints (PrivateLink)",
}


class SecurityGroups(Construct):
    """``s3_prefix_list_id`` (the region's ``com.amazonaws.<region>.s3`` list) is needed for the node
    paths; ``ProductionNetwork`` looks it up."""

    def __init__(self, scope: Construct, id_: str, *, vpc_id: str, s3_prefix_list_id: str = "",
                 props: SecurityGroupsProps = SecurityGroupsProps()) -> None:
        super().__init__(scope, id_)
        require(bool(s3_prefix_list_id) or not props.node_paths, "s3_prefix_list_id", s3_prefix_list_id,
                "is needed for the node path to S3", "pass the S3 prefix list id or set node_paths=False")
        self.props = props
        self.s3_prefix_list_id = s3_prefix_list_id
        self.groups = {
            role: aws.security_group.SecurityGroup(
                self, role.replace("_", "-"),
                name=props.name(role),
                description=DESCRIPTIONS[role],
                vpc_id=vpc_id,
                tags={"Name": props.name(role)},
            )
            for role in ROLES
        }
        self.alb = self.groups["alb"]
        self.eks_nodes = self.groups["eks_nodes"]
        self.eks_control_plane = self.groups["eks_control_plane"]
        self.vpc_endpoints = self.groups["vpc_endpoints"]
        for rule in rules(props):
            self._add(rule)

    def _add(self, rule: Rule) -> None:
        peer = self.groups.get(rule.peer)
        prefix_list = rule.peer == S3_PREFIX_LIST
        kwargs = dict(
            security_group_id=self.groups[rule.group].id,
            description=rule.description,
            ip_protocol="tcp" if rule.port else "-1",
            # AWS reports all-traffic rules with ports -1; saying so keeps updates symmetric.
            from_port=rule.port or -1,
            to_port=rule.port or -1,
            referenced_security_group_id=peer.id if peer else None,
            prefix_list_id=self.s3_prefix_list_id if prefix_list else None,
            cidr_ipv4=None if peer or prefix_list else rule.peer,
        )
        if rule.direction == "in":
            aws.vpc_security_group_ingress_rule.VpcSecurityGroupIngressRule(self, rule.id, **kwargs)
        else:
            aws.vpc_security_group_egress_rule.VpcSecurityGroupEgressRule(self, rule.id, **kwargs)
