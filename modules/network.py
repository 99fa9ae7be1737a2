"""§1 Production VPC: VPC, public and private subnets per AZ, internet gateway, route tables."""
from __future__ import annotations

from typing import Mapping

from constructs import Construct

from .aws import aws
from .props.network import NetworkProps  # noqa: F401


class Network(Construct):
    """Public subnets route 0.0.0.0/0 to the IGW; private subnets keep only the local route (no NAT)."""

    def __init__(self, scope: Construct, id_: str, *, props: NetworkProps = NetworkProps()) -> None:
        super().__init__(scope, id_)
        self.props = props
        self.vpc = aws.vpc.Vpc(
            self, "vpc",
            cidr_block=props.vpc_cidr,
            instance_tenancy="default",
            enable_dns_hostnames=props.enable_dns_hostnames,
            enable_dns_support=props.enable_dns_support,
            tags={"Name": props.vpc_name},
        )
        # §1.5: only the public subnets auto-assign public IPv4, which an internet-facing ALB needs.
        self.public_subnets = self._subnets("public", props.public_subnet_cidrs, props.public_subnet_name,
                                            props.public_subnet_tags)
        self.private_subnets = self._subnets("private", props.private_subnet_cidrs, props.private_subnet_name,
                                             props.private_subnet_tags)
        self.pod_subnets: dict = {}
        if props.pod_cidr:
            # Custom networking: pods take addresses of a secondary block. Its subnets carry no load balancer
            # role tag, so neither load balancer controller places anything in them.
            self.pod_cidr_block = aws.vpc_ipv4_cidr_block_association.VpcIpv4CidrBlockAssociation(
                self, "pod-cidr", vpc_id=self.vpc.id, cidr_block=props.pod_cidr)
            # The association's vpc_id, not the VPC's: a subnet in the block waits for the block.
            self.pod_subnets = self._subnets("pods", props.pod_subnet_cidrs, props.pod_subnet_name, {},
                                             vpc_id=self.pod_cidr_block.vpc_id)
        self.internet_gateway = aws.internet_gateway.InternetGateway(
            self, "igw", vpc_id=self.vpc.id, tags={"Name": props.internet_gateway_name},
        )
        self.public_route_table = aws.route_table.RouteTable(
            self, "public-rt", vpc_id=self.vpc.id, tags={"Name": props.public_route_table_name},
        )
        # A separate route resource (not an inline route) keeps the table free for routes others add.
        self.public_default_route = aws.route.Route(
            self, "public-default-route",
            route_table_id=self.public_route_table.id,
            destination_cidr_block="0.0.0.0/0",
            gateway_id=self.internet_gateway.id,
        )
        # Authoritative and empty: a route someone adds by hand (0.0.0.0/0 to a NAT or the IGW, which
        # breaks the no-NAT design) is a change in the next plan and the next apply removes it. The
        # provider leaves out the S3 gateway endpoint's prefix-list route (gateway vpce-…), which AWS
        # adds for the endpoint's route_table_ids.
        self.private_route_table = aws.route_table.RouteTable(
            self, "private-rt", vpc_id=self.vpc.id, route=[], tags={"Name": props.private_route_table_name},
        )
        self._adopt_defaults()
        for kind, subnets, table in (("public", self.public_subnets, self.public_route_table),
                                     ("private", self.private_subnets, self.private_route_table),
                                     ("pods", self.pod_subnets, self.private_route_table)):
            for az, subnet in subnets.items():
                aws.route_table_association.RouteTableAssociation(
                    self, f"{kind}-rt-{az}", subnet_id=subnet.id, route_table_id=table.id,
                )
        pod_home = self.pod_subnets or self.private_subnets
        self.prefix_reservations = {
            az: aws.ec2_subnet_cidr_reservation.Ec2SubnetCidrReservation(
                self, f"prefix-reservation-{az}", subnet_id=pod_home[az].id, cidr_block=cidr,
                reservation_type="prefix", description="kept for the VPC CNI's /28 pod prefixes")
            for az, cidr in props.prefix_reservations.items()
        }

    def _adopt_defaults(self) -> None:
        """The VPC's default security group and network ACL exist whatever we do; managing them puts any
        change made to them by hand into the next plan (as terraform-aws-modules/vpc does)."""
        # No rules: anything launched without a security group gets no traffic at all. The empty lists
        # are authoritative, so a rule added by hand is a planned change.
        self.default_security_group = aws.default_security_group.DefaultSecurityGroup(
            self, "default-sg", vpc_id=self.vpc.id, ingress=[], egress=[],
            tags={"Name": self.props.default_security_group_name},
        )
        # AWS's own default rules, written out: security groups are the design's filter (§2), and
        # stateless NACL rules tight enough to matter would have to open the ephemeral ports anyway.
        nacl = aws.default_network_acl
        rule = dict(protocol="-1", rule_no=100, action="allow", cidr_block="0.0.0.0/0", from_port=0, to_port=0)
        self.default_network_acl = nacl.DefaultNetworkAcl(
            self, "default-nacl",
            default_network_acl_id=self.vpc.default_network_acl_id,
            subnet_ids=self.public_subnet_ids + self.private_subnet_ids + [s.id for s in self.pod_subnets.values()],
            ingress=[nacl.DefaultNetworkAclIngress(**rule)],
            egress=[nacl.DefaultNetworkAclEgress(**rule)],
            tags={"Name": self.props.default_network_acl_name},
        )

    def _subnets(self, kind: str, cidrs: tuple[str, ...], name: str, tags: Mapping[str, str],
                 vpc_id: str | None = None) -> dict:
        return {
            az: aws.subnet.Subnet(
                self, f"{kind}-{az}",
                vpc_id=vpc_id or self.vpc.id,
                availability_zone=az,
                cidr_block=cidr,
                map_public_ip_on_launch=kind == "public",
                tags={"Name": name.format(az=az), **tags},
            )
            for az, cidr in zip(self.props.azs, cidrs, strict=True)
        }

    @property
    def public_subnet_ids(self) -> list[str]:
        return [subnet.id for subnet in self.public_subnets.values()]

    @property
    def private_subnet_ids(self) -> list[str]:
        return [subnet.id for subnet in self.private_subnets.values()]
