"""What changed outside Terraform and how policies change, on plan JSON shaped as Terraform 1.11 writes it
(``resource_drift``, ``resource_changes``, ``configuration``:
https://developer.hashicorp.com/terraform/internals/json-format). The same cases on real plans of a
deployed network are in tests/e2e/test_review_summary.py."""
import json

from deploy.schema import NetworkConfig
from ops.reports.drift import drift
from ops.reports.plan_diff import attribute_changes
from ops.reports.plan_model import Review
from ops.reports.summary import markdown

FULL = json.dumps({"Version": "2008-10-17", "Statement": [
    {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]})
NARROW = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Sid": "Pull", "Effect": "Allow", "Principal": "*", "Action": ["ecr:BatchGetImage", "ecr:GetAuthorizationToken"],
     "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalAccount": "123456789012"}}}]})


def item(address, actions, before, after):
    return {"address": address, "mode": "managed", "type": address.split(".")[0],
            "change": {"actions": actions, "before": before, "after": after}}


def test_a_policy_change_is_shown_statement_by_statement_never_cut():
    found = attribute_changes({"before": {"policy": FULL}, "after": {"policy": NARROW}})
    assert [(c.path, c.before, c.after) for c in found] == [
        ("policy.Version", "2008-10-17", "2012-10-17"),
        ("policy.Statement[Pull]", "(none)", "Allow ecr:BatchGetImage, ecr:GetAuthorizationToken on * if "
                                             '{"StringEquals":{"aws:PrincipalAccount":"123456789012"}}'),
        ("policy.Statement[#1]", "Allow * on *", "(none)")]


def test_within_a_statement_actions_and_resources_are_compared_one_by_one():
    wider = json.loads(NARROW)
    wider["Statement"][0]["Action"] = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:PutImage"]
    found = attribute_changes({"before": {"policy": NARROW}, "after": {"policy": json.dumps(wider)}})
    assert [(c.path, c.before, c.after) for c in found] == [
        ("policy.Statement[Pull].Action", "−ecr:GetAuthorizationToken", "+ecr:GetDownloadUrlForLayer, +ecr:PutImage")]


def test_the_same_policy_in_another_layout_is_no_change():
    reordered = json.dumps(json.loads(NARROW), indent=2, sort_keys=True)
    assert attribute_changes({"before": {"policy": NARROW}, "after": {"policy": reordered}}) == []


def test_a_string_that_is_not_a_policy_is_compared_as_text():
    found = attribute_changes({"before": {"name": "a"}, "after": {"name": "b"}})
    assert [(c.path, c.before, c.after) for c in found] == [("name", "a", "b")]


def test_every_drift_is_listed_with_whether_the_plan_reverts_it_or_why_it_keeps_it():
    plan = {
        "resource_drift": [
            item("aws_vpc.main", ["update"], {"enable_dns_hostnames": True, "enable_network_address_usage_metrics": False},
                 {"enable_dns_hostnames": False, "enable_network_address_usage_metrics": True}),
            # A refresh filling a group's rules from its rule resources, and a provider default: not drift.
            item("aws_security_group.nodes", ["update"], {"ingress": []}, {"ingress": [{"from_port": 443}]}),
            item("aws_default_network_acl.default", ["update"], {"ingress": [{"icmp_code": None}]},
                 {"ingress": [{"icmp_code": 0}]}),
        ],
        "resource_changes": [item("aws_vpc.main", ["update"], {"enable_dns_hostnames": False},
                                  {"enable_dns_hostnames": True})],
        "configuration": {"root_module": {"resources": [
            {"address": "aws_vpc.main", "expressions": {"enable_dns_hostnames": {"constant_value": True}}}]}},
    }
    (vpc,) = drift(plan, {})
    assert [c.path for c in vpc.changes] == ["enable_dns_hostnames", "enable_network_address_usage_metrics"]
    assert not vpc.reverted and vpc.kept == ("enable_network_address_usage_metrics",)
    assert vpc.kept_because == ("the configuration does not set `enable_network_address_usage_metrics`, so "
                                "Terraform keeps the live value")
    text = markdown(NetworkConfig(), Review([], [], [], 0.0, plan_file=None, scanned=False, drift=[vpc]))
    assert ("**this plan reverts it** except `enable_network_address_usage_metrics`: the configuration does not "
            "set `enable_network_address_usage_metrics`") in text


def test_a_resource_deleted_by_hand_reads_as_deleted_with_what_its_absence_breaks():
    plan = {"resource_drift": [item("aws_vpc_endpoint.sts", ["delete"], {
                "service_name": "com.amazonaws.ap-southeast-1.sts", "tags": {"Name": "sts-endpoint"}}, None)],
            "resource_changes": [item("aws_vpc_endpoint.sts", ["create"], None, {})]}
    (gone,) = drift(plan, {})
    assert gone.deleted and gone.reverted and gone.breaks == "§7.2 pods using IRSA cannot reach STS"
    text = markdown(NetworkConfig(), Review([], [], [], 0.0, plan_file=None, scanned=False, drift=[gone]))
    assert ("- VPC endpoint `sts-endpoint` (`aws_vpc_endpoint.sts`): **deleted outside Terraform**; **this plan "
            "creates it again**. Until then: §7.2 pods using IRSA cannot reach STS.") in text
    assert "(none)" not in text.split("#### Changed outside Terraform")[1].split("####")[0]
