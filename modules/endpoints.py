"""§4 VPC endpoints: private AWS access without NAT.

S3 is a gateway endpoint on the private route table; every interface endpoint sits in each private
subnet behind the endpoints security group with private DNS on. ``policy = "full"`` writes AWS's
default full-access policy (the spec's demo choice); ``"least-privilege"`` attaches the policies
below, each statement written from the AWS page cited beside it.
"""
from __future__ import annotations

import json

from constructs import Construct

from .aws import aws
from .props.endpoints import EndpointsProps  # noqa: F401

#: The policy AWS attaches to an endpoint created without one, as DescribeVpcEndpoints returns it
#: (https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html#default-endpoint-policy).
#: Written out rather than left unset: Terraform never reverts an attribute the configuration leaves out,
#: so an endpoint moved back from least-privilege to "full" would keep its narrow policy.
FULL_ACCESS_POLICY = json.dumps({"Version": "2008-10-17", "Statement": [
    {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]})


def _allow(sid: str, actions: list[str], resources: list[str], account: str | None = None) -> dict:
    """One Allow statement; ``account`` adds ``aws:PrincipalAccount``, which only signed requests carry
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalaccount)."""
    statement = {"Sid": sid, "Effect": "Allow", "Principal": "*", "Action": actions, "Resource": resources}
    if account is not None:
        statement["Condition"] = {"StringEquals": {"aws:PrincipalAccount": account}}
    return statement


def _policy(statements: list[dict]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def ecr_policy(props: EndpointsProps, account: str) -> str:
    """Pulls only (https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html, "Create an
    endpoint policy"): a token, which has no resource-level permission, then images from this account's
    repositories and the EKS add-on registry. Node roles sign these calls, so the account condition holds."""
    repositories = [f"arn:aws:ecr:{props.region}:{owner}:repository/*" for owner in (account, *props.pull_accounts)]
    return _policy([
        _allow("AuthorizationToken", ["ecr:GetAuthorizationToken"], ["*"], account),
        _allow("PullImages", ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
               repositories, account),
    ])


def sts_policy(account: str) -> str:
    """IRSA's AssumeRoleWithWebIdentity is an unsigned call, so it carries no principal account: it is
    limited by its resource, this account's roles
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_sts_vpce.html). Signed calls also
    need a principal of this account."""
    roles = [f"arn:aws:iam::{account}:role/*"]
    return _policy([
        _allow("WebIdentityToThisAccountsRoles", ["sts:AssumeRoleWithWebIdentity"], roles),
        _allow("AssumeThisAccountsRoles", ["sts:AssumeRole", "sts:TagSession"], roles, account),
        _allow("CallerIdentity", ["sts:GetCallerIdentity"], ["*"], account),
    ])


def logs_policy(region: str, account: str) -> str:
    """Log shippers (Fluent Bit, the CloudWatch agent) write to this account's log groups
    (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch-logs-and-interface-VPC.html)."""
    groups = f"arn:aws:logs:{region}:{account}:log-group:*"
    return _policy([_allow("WriteThisAccountsLogGroups",
                           ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents",
                            "logs:PutRetentionPolicy", "logs:DescribeLogGroups", "logs:DescribeLogStreams"],
                           [groups, f"{groups}:log-stream:*"], account)])


def interface_policy(props: EndpointsProps, service: str, account: str) -> str:
    if service in ("ecr.api", "ecr.dkr"):
        return ecr_policy(props, account)
    if service == "sts":
        return sts_policy(account)
    if service == "logs":
        return logs_policy(props.region, account)
    # EC2 (the VPC CNI), EKS, EKS Auth, ELB, Auto Scaling and the rest are called by this account's node
    # and controller roles with many actions each; the endpoint admits only those principals.
    return _policy([_allow("ThisAccountOnly", [f"{service.split('.')[0]}:*"], ["*"], account)])


def s3_policy(props: EndpointsProps, account: str) -> str:
    """ECR serves image layers from an AWS-owned bucket through URLs ECR signs, so that statement has
    no account condition (the ECR page above, "Minimum Amazon S3 bucket permissions"); the configured
    buckets are for this account's principals."""
    statements = [_allow("EcrImageLayers", ["s3:GetObject"],
                         [f"arn:aws:s3:::prod-{props.region}-starport-layer-bucket/*"])]
    if props.s3_bucket_arns:
        resources = sorted({arn.split("/")[0] for arn in props.s3_bucket_arns}
                           | {arn.split("/")[0] + "/*" for arn in props.s3_bucket_arns})
        statements.append(_allow("ModelAndDataBuckets", ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
                                 resources, account))
    return _policy(statements)


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
                policy=s3_policy(props, account) if account else FULL_ACCESS_POLICY,
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
                policy=interface_policy(props, service, account) if account else FULL_ACCESS_POLICY,
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
