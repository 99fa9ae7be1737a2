"""FlowLogs construct alone: CloudWatch Logs with its own role, or S3; props checked."""
import json

import pytest

from modules.flow_logs import FlowLogs, FlowLogsProps
from modules.props import PropsError
from tests.modules.conftest import Synth


@pytest.fixture(scope="module")
def cloudwatch() -> Synth:
    return Synth(lambda scope: FlowLogs(scope, "flow", vpc_id="vpc-1", props=FlowLogsProps(retention_days=365)))


def test_all_traffic_of_the_vpc_goes_to_the_log_group_through_the_role(cloudwatch):
    [log] = cloudwatch.resources("aws_flow_log")
    assert log["vpc_id"] == "vpc-1" and log["traffic_type"] == "ALL"
    assert log["log_destination_type"] == "cloud-watch-logs" and log["max_aggregation_interval"] == 60
    assert log["log_destination"].startswith("${aws_cloudwatch_log_group.") and log["iam_role_arn"].startswith(
        "${aws_iam_role.")
    assert cloudwatch.has("aws_cloudwatch_log_group", {"name": "/aws/vpc-flow-logs/mlops-hybrid",
                                                       "retention_in_days": 365})


def test_only_the_flow_logs_service_of_this_account_may_assume_the_role(cloudwatch):
    """AWS VPC user guide, "IAM role for publishing flow logs to CloudWatch Logs" (confused deputy)."""
    [role] = cloudwatch.resources("aws_iam_role")
    [statement] = json.loads(role["assume_role_policy"])["Statement"]
    assert statement["Principal"] == {"Service": "vpc-flow-logs.amazonaws.com"}
    assert statement["Action"] == "sts:AssumeRole"
    assert statement["Condition"]["StringEquals"]["aws:SourceAccount"].startswith("${data.aws_caller_identity.")
    assert statement["Condition"]["ArnLike"]["aws:SourceArn"].endswith(":vpc-flow-log/*")


def test_the_role_may_publish_to_its_own_log_group_only(cloudwatch):
    [policy] = cloudwatch.resources("aws_iam_role_policy")
    [statement] = json.loads(policy["policy"])["Statement"]
    assert statement["Action"] == ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups",
                                   "logs:DescribeLogStreams"]
    group = "${aws_cloudwatch_log_group."
    assert [r[:len(group)] for r in statement["Resource"]] == [group, group]
    assert statement["Resource"][1].endswith(".arn}:*")


def test_s3_destination_needs_no_role_or_group():
    synth = Synth(lambda scope: FlowLogs(scope, "flow", vpc_id="vpc-1", props=FlowLogsProps(
        destination="s3", s3_bucket_arn="arn:aws:s3:::acme-flow-logs/vpc")))
    assert synth.has("aws_flow_log", {"log_destination_type": "s3",
                                      "log_destination": "arn:aws:s3:::acme-flow-logs/vpc"})
    assert not synth.resources("aws_iam_role") and not synth.resources("aws_cloudwatch_log_group")


@pytest.mark.parametrize("change, message", [
    ({"destination": "kinesis"}, "destination: 'kinesis' is not a flow-logs destination"),
    ({"traffic_type": "all"}, "traffic_type: 'all' is not a traffic type"),
    ({"retention_days": 100}, "retention_days: 100 is not a retention CloudWatch Logs accepts"),
    ({"destination": "s3"}, "s3_bucket_arn: '' is not an S3 bucket ARN"),
])
def test_props_invariants(change, message):
    with pytest.raises(PropsError, match=message):
        FlowLogsProps(**change)
