"""VPC flow logs: every accepted and rejected flow of the VPC, to CloudWatch Logs or to S3.

Not in the spec; both terraform-aws-modules/vpc and AWS CDK's ``Vpc`` offer them, and without them a
denied connection from a node (the usual first-day EKS fault in a NAT-free VPC) leaves no trace.
"""
from __future__ import annotations

import json

from constructs import Construct

from .aws import aws
from .props.flow_logs import IAM_ROLE, KMS_KEY_ARN, LOG_GROUP, FlowLogsProps  # noqa: F401


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
