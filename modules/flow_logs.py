"""VPC flow logs: every accepted and rejected flow of the VPC, to CloudWatch Logs or to S3.

Not in the spec; both terraform-aws-modules/vpc and AWS CDK's ``Vpc`` offer them, and without them a
denied connection from a node (the usual first-day EKS fault in a NAT-free VPC) leaves no trace.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from constructs import Construct

from .aws import aws
from .flow_log_settings import DESTINATIONS, RETENTION_DAYS, TRAFFIC_TYPES
from .props import require


@dataclass(frozen=True, kw_only=True)
class FlowLogsProps:
    """Where the flow logs go and what they keep."""

    #: ``cloudwatch`` (a log group and a role for the flow-logs service, both made here) or ``s3``.
    destination: str = "cloudwatch"
    traffic_type: str = "ALL"
    #: CloudWatch Logs retention; one of the values the service accepts.
    retention_days: int = 90
    #: A KMS key for the log group; empty means CloudWatch Logs' own encryption.
    kms_key_arn: str = ""
    #: ``destination = "s3"``: the bucket (``arn:aws:s3:::name``, optionally ``/prefix``).
    s3_bucket_arn: str = ""
    log_group_name: str = "/aws/vpc-flow-logs/mlops-hybrid"
    role_name: str = "mlops-hybrid-vpc-flow-logs"
    name: str = "mlops-hybrid-vpc-flow-logs"

    def __post_init__(self) -> None:
        require(self.destination in DESTINATIONS, "destination", self.destination, "is not a destination",
                f"use one of {', '.join(DESTINATIONS)}")
        require(self.traffic_type in TRAFFIC_TYPES, "traffic_type", self.traffic_type, "is not a traffic type",
                f"use one of {', '.join(TRAFFIC_TYPES)}")
        require(self.retention_days in RETENTION_DAYS, "retention_days", self.retention_days,
                "is not a retention CloudWatch Logs accepts", "use e.g. 30, 90, 365 or 731")
        if self.destination == "s3":
            require(self.s3_bucket_arn.startswith("arn:aws:s3:::"), "s3_bucket_arn", self.s3_bucket_arn,
                    "is not an S3 bucket ARN", "give arn:aws:s3:::<bucket>[/<prefix>]")


def delivery_trust_policy(account: str) -> str:
    """The flow-logs service may assume the role only for this account's flow logs (confused-deputy
    guard as in https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html)."""
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow",
        "Principal": {"Service": "vpc-flow-logs.amazonaws.com"},
        "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"aws:SourceAccount": account},
                      "ArnLike": {"aws:SourceArn": f"arn:aws:ec2:*:{account}:vpc-flow-log/*"}},
    }]})


def delivery_policy(log_group_arn: str) -> str:
    """The actions the same page lists for publishing, limited to the one log group and its streams."""
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Sid": "PublishFlowLogs",
        "Effect": "Allow",
        "Action": ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups",
                   "logs:DescribeLogStreams"],
        "Resource": [log_group_arn, f"{log_group_arn}:*"],
    }]})


class FlowLogs(Construct):
    def __init__(self, scope: Construct, id_: str, *, vpc_id: str, props: FlowLogsProps = FlowLogsProps()) -> None:
        super().__init__(scope, id_)
        self.props = props
        self.log_group = self.role = None
        if props.destination == "cloudwatch":
            self.log_group = aws.cloudwatch_log_group.CloudwatchLogGroup(
                self, "log-group",
                name=props.log_group_name,
                retention_in_days=props.retention_days,
                kms_key_id=props.kms_key_arn or None,
                tags={"Name": props.name},
            )
            account = aws.data_aws_caller_identity.DataAwsCallerIdentity(self, "account").account_id
            self.role = aws.iam_role.IamRole(
                self, "role",
                name=props.role_name,
                description="Lets VPC flow logs publish to their log group",
                assume_role_policy=delivery_trust_policy(account),
                tags={"Name": props.role_name},
            )
            aws.iam_role_policy.IamRolePolicy(
                self, "publish", name="publish-flow-logs", role=self.role.id,
                policy=delivery_policy(self.log_group.arn),
            )
        self.flow_log = aws.flow_log.FlowLog(
            self, "flow-log",
            vpc_id=vpc_id,
            traffic_type=props.traffic_type,
            log_destination_type="cloud-watch-logs" if self.log_group else "s3",
            log_destination=self.log_group.arn if self.log_group else props.s3_bucket_arn,
            iam_role_arn=self.role.arn if self.role else None,
            # One-minute aggregation: a rejected connection shows within a minute, not ten.
            max_aggregation_interval=60,
            tags={"Name": props.name},
        )
