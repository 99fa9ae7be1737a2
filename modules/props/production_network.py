"""ProductionNetworkProps: every part's props, and the invariants that span parts."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import Invariants
from .demo_alb import DemoAlbProps
from .endpoints import EndpointsProps
from .flow_logs import FlowLogsProps
from .network import NetworkProps
from .security_groups import SecurityGroupsProps

# CreateCluster's name rule; the name also goes into the subnets' kubernetes.io/cluster/<name> tag.
EKS_CLUSTER = re.compile(r"^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$")


@dataclass(frozen=True, kw_only=True)
class ProductionNetworkProps:
    """Props of each part; the defaults build exactly the spec's network (option A: no ALB)."""

    network: NetworkProps = field(default_factory=NetworkProps)
    security_groups: SecurityGroupsProps = field(default_factory=SecurityGroupsProps)
    endpoints: EndpointsProps = field(default_factory=EndpointsProps)
    #: §3: adds ``kubernetes.io/cluster/<name> = shared`` to every subnet once the name is final.
    cluster_name: str = ""
    #: §5 option B: the demo ALB's props, or None for option A.
    demo_alb: DemoAlbProps | None = None
    #: VPC flow logs (on by default), or None for none.
    flow_logs: FlowLogsProps | None = field(default_factory=FlowLogsProps)

    def __post_init__(self) -> None:
        check = Invariants()
        if self.cluster_name:
            check.require(bool(EKS_CLUSTER.match(self.cluster_name)), "cluster_name", self.cluster_name,
                          "is not a valid EKS cluster name",
                          "use 1-100 letters, digits, '-' and '_', starting with a letter or digit")
        region = self.endpoints.region
        for az in self.network.azs:
            check.require(bool(re.fullmatch(re.escape(region) + "[a-z]", az)), "network.azs", az,
                          f"is not an availability zone of region {region!r} (endpoints.region)",
                          f"use zones of that region, e.g. '{region}a', or change the region")
        dns = self.network.enable_dns_hostnames and self.network.enable_dns_support
        if self.endpoints.interface_services and not dns:
            off = [n for n in ("enable_dns_hostnames", "enable_dns_support") if not getattr(self.network, n)]
            check.require(False, f"network.{off[0]}", False, "is off, but interface endpoints use private DNS, "
                          "which needs both DNS hostnames and DNS resolution", f"set {' and '.join(off)} to true")
        if self.demo_alb is not None and self.demo_alb.certificate_region not in ("", region):
            check.require(False, "demo_alb.certificate_arn", self.demo_alb.certificate_arn,
                          f"is in {self.demo_alb.certificate_region}, but an ALB needs a certificate in {region}",
                          f"issue or import the certificate in {region}")
        if self.flow_logs is not None and self.flow_logs.kms_key_region not in ("", region):
            check.require(False, "flow_logs.kms_key_arn", self.flow_logs.kms_key_arn, f"is not a KMS key ARN in "
                          f"{region} (CloudWatch Logs takes a key ARN in its own region)",
                          f"use arn:aws:kms:{region}:<account>:key/<id>")
        check.done(self)
