"""The network stack for one environment: provider, remote state, the network modules, outputs."""
from __future__ import annotations

from constructs import Construct

from modules.aws import aws
from modules.handoff_parameters import HandoffParameters
from modules.production_network import compose

from .backend import add_backend
from .cdk import TerraformOutput, TerraformStack
from .part_props import HANDOFF, HANDOFF_PARAMETERS, PRODUCTION_NETWORK
from .schema import NetworkConfig
from .target import provider_settings


class NetworkStack(TerraformStack):
    def __init__(self, scope: Construct, config: NetworkConfig) -> None:
        super().__init__(scope, config.stack_name)
        self.config = config
        aws.provider.AwsProvider(
            self, "aws",
            region=config.region,
            default_tags=[aws.provider.AwsProviderDefaultTags(tags=config.all_tags)],
            **provider_settings(config),
        )
        add_backend(self, config)
        # The parts go straight into the stack, as they did before ProductionNetwork existed, so
        # existing deployments keep their Terraform addresses.
        parts = compose(self, PRODUCTION_NETWORK.build(config))
        self.network, self.security_groups = parts.network, parts.security_groups
        self.endpoints, self.demo_alb = parts.endpoints, parts.demo_alb
        self.output_values: dict = {}
        self._outputs()
        if config.ssm_parameters:
            self._parameters()

    def _parameters(self) -> None:
        values = {name: self.output_values[name] for name in HANDOFF_PARAMETERS}
        HandoffParameters(self, "handoff-parameters", values=values, props=HANDOFF.build(self.config))

    def _output(self, name: str, value, description: str) -> None:
        self.output_values[name] = value
        TerraformOutput(self, name, value=value, description=description)

    def _outputs(self) -> None:
        net, sgs, eps = self.network, self.security_groups, self.endpoints
        self._output("vpc_id", net.vpc.id, "VPC id")
        self._output("vpc_cidr", net.vpc.cidr_block, "VPC IPv4 CIDR")
        self._output("public_subnet_ids", {az: s.id for az, s in net.public_subnets.items()},
                     "Public (ALB) subnet ids by AZ")
        self._output("private_subnet_ids", {az: s.id for az, s in net.private_subnets.items()},
                     "Private (EKS) subnet ids by AZ")
        self._output("internet_gateway_id", net.internet_gateway.id, "Internet gateway id")
        self._output("public_route_table_id", net.public_route_table.id, "Public route table id")
        self._output("private_route_table_id", net.private_route_table.id, "Private route table id")
        self._output("security_group_ids", {k: g.id for k, g in sgs.groups.items()}, "Security group ids by role")
        self._output("vpc_endpoint_ids", eps.ids, "VPC endpoint ids by service")
        # The same ids as lists in AZ order, under the names terraform-aws-modules/vpc and /eks users know.
        self._output("azs", list(self.config.azs), "Availability zones, in the order of the subnet lists")
        self._output("public_subnets", net.public_subnet_ids, "Public subnet ids in AZ order")
        self._output("private_subnets", net.private_subnet_ids, "Private subnet ids in AZ order")
        self._output("public_route_table_ids", [net.public_route_table.id], "Public route table ids")
        self._output("private_route_table_ids", [net.private_route_table.id], "Private route table ids")
        self._output("cluster_security_group_id", sgs.eks_control_plane.id, "EKS control plane security group id")
        self._output("node_security_group_id", sgs.eks_nodes.id, "EKS node security group id")
        self._output("alb_security_group_id", sgs.alb.id, "ALB security group id")
        self._output("vpc_endpoints_security_group_id", sgs.vpc_endpoints.id, "VPC endpoints security group id")
        if net.pod_subnets:
            self._output("pod_subnet_ids", {az: s.id for az, s in net.pod_subnets.items()},
                         "Pod subnet ids by AZ (custom networking: one ENIConfig each)")
            self._output("pod_cidr", net.pod_cidr_block.cidr_block, "The pods' secondary VPC CIDR")
        if self.demo_alb is not None:
            self._output("demo_alb_dns_name", self.demo_alb.alb.dns_name, "Demo ALB DNS name")
            self._output("demo_alb_arn", self.demo_alb.alb.arn, "Demo ALB ARN")
            self._output("demo_target_group_arn", self.demo_alb.target_group.arn,
                         "Target group ARN for registering pod IPs")
