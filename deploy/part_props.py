"""Turns one configuration into the props of each part of the network (``modules/props``), and says which
configuration field each prop comes from, so that a broken invariant of a construct is reported under
the field a user wrote (``validation`` does)."""
from __future__ import annotations

from modules.props.demo_alb import DemoAlbProps
from modules.props.endpoints import EndpointsProps
from modules.props.flow_logs import FlowLogsProps
from modules.props.handoff_parameters import HandoffParametersProps
from modules.props.network import NetworkProps
from modules.props.production_network import ProductionNetworkProps
from modules.props.security_groups import SecurityGroupsProps

from .schema import NetworkConfig

#: The stack outputs also published as SSM parameters of the same names (``ssm_parameters``).
HANDOFF_PARAMETERS = ("vpc_id", "vpc_cidr", "azs", "public_subnets", "private_subnets", "cluster_security_group_id",
                      "node_security_group_id", "alb_security_group_id", "vpc_endpoints_security_group_id")


def network_props(c: NetworkConfig) -> NetworkProps:
    return NetworkProps(
        azs=c.azs,
        vpc_cidr=c.vpc_cidr,
        public_subnet_cidrs=c.public_subnet_cidrs,
        private_subnet_cidrs=c.private_subnet_cidrs,
        enable_dns_hostnames=c.enable_dns_hostnames,
        enable_dns_support=c.enable_dns_support,
        vpc_name=c.name("vpc"),
        # "{az}" stays a placeholder for the construct to fill per subnet.
        public_subnet_name=c.name("public_subnet", az="{az}"),
        private_subnet_name=c.name("private_subnet", az="{az}"),
        internet_gateway_name=c.name("internet_gateway"),
        public_route_table_name=c.name("public_route_table"),
        private_route_table_name=c.name("private_route_table"),
        default_security_group_name=c.name("default_security_group"),
        default_network_acl_name=c.name("default_network_acl"),
    )


def security_groups_props(c: NetworkConfig) -> SecurityGroupsProps:
    return SecurityGroupsProps(
        alb_name=c.name("alb_sg"),
        eks_nodes_name=c.name("eks_nodes_sg"),
        eks_control_plane_name=c.name("eks_control_plane_sg"),
        vpc_endpoints_name=c.name("vpc_endpoints_sg"),
        endpoints_extra_cidr=c.vpc_cidr if c.endpoints_allow_vpc_cidr else "",
        node_paths=c.node_paths,
    )


def endpoints_props(c: NetworkConfig) -> EndpointsProps:
    return EndpointsProps(
        region=c.region,
        s3_gateway=c.s3_gateway_endpoint,
        interface_services=c.interface_endpoints,
        policy=c.endpoint_policy,
        s3_bucket_arns=c.s3_bucket_arns,
        ecr_pull_accounts=c.ecr_pull_accounts,
        s3_endpoint_name=c.name("s3_endpoint"),
        interface_endpoint_name=c.name("interface_endpoint", service="{service}"),
    )


def demo_alb_props(c: NetworkConfig) -> DemoAlbProps | None:
    if not c.demo_alb:
        return None
    return DemoAlbProps(
        name=c.name("demo_alb"),
        target_group_name=c.name("demo_target_group"),
        health_check_path=c.demo_health_check_path,
        certificate_arn=c.demo_certificate_arn,
        ssl_policy=c.demo_ssl_policy,
        access_logs_bucket=c.demo_access_logs_bucket,
    )


def flow_logs_props(c: NetworkConfig) -> FlowLogsProps | None:
    if not c.flow_logs:
        return None
    return FlowLogsProps(
        destination=c.flow_logs_destination,
        traffic_type=c.flow_logs_traffic_type,
        retention_days=c.flow_logs_retention_days,
        kms_key_arn=c.flow_logs_kms_key_arn,
        s3_bucket_arn=c.flow_logs_s3_bucket_arn,
        log_group_name=c.name("flow_logs_group"),
        role_name=c.name("flow_logs"),
        name=c.name("flow_logs"),
    )


def handoff_props(c: NetworkConfig) -> HandoffParametersProps:
    return HandoffParametersProps(path=c.rendered_ssm_parameter_path)


def production_network_props(c: NetworkConfig) -> ProductionNetworkProps:
    return ProductionNetworkProps(
        network=network_props(c),
        security_groups=security_groups_props(c),
        endpoints=endpoints_props(c),
        cluster_name=c.cluster_name,
        demo_alb=demo_alb_props(c),
        flow_logs=flow_logs_props(c),
    )


def _names(*kinds: str, suffix: str = "_name", rename: dict[str, str] | None = None) -> dict[str, str]:
    rename = rename or {}
    return {rename.get(kind, f"{kind}{suffix}"): f"names.{kind}" for kind in kinds}


#: Each part's builder and the configuration field behind each of its props (where the names differ).
PARTS = {
    "network": (network_props, {
        "subnet CIDRs": "subnet CIDRs",
        **_names("vpc", "public_subnet", "private_subnet", "internet_gateway", "public_route_table",
                 "private_route_table", "default_security_group", "default_network_acl")}),
    "security_groups": (security_groups_props, {
        "endpoints_extra_cidr": "vpc_cidr",
        **_names("alb_sg", "eks_nodes_sg", "eks_control_plane_sg", "vpc_endpoints_sg",
                 rename={"alb_sg": "alb_name", "eks_nodes_sg": "eks_nodes_name",
                         "eks_control_plane_sg": "eks_control_plane_name", "vpc_endpoints_sg": "vpc_endpoints_name"})}),
    "endpoints": (endpoints_props, {
        "interface_services": "interface_endpoints", "policy": "endpoint_policy", "s3_gateway": "s3_gateway_endpoint",
        "s3_endpoint_name": "names.s3_endpoint", "interface_endpoint_name": "names.interface_endpoint"}),
    "demo_alb": (demo_alb_props, {
        "name": "names.demo_alb", "target_group_name": "names.demo_target_group",
        "health_check_path": "demo_health_check_path", "certificate_arn": "demo_certificate_arn",
        "ssl_policy": "demo_ssl_policy", "access_logs_bucket": "demo_access_logs_bucket"}),
    "flow_logs": (flow_logs_props, {
        "destination": "flow_logs_destination", "traffic_type": "flow_logs_traffic_type",
        "retention_days": "flow_logs_retention_days", "kms_key_arn": "flow_logs_kms_key_arn",
        "s3_bucket_arn": "flow_logs_s3_bucket_arn", "log_group_name": "names.flow_logs_group",
        "role_name": "names.flow_logs", "name": "names.flow_logs"}),
    "handoff": (handoff_props, {"path": "ssm_parameter_path"}),
}
#: The props of the whole network name their parts' props by path (``network.azs``).
COMPOSITE_FIELDS = {"cluster_name": "cluster_name", "network.azs": "azs",
                    "network.enable_dns_hostnames": "enable_dns_hostnames",
                    "network.enable_dns_support": "enable_dns_support",
                    "demo_alb.certificate_arn": "demo_certificate_arn", "flow_logs.kms_key_arn": "flow_logs_kms_key_arn"}
