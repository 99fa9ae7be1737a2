"""The whole spec as one construct: §1 network, §2 security groups, §3 subnet tags, §4 endpoints,
and the §5 demo ALB when asked for, wired the way the spec wires them, plus the VPC flow logs."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from constructs import Construct

from .aws import aws
from .demo_alb import DemoAlb
from .endpoints import Endpoints
from .flow_logs import FlowLogs
from .network import Network
from .props.production_network import ProductionNetworkProps  # noqa: F401
from .security_groups import SecurityGroups
from .subnet_tags import private_subnet_tags, public_subnet_tags


@dataclass
class ProductionNetworkParts:
    network: Network
    security_groups: SecurityGroups
    endpoints: Endpoints
    demo_alb: DemoAlb | None
    flow_logs: FlowLogs | None


def compose(scope: Construct, props: ProductionNetworkProps) -> ProductionNetworkParts:
    """Adds the parts to ``scope`` directly. ``ProductionNetwork`` is the usual way in; our own stack
    calls this so that the Terraform addresses of deployments made before the composite existed stay put."""
    network_props = dataclasses.replace(
        props.network,
        public_subnet_tags={**public_subnet_tags(props.cluster_name), **props.network.public_subnet_tags},
        private_subnet_tags={**private_subnet_tags(props.cluster_name), **props.network.private_subnet_tags},
    )
    network = Network(scope, "network", props=network_props)
    vpc_id = network.vpc.id
    s3_prefix_list_id = ""
    if props.security_groups.node_paths:
        s3_prefix_list_id = aws.data_aws_prefix_list.DataAwsPrefixList(
            scope, "s3-prefix-list", name=f"com.amazonaws.{props.endpoints.region}.s3").id
    security_groups = SecurityGroups(scope, "security-groups", vpc_id=vpc_id, s3_prefix_list_id=s3_prefix_list_id,
                                     props=props.security_groups)
    endpoints = Endpoints(
        scope, "endpoints",
        vpc_id=vpc_id,
        private_route_table_id=network.private_route_table.id,
        private_subnet_ids=network.private_subnet_ids,
        security_group_id=security_groups.vpc_endpoints.id,
        props=props.endpoints,
    )
    demo_alb = None
    if props.demo_alb is not None:
        demo_alb = DemoAlb(
            scope, "demo-alb",
            vpc_id=vpc_id,
            public_subnet_ids=network.public_subnet_ids,
            security_group_id=security_groups.alb.id,
            props=props.demo_alb,
        )
    flow_logs = FlowLogs(scope, "flow-logs", vpc_id=vpc_id, props=props.flow_logs) if props.flow_logs else None
    return ProductionNetworkParts(network, security_groups, endpoints, demo_alb, flow_logs)


class ProductionNetwork(Construct):
    """The spec's network in one construct, for any cdktf stack (it brings no provider or backend)."""

    def __init__(self, scope: Construct, id_: str, *, props: ProductionNetworkProps = ProductionNetworkProps()) -> None:
        super().__init__(scope, id_)
        parts = compose(self, props)
        self.network = parts.network
        self.security_groups = parts.security_groups
        self.endpoints = parts.endpoints
        self.demo_alb = parts.demo_alb
        self.flow_logs = parts.flow_logs
        self.vpc = parts.network.vpc
