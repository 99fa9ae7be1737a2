"""Each part of the network declared once: its props class (``modules/props``) and, for every prop, the
configuration field it comes from. The props builders and the field a broken invariant is reported under
(``validation``) both derive from these declarations, so they cannot disagree."""
from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter
from typing import Callable, Mapping

from modules.props import Problem, PropsError
from modules.props.demo_alb import DemoAlbProps
from modules.props.endpoints import EndpointsProps
from modules.props.flow_logs import FlowLogsProps
from modules.props.handoff_parameters import HandoffParametersProps
from modules.props.network import NetworkProps
from modules.props.production_network import ProductionNetworkProps
from modules.props.security_groups import SecurityGroupsProps

from . import capacity
from .schema import NetworkConfig

#: The stack outputs also published as SSM parameters of the same names (``ssm_parameters``).
HANDOFF_PARAMETERS = ("vpc_id", "vpc_cidr", "azs", "public_subnets", "private_subnets", "cluster_security_group_id",
                      "node_security_group_id", "alb_security_group_id", "vpc_endpoints_security_group_id")


@dataclass(frozen=True)
class Source:
    """One prop's origin: the configuration field a user writes, and how the prop's value is read from it."""

    field: str
    read: Callable[[NetworkConfig], object]


def option(field: str) -> Source:
    return Source(field, attrgetter(field))


def name(kind: str, **placeholders: str) -> Source:
    return Source(f"names.{kind}", lambda c: c.name(kind, **placeholders))


@dataclass(frozen=True)
class Part:
    """A props class and the origin of each prop it takes from configuration (a nested ``Part`` for a prop
    that is itself props). ``switch`` names the field that turns an optional part on; off, it builds None."""

    props: type
    sources: Mapping[str, Source | Part]
    switch: str = ""

    def build(self, c: NetworkConfig):
        if self.switch and not getattr(c, self.switch):
            return None
        return self.props(**{prop: self._value(source, c) for prop, source in self.sources.items()})

    def field_of(self, prop: str) -> str:
        """The configuration field behind ``prop`` (``network.azs`` for a nested part's prop)."""
        head, _, rest = prop.partition(".")
        source = self.sources[head]
        return source.field_of(rest) if isinstance(source, Part) else source.field

    def problems(self, c: NetworkConfig) -> list[tuple[str, Problem]]:
        """Every broken invariant, with the field behind it. Nested parts are built one by one, so one part's
        problem hides neither another's nor those spanning parts."""
        _, found = self._checked(c)
        return found

    def _checked(self, c: NetworkConfig) -> tuple[object, list[tuple[str, Problem]]]:
        if self.switch and not getattr(c, self.switch):
            return None, []
        values, found = {}, []
        for prop, source in self.sources.items():
            if isinstance(source, Part):
                values[prop], inner = source._checked(c)
                found += inner
            else:
                values[prop] = source.read(c)
        try:
            return self.props(**values), found
        except PropsError as error:
            return error.props, found + [(self.field_of(p.prop), p) for p in error.problems]

    @staticmethod
    def _value(source: Source | Part, c: NetworkConfig):
        return source.build(c) if isinstance(source, Part) else source.read(c)


NETWORK = Part(NetworkProps, {
    **{prop: option(prop) for prop in ("azs", "vpc_cidr", "public_subnet_cidrs", "private_subnet_cidrs",
                                       "enable_dns_hostnames", "enable_dns_support")},
    "vpc_name": name("vpc"),
    # "{az}" stays a placeholder for the construct to fill per subnet.
    "public_subnet_name": name("public_subnet", az="{az}"),
    "private_subnet_name": name("private_subnet", az="{az}"),
    "pod_subnet_name": name("pod_subnet", az="{az}"),
    "pod_cidr": option("pod_cidr"),
    "prefix_reservations": Source("prefix_delegation", lambda c: capacity.reservations(c)),
    **{f"{kind}_name": name(kind) for kind in ("internet_gateway", "public_route_table", "private_route_table",
                                                "default_security_group", "default_network_acl")},
})

SECURITY_GROUPS = Part(SecurityGroupsProps, {
    "alb_name": name("alb_sg"),
    "eks_nodes_name": name("eks_nodes_sg"),
    "eks_control_plane_name": name("eks_control_plane_sg"),
    "vpc_endpoints_name": name("vpc_endpoints_sg"),
    "endpoints_extra_cidr": Source("vpc_cidr", lambda c: c.vpc_cidr if c.endpoints_allow_vpc_cidr else ""),
    "node_paths": option("node_paths"),
    "pod_cidr": option("pod_cidr"),
})

ENDPOINTS = Part(EndpointsProps, {
    "region": option("region"),
    "s3_gateway": option("s3_gateway_endpoint"),
    "interface_services": option("interface_endpoints"),
    "policy": option("endpoint_policy"),
    "s3_bucket_arns": option("s3_bucket_arns"),
    "ecr_pull_accounts": option("ecr_pull_accounts"),
    "s3_endpoint_name": name("s3_endpoint"),
    "interface_endpoint_name": name("interface_endpoint", service="{service}"),
})

DEMO_ALB = Part(DemoAlbProps, {
    "name": name("demo_alb"),
    "target_group_name": name("demo_target_group"),
    **{prop: option(f"demo_{prop}") for prop in ("health_check_path", "certificate_arn", "ssl_policy",
                                                 "access_logs_bucket")},
}, switch="demo_alb")

FLOW_LOGS = Part(FlowLogsProps, {
    **{prop: option(f"flow_logs_{prop}") for prop in ("destination", "traffic_type", "retention_days", "kms_key_arn",
                                                      "s3_bucket_arn")},
    "log_group_name": name("flow_logs_group"),
    "role_name": name("flow_logs"),
    "name": name("flow_logs"),
}, switch="flow_logs")

PRODUCTION_NETWORK = Part(ProductionNetworkProps, {
    "network": NETWORK,
    "security_groups": SECURITY_GROUPS,
    "endpoints": ENDPOINTS,
    "cluster_name": option("cluster_name"),
    "demo_alb": DEMO_ALB,
    "flow_logs": FLOW_LOGS,
})

HANDOFF = Part(HandoffParametersProps, {
    "path": Source("ssm_parameter_path", attrgetter("rendered_ssm_parameter_path")),
})

#: The parts a stack is built from; every other part is nested in one of these.
TOP_PARTS = (PRODUCTION_NETWORK, HANDOFF)
