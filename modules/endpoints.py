"""§4 VPC endpoints: private AWS access without NAT.

S3 is a gateway endpoint on the private route table; every interface endpoint sits in each private
subnet behind the endpoints security group with private DNS on. ``policy = "full"`` keeps AWS's
default full-access policy (the spec's demo choice); ``"least-privilege"`` attaches the policies
below, each limited to principals of this account.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from constructs import Construct

from .aws import aws
from .endpoint_services import INTERFACE_SERVICES, POLICY_MODES, short_name
from .props import require

# Actions a node or pod needs through each endpoint. Services without an entry get read-only
# access to the service within the account.
LEAST_PRIVILEGE_ACTIONS = {
    "ecr.api": ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer",
                "ecr:BatchCheckLayerAvailability", "ecr:DescribeImages", "ecr:DescribeRepositories"],
    "ecr.dkr": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
    "logs": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups",
             "logs:DescribeLogStreams", "logs:PutRetentionPolicy"],
    "sts": ["sts:AssumeRoleWithWebIdentity", "sts:AssumeRole", "sts:GetCallerIdentity", "sts:TagSession"],
}


@dataclass(frozen=True, kw_only=True)
class EndpointsProps:
    """Which endpoints exist and how they are secured. Defaults are the spec's §4 set."""

    #: The region whose service names (``com.amazonaws.<region>.<service>``) the endpoints use.
    region: str = "ap-southeast-1"
    s3_gateway: bool = True
    #: Interface endpoint services, from ``INTERFACE_SERVICES``.
    interface_services: tuple[str, ...] = ("ecr.api", "ecr.dkr", "logs", "sts")
    #: ``full`` (AWS's default policy) or ``least-privilege``.
    policy: str = "full"
    #: Buckets the least-privilege S3 policy allows besides ECR's layer bucket.
    s3_bucket_arns: tuple[str, ...] = ()
    s3_endpoint_name: str = "mlops-hybrid-s3-gateway-endpoint"
    #: ``{service}`` is the service's short form, e.g. ``ecr-api``.
    interface_endpoint_name: str = "mlops-hybrid-{service}-endpoint"

    def __post_init__(self) -> None:
        for service in self.interface_services:
            require(service in INTERFACE_SERVICES, "interface_services", service, "is not a known endpoint service",
                    f"use one of {', '.join(INTERFACE_SERVICES)}")
        require(len(set(self.interface_services)) == len(self.interface_services), "interface_services",
                list(self.interface_services), "lists a service twice", "list each service once")
        require(self.policy in POLICY_MODES, "policy", self.policy, "is not a policy mode",
                f"use one of {', '.join(POLICY_MODES)}")

    def endpoint_name(self, service: str) -> str:
        return self.interface_endpoint_name.format(service=short_name(service))


def _statement(sid: str, actions: list[str], resources: list[str], account: str) -> dict:
    return {
        "Sid": sid,
        "Effect": "Allow",
        "Principal": "*",
        "Action": actions,
        "Resource": resources,
        "Condition": {"StringEquals": {"aws:PrincipalAccount": account}},
    }


def interface_policy(service: str, account: str) -> str:
    actions = LEAST_PRIVILEGE_ACTIONS.get(service, [f"{service.split('.')[0]}:Describe*",
                                                    f"{service.split('.')[0]}:Get*"])
    return json.dumps({"Version": "2012-10-17",
                       "Statement": [_statement("AccountOnly", actions, ["*"], account)]})


def s3_policy(props: EndpointsProps, account: str) -> str:
    """ECR stores image layers in a regional AWS bucket (spec §7.1), plus the configured buckets."""
    statements = [_statement("EcrImageLayers", ["s3:GetObject"],
                             [f"arn:aws:s3:::prod-{props.region}-starport-layer-bucket/*"], account)]
    if props.s3_bucket_arns:
        resources = sorted({arn.split("/")[0] for arn in props.s3_bucket_arns}
                           | {arn.split("/")[0] + "/*" for arn in props.s3_bucket_arns})
        statements.append(_statement("ModelAndDataBuckets",
                                     ["s3:GetObject", "s3:PutObject", "s3:ListBucket"], resources, account))
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


class Endpoints(Construct):
    def __init__(self, scope: Construct, id_: str, *, vpc_id: str, private_route_table_id: str,
                 private_subnet_ids: list[str], security_group_id: str,
                 props: EndpointsProps = EndpointsProps()) -> None:
        super().__init__(scope, id_)
        self.props = props
        account = None
        if props.policy == "least-privilege":
            account = aws.data_aws_caller_identity.DataAwsCallerIdentity(self, "account").account_id
        self.s3_gateway = None
        if props.s3_gateway:
            self.s3_gateway = aws.vpc_endpoint.VpcEndpoint(
                self, "s3-gateway",
                vpc_id=vpc_id,
                service_name=f"com.amazonaws.{props.region}.s3",
                vpc_endpoint_type="Gateway",
                route_table_ids=[private_route_table_id],
                policy=s3_policy(props, account) if account else None,
                tags={"Name": props.s3_endpoint_name},
            )
        self.interface = {
            service: aws.vpc_endpoint.VpcEndpoint(
                self, service.replace(".", "-"),
                vpc_id=vpc_id,
                service_name=f"com.amazonaws.{props.region}.{service}",
                vpc_endpoint_type="Interface",
                subnet_ids=private_subnet_ids,
                security_group_ids=[security_group_id],
                private_dns_enabled=True,
                policy=interface_policy(service, account) if account else None,
                tags={"Name": props.endpoint_name(service)},
            )
            for service in props.interface_services
        }

    @property
    def ids(self) -> dict[str, str]:
        """Endpoint ids by service, ``s3`` included when the gateway exists."""
        ids = {service: endpoint.id for service, endpoint in self.interface.items()}
        if self.s3_gateway is not None:
            ids["s3"] = self.s3_gateway.id
        return ids
