"""§4 VPC endpoints: private AWS access without NAT.

S3 is a gateway endpoint on the private route table; every interface endpoint sits in each private
subnet behind the endpoints security group with private DNS on. ``policy = "full"`` keeps AWS's
default full-access policy (the spec's demo choice); ``"least-privilege"`` attaches the policies
below, each statement written from the AWS page cited beside it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from constructs import Construct

from .aws import aws
from .endpoint_services import EKS_ADDON_REGISTRY, INTERFACE_SERVICES, POLICY_MODES, short_name
from .props import require


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
    #: Accounts whose ECR repositories nodes may pull from besides this one, under ``least-privilege``.
    #: The region's EKS add-on registry is always added when it is known (``EKS_ADDON_REGISTRY``).
    ecr_pull_accounts: tuple[str, ...] = ()
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
        for account in self.ecr_pull_accounts:
            require(account.isdigit() and len(account) == 12, "ecr_pull_accounts", account,
                    "is not an AWS account id", "give 12 digits, e.g. '602401143452'")

    @property
    def pull_accounts(self) -> tuple[str, ...]:
        addon_registry = EKS_ADDON_REGISTRY.get(self.region)
        return tuple(dict.fromkeys([*self.ecr_pull_accounts, *([addon_registry] if addon_registry else [])]))

    def endpoint_name(self, service: str) -> str:
        return self.interface_endpoint_name.format(service=short_name(service))


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
                policy=interface_policy(props, service, account) if account else None,
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
