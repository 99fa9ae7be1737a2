"""§4 VPC endpoints: private AWS access without NAT.

S3 is a gateway endpoint on the private route table; every interface endpoint sits in each private
subnet behind the endpoints security group with private DNS on. ``endpoint_policy = "full"`` keeps
AWS's default full-access policy (the spec's demo choice); ``"least-privilege"`` attaches the
policies below, each limited to principals of this account.
"""
from __future__ import annotations

import json

from constructs import Construct

from .aws import aws
from .config import NetworkConfig

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


def s3_policy(config: NetworkConfig, account: str) -> str:
    """ECR stores image layers in a regional AWS bucket (spec §7.1), plus the configured buckets."""
    statements = [_statement("EcrImageLayers", ["s3:GetObject"],
                             [f"arn:aws:s3:::prod-{config.region}-starport-layer-bucket/*"], account)]
    if config.s3_bucket_arns:
        resources = sorted({arn.split("/")[0] for arn in config.s3_bucket_arns}
                           | {arn.split("/")[0] + "/*" for arn in config.s3_bucket_arns})
        statements.append(_statement("ModelAndDataBuckets",
                                     ["s3:GetObject", "s3:PutObject", "s3:ListBucket"], resources, account))
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


class Endpoints(Construct):
    def __init__(self, scope: Construct, id_: str, *, config: NetworkConfig, vpc_id: str,
                 private_route_table_id: str, private_subnet_ids: list[str], security_group_id: str) -> None:
        super().__init__(scope, id_)
        account = None
        if config.endpoint_policy == "least-privilege":
            account = aws.data_aws_caller_identity.DataAwsCallerIdentity(self, "account").account_id
        self.s3_gateway = None
        if config.s3_gateway_endpoint:
            self.s3_gateway = aws.vpc_endpoint.VpcEndpoint(
                self, "s3-gateway",
                vpc_id=vpc_id,
                service_name=f"com.amazonaws.{config.region}.s3",
                vpc_endpoint_type="Gateway",
                route_table_ids=[private_route_table_id],
                policy=s3_policy(config, account) if account else None,
                tags={"Name": config.name("s3_endpoint")},
            )
        self.interface = {
            service: aws.vpc_endpoint.VpcEndpoint(
                self, service.replace(".", "-"),
                vpc_id=vpc_id,
                service_name=f"com.amazonaws.{config.region}.{service}",
                vpc_endpoint_type="Interface",
                subnet_ids=private_subnet_ids,
                security_group_ids=[security_group_id],
                private_dns_enabled=True,
                policy=interface_policy(service, account) if account else None,
                tags={"Name": config.endpoint_name(service)},
            )
            for service in config.interface_endpoints
        }
