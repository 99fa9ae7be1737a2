"""§1 Production VPC: VPC, public and private subnets per AZ, internet gateway, route tables."""
from __future__ import annotations

from constructs import Construct

from .aws import aws
from .config import NetworkConfig
from .subnet_tags import private_subnet_tags, public_subnet_tags


class Network(Construct):
    """Public subnets route 0.0.0.0/0 to the IGW; private subnets keep only the local route (no NAT)."""

    def __init__(self, scope: Construct, id_: str, *, config: NetworkConfig) -> None:
        super().__init__(scope, id_)
        self.vpc = aws.vpc.Vpc(
            self, "vpc",
            cidr_block=config.vpc_cidr,
            instance_tenancy="default",
            enable_dns_hostnames=config.enable_dns_hostnames,
            enable_dns_support=config.enable_dns_support,
            tags={"Name": config.name("vpc")},
        )
        # §1.5: only the public subnets auto-assign public IPv4, which an internet-facing ALB needs.
        self.public_subnets = self._subnets(config, "public", config.public_subnet_cidrs, public_subnet_tags(config))
        self.private_subnets = self._subnets(config, "private", config.private_subnet_cidrs,
                                             private_subnet_tags(config))
        self.internet_gateway = aws.internet_gateway.InternetGateway(
            self, "igw", vpc_id=self.vpc.id, tags={"Name": config.name("internet_gateway")},
        )
        self.public_route_table = aws.route_table.RouteTable(
            self, "public-rt", vpc_id=self.vpc.id, tags={"Name": config.name("public_route_table")},
        )
        # A separate route resource (not an inline route) keeps the table free for routes others add.
        self.public_default_route = aws.route.Route(
            self, "public-default-route",
            route_table_id=self.public_route_table.id,
            destination_cidr_block="0.0.0.0/0",
            gateway_id=self.internet_gateway.id,
        )
        self.private_route_table = aws.route_table.RouteTable(
            self, "private-rt", vpc_id=self.vpc.id, tags={"Name": config.name("private_route_table")},
        )
        for kind, subnets, table in (("public", self.public_subnets, self.public_route_table),
                                     ("private", self.private_subnets, self.private_route_table)):
            for az, subnet in subnets.items():
                aws.route_table_association.RouteTableAssociation(
                    self, f"{kind}-rt-{az}", subnet_id=subnet.id, route_table_id=table.id,
                )

    def _subnets(self, config: NetworkConfig, kind: str, cidrs: tuple[str, ...],
                 tags: dict[str, str]) -> dict[str, object]:
        return {
            az: aws.subnet.Subnet(
                self, f"{kind}-{az}",
                vpc_id=self.vpc.id,
                availability_zone=az,
                cidr_block=cidr,
                map_public_ip_on_launch=kind == "public",
                tags={"Name": config.name(f"{kind}_subnet", az=az), **tags},
            )
            for az, cidr in zip(config.azs, cidrs, strict=True)
        }
