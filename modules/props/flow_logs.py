"""FlowLogsProps: where the VPC flow logs go and what they keep."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..flow_log_settings import DESTINATIONS, RETENTION_DAYS, TRAFFIC_TYPES
from . import S3_ARN, Invariants

IAM_ROLE = re.compile(r"^[\w+=,.@-]{1,64}$")
LOG_GROUP = re.compile(r"^[.\-_/#A-Za-z0-9]{1,512}$")
KMS_KEY_ARN = re.compile(r"^arn:aws[a-z-]*:kms:([a-z0-9-]+):\d{12}:key/[0-9a-zA-Z-]+$")


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
        check = Invariants()
        check.require(self.destination in DESTINATIONS, "destination", self.destination,
                      "is not a flow-logs destination", f"use one of {', '.join(DESTINATIONS)}")
        check.require(self.traffic_type in TRAFFIC_TYPES, "traffic_type", self.traffic_type, "is not a traffic type",
                      f"use one of {', '.join(TRAFFIC_TYPES)}")
        check.require(self.retention_days in RETENTION_DAYS, "retention_days", self.retention_days,
                      "is not a retention CloudWatch Logs accepts", f"use one of {', '.join(map(str, RETENTION_DAYS))}")
        if self.destination == "s3":
            check.require(bool(S3_ARN.match(self.s3_bucket_arn)), "s3_bucket_arn", self.s3_bucket_arn,
                          "is not an S3 bucket ARN, which destination 's3' needs",
                          "use arn:aws:s3:::<bucket>[/<prefix>]")
        elif self.s3_bucket_arn:
            check.require(False, "s3_bucket_arn", self.s3_bucket_arn, "is set, but the flow logs go to CloudWatch Logs",
                          "set the destination to 's3' or remove the bucket")
        if self.kms_key_arn:
            check.require(bool(KMS_KEY_ARN.match(self.kms_key_arn)), "kms_key_arn", self.kms_key_arn,
                          "is not a KMS key ARN", "use arn:aws:kms:<region>:<account>:key/<id>")
        check.require(bool(IAM_ROLE.match(self.role_name)), "role_name", self.role_name,
                      "is not a valid IAM role name", "use at most 64 letters, digits and + = , . @ _ -")
        check.require(bool(LOG_GROUP.match(self.log_group_name)), "log_group_name", self.log_group_name,
                      "is not a valid log group name", "use at most 512 letters, digits and . - _ / #")
        check.done(self)

    @property
    def kms_key_region(self) -> str:
        match = KMS_KEY_ARN.match(self.kms_key_arn)
        return match.group(1) if match else ""
