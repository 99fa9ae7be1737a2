"""§2 Security groups, layered: internet → ALB → EKS nodes ↔ control plane, nodes → VPC endpoints.

Each rule is its own resource with a description, so a plan shows exactly which rule changes.
Terraform strips AWS's default allow-all egress, so each group has only the egress listed here.
"""
from __future__ import annotations

from constructs import Construct

from .aws import aws
from .props import Invariants
from .props.security_groups import ANYWHERE, ROLES, S3_PREFIX_LIST, Rule, SecurityGroupsProps, rules  # noqa: F401

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
        check = Invariants()
        check.require(bool(s3_prefix_list_id) or not props.node_paths, "s3_prefix_list_id", s3_prefix_list_id,
                      "is needed for the node path to S3", "pass the S3 prefix list id or set node_paths=False")
        check.done()
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
