"""The review a reviewer can decide from, each case on a real plan of a network deployed on the emulator:
what changed outside Terraform, what changes in each resource and which thing it is, masked secrets, the
whole plan one click away. The committed docs/review-examples/ are these summaries; with
NETWORK_REGENERATE_REVIEW_EXAMPLES=1 the tests write them instead of comparing."""
from __future__ import annotations

import json
import os
import re
import shutil

import pytest

from deploy.settings import ROOT
from ops.aws_clients import client
from ops.reports.plan_diff import construct_paths
from ops.reports.plan_model import Review, changes
from ops.reports.scan import skipped_checks
from ops.reports.summary import markdown
from ops.state import read as state_read
from ops.terraform import run as terraform_run
from tests.e2e.conftest import Deployment, run

EXAMPLES = ROOT / "docs" / "review-examples"
# What differs from one emulator to the next: generated ids and hashes.
VOLATILE = re.compile(r"(?<=-)[0-9a-f]{17}\b|(?<=/)[0-9a-f]{16}\b")


class Network(Deployment):
    def review(self, example: str, **variables: str) -> str:
        """`bin/net review --no-scan` as a user runs it; the summary, kept as docs/review-examples/<example>.md."""
        summary = self.outdir / f"{example}.md"
        result = self.cli("review", "--no-scan", "--summary", str(summary), **variables)
        assert result.returncode in (0, 2), result.stdout[-3000:] + result.stderr[-3000:]
        self.exit_code = result.returncode
        assert summary.with_suffix(".plan.txt").read_text() in summary.read_text()  # the whole plan, one click
        text = summary.read_text()
        kept = EXAMPLES / f"{example}.md"
        if os.environ.get("NETWORK_REGENERATE_REVIEW_EXAMPLES"):
            kept.write_text(VOLATILE.sub("…", text))
        assert VOLATILE.sub("…", text) == kept.read_text(), f"{kept} is not what the review writes now"
        return text


@pytest.fixture(scope="module")
def network(tmp_path_factory):
    network = Network(tmp_path_factory.mktemp("review-out"), NETWORK_STATE_BUCKET="review-network-tfstate")
    network.start_emulator()
    try:  # a failed deploy must not leave its emulator running
        up = network.cli("up")
        assert up.returncode == 0, up.stdout[-3000:] + up.stderr[-3000:]
        yield network
    finally:
        network.stop()


def rows(summary: str) -> list[str]:
    return [line for line in summary.splitlines() if line.startswith("| ") and "`aws_" in line]


def test_no_changes(network):
    summary = network.review("default")
    assert "**No changes.**" in summary and "Changed outside Terraform" not in summary
    assert "<details><summary>Terraform's plan" in summary and "No changes." in summary.split("<details>")[1]


def test_cdk_terrain_plans_no_change_over_the_network_cdktf_deployed(network):
    """The move docs/leaving-cdktf.md gives: the same command with NETWORK_CDK_CORE=cdktn synthesizes with
    CDK Terrain (its own locked environment) and plans against the same state: addresses, logical ids and
    values carry over, so there is nothing to do."""
    reviewed = network.cli("review", "--no-scan", NETWORK_CDK_CORE="cdktn")
    assert reviewed.returncode == 0, reviewed.stdout[-3000:] + reviewed.stderr[-3000:]
    assert "**No changes.** The live network matches the configuration." in reviewed.stdout
    stack = json.loads((network.stack / "cdk.tf.json").read_text())
    assert stack["//"]["metadata"]["version"] == "0.23.4", "synthesized by CDK Terrain"


def test_a_hand_added_default_route_is_drift_that_the_plan_reverts(network):
    outputs = state_read.outputs(network.config, network.outdir)
    ec2 = client(network.config, "ec2")
    table, gateway = outputs["private_route_table_id"], outputs["internet_gateway_id"]
    ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", GatewayId=gateway)
    try:
        summary = network.review("drift-route")
    finally:
        ec2.delete_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0")
    drift = summary.split("#### Changed outside Terraform since the last apply", 1)[1].split("| Action |")[0]
    assert "route table `mlops-hybrid-private-workloads-rt`" in drift
    assert f"`route[0]`: `(none)` → `cidr_block=0.0.0.0/0, gateway_id={gateway}`" in drift
    assert "**this plan reverts it**" in drift
    (row,) = rows(summary)
    assert row.startswith("| update | route table `mlops-hybrid-private-workloads-rt`<br>`aws_route_table.")
    assert f"`route[0]`: `cidr_block=0.0.0.0/0, gateway_id={gateway}` → `(none)`" in row


def test_an_ssh_rule_added_by_hand_is_a_difference_no_plan_shows_and_review_exits_2(network):
    """No resource manages a rule added to one of our groups, so Terraform's plan is empty; the review
    reads the live network as verify does and says what differs, and the drift workflow opens its issue."""
    outputs = state_read.outputs(network.config, network.outdir)
    ec2 = client(network.config, "ec2")
    nodes = outputs["security_group_ids"]["eks_nodes"]
    added = ec2.authorize_security_group_ingress(GroupId=nodes, IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    try:
        summary = network.review("drift-ssh-rule")
        assert network.exit_code == 2
    finally:
        ec2.revoke_security_group_ingress(GroupId=nodes, SecurityGroupRuleIds=[
            rule["SecurityGroupRuleId"] for rule in added["SecurityGroupRules"]])
    assert "The live network matches" not in summary and "**No changes planned, but the live network differs" in summary
    live = summary.split("#### Added outside Terraform, managed by no resource", 1)[1].split("####")[0]
    assert f"security group eks\\_nodes ({nodes}): a rule inbound from 0.0.0.0/0 on tcp 22" in live, live
    assert network.review("default") and network.exit_code == 0, "revoked, it matches again"


def test_an_entry_added_by_hand_to_the_default_network_acl_is_drift_the_plan_reverts(network):
    """The default ACL's entries are managed inline (aws_default_network_acl's ingress and egress), so an
    extra entry is Terraform's own drift, reverted, not something only the live network shows."""
    ec2 = client(network.config, "ec2")
    vpc = state_read.outputs(network.config, network.outdir)["vpc_id"]
    (acl,) = ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                                {"Name": "default", "Values": ["true"]}])["NetworkAcls"]
    ec2.create_network_acl_entry(NetworkAclId=acl["NetworkAclId"], RuleNumber=90, Protocol="6", RuleAction="deny",
                                 Egress=False, CidrBlock="203.0.113.0/24", PortRange={"From": 22, "To": 22})
    try:
        summary = network.review("drift-acl-entry")
        assert network.exit_code == 2
    finally:
        ec2.delete_network_acl_entry(NetworkAclId=acl["NetworkAclId"], RuleNumber=90, Egress=False)
    drift = summary.split("#### Changed outside Terraform since the last apply", 1)[1].split("| Action |")[0]
    assert "default network ACL `mlops-hybrid-default-nacl`" in drift and "203.0.113.0/24" in drift, drift
    assert "**this plan reverts it**" in drift


def test_an_endpoint_policy_narrowed_by_hand_is_reverted_statement_by_statement(network):
    """`endpoint_policy = "full"` writes AWS's default document, so a policy changed outside Terraform (or an
    environment moved back from least-privilege) is planned back; the change reads per statement."""
    outputs = state_read.outputs(network.config, network.outdir)
    ec2 = client(network.config, "ec2")
    sts = outputs["vpc_endpoint_ids"]["sts"]
    ec2.modify_vpc_endpoint(VpcEndpointId=sts, PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "CallerIdentityOnly", "Effect": "Allow", "Principal": "*", "Action": "sts:GetCallerIdentity",
         "Resource": "*"}]}))
    summary = network.review("drift-endpoint-policy")
    assert network.exit_code == 2
    drift = summary.split("#### Changed outside Terraform since the last apply", 1)[1].split("| Action |")[0]
    assert ("VPC endpoint `mlops-hybrid-sts-endpoint`" in drift and "`policy.Statement[CallerIdentityOnly]`: "
            "`(none)` → `Allow sts:GetCallerIdentity on *`" in drift and "**this plan reverts it**" in drift), drift
    (row,) = rows(summary)
    assert "`policy.Statement[#1]`: `(none)` → `Allow * on *`" in row, row
    assert "`policy.Statement[CallerIdentityOnly]`: `Allow sts:GetCallerIdentity on *` → `(none)`" in row
    up = network.cli("up")
    assert up.returncode == 0, up.stdout[-3000:] + up.stderr[-3000:]
    assert network.review("default") and network.exit_code == 0, "applied, the policy is AWS's default again"


def test_a_one_tag_change_shows_the_tag_with_both_values_on_each_resource(network):
    summary = network.review("tag-change", NETWORK_TAGS="Project=mlops-retail-forecast,ManagedBy=platform-team")
    changed = rows(summary)
    assert changed and all(row.startswith("| update |") for row in changed)
    assert all("`tags_all.ManagedBy`: `cdktf` → `platform-team`" in row for row in changed), changed[0]
    assert not any("`tags`:" in row or "`tags." in row for row in changed), "the tag shows once, in tags_all"
    assert "VPC `mlops-retail-forecast-hybrid-vpc`" in summary
    assert "Changed outside Terraform" not in summary, "a default tag read back under tags is no drift"


def test_a_subnet_cidr_change_is_a_replacement_forced_by_its_cidr(network):
    summary = network.review("replacement", NETWORK_PUBLIC_SUBNET_CIDRS="10.0.3.0/24,10.0.2.0/24")
    assert "**2 to add, 1 to change, 2 to destroy (2 of them replacements).**" in summary, "Terraform's counts"
    assert "Plan: 2 to add, 1 to change, 2 to destroy." in summary.split("<details>")[1]
    replaced = [row for row in rows(summary) if row.startswith("| **REPLACE** (destroy first) |")]
    assert rows(summary)[:2] == replaced, "replacements come first"
    subnet, association = replaced
    assert subnet.startswith("| **REPLACE** (destroy first) | subnet `mlops-hybrid-public-alb-ap-southeast-1a`<br>"
                             "`aws_subnet."), "the chain starts at the resource that forces it"
    assert "forced by `cidr_block`" in subnet and "`cidr_block`: `10.0.1.0/24` → `10.0.3.0/24`" in subnet
    assert "forces 1 more replacement(s): `aws_route_table_association.network_public-rt-ap-southeast-1a_" in subnet
    assert "forced by `subnet_id` (the replacement of `aws_subnet.network_public-ap-southeast-1a_" in association
    assert "`id`" not in subnet  # the successor's computed attributes are noise


def test_the_demo_alb_switched_on_lists_its_creates_with_their_key_attributes(network):
    summary = network.review("demo", NETWORK_DEMO_ALB="true")
    created = {row.split("<br>")[0]: row for row in rows(summary)}
    assert set(created) == {"| create | load balancer `mlops-hybrid-api-demo-alb`",
                            "| create | target group `mlops-hybrid-eks-api-tg`",
                            "| create | load balancer listener `demo-alb/http`"}
    assert "name=mlops-hybrid-api-demo-alb, load_balancer_type=application, internal=false" in \
        created["| create | load balancer `mlops-hybrid-api-demo-alb`"]
    assert "target_type=ip, protocol=HTTP, port=80" in created["| create | target group `mlops-hybrid-eks-api-tg`"]


def test_sensitive_values_stay_masked(network):
    outputs = state_read.outputs(network.config, network.outdir)
    summary = network.review("ssm-parameters", NETWORK_SSM_PARAMETERS="true")
    parameters = [row for row in rows(summary) if "`aws_ssm_parameter." in row]
    assert len(parameters) == 9 and all("value=(sensitive)" in row for row in parameters)
    assert not any(outputs["vpc_id"] in row for row in parameters)
    assert "(sensitive value)" in summary.split("<details>")[1]  # Terraform's own text masks it too


def test_a_rule_port_change_shows_before_and_after(network, tmp_path):
    """A code change to a rule's port, planned for real in a copy of the stack. hashicorp/aws 5.100 changes
    the port of a security group rule in place (ModifySecurityGroupRules), so it is an update."""
    stack = terraform_run.stack_dir(network.config, network.outdir)
    network.cli("review", "--no-scan")  # the default stack again, after the reviews of other configurations
    copy = tmp_path / "stack"
    shutil.copytree(stack, copy, symlinks=True)
    document = json.loads((copy / "cdk.tf.json").read_text())
    rules = document["resource"]["aws_vpc_security_group_ingress_rule"]
    name = next(n for n in rules if n.startswith("security-groups_alb-in-443"))
    rules[name].update(from_port=8443, to_port=8443)
    (copy / "cdk.tf.json").write_text(json.dumps(document))
    env = terraform_run.environment(network.config)
    planned = run(["terraform", "plan", "-input=false", "-out=port.tfplan", "-no-color"], env, 300, cwd=copy)
    assert planned.returncode == 0, planned.stderr[-3000:]
    plan = json.loads(run(["terraform", "show", "-json", "port.tfplan"], env, 300, cwd=copy).stdout)
    found = changes(plan, construct_paths(copy / "cdk.tf.json"))
    summary = markdown(network.config, Review(found, [], skipped_checks(), 0.0, plan_file=None, scanned=False))
    (row,) = rows(summary)
    assert row.startswith("| update | ingress rule `security-groups/alb-in-443-0-0-0-0_0`<br>")
    assert "`from_port`: `443` → `8443`" in row and "`to_port`: `443` → `8443`" in row


def test_an_endpoint_deleted_by_hand_reads_as_deleted_with_what_its_absence_breaks(network):
    """Last in this module: the network keeps the deletion (test_main_job shows `up` repairs it)."""
    outputs = state_read.outputs(network.config, network.outdir)
    client(network.config, "ec2").delete_vpc_endpoints(VpcEndpointIds=[outputs["vpc_endpoint_ids"]["sts"]])
    summary = network.review("drift-deleted-endpoint")
    assert network.exit_code == 2
    drift = summary.split("#### Changed outside Terraform since the last apply", 1)[1].split("| Action |")[0]
    assert ("- VPC endpoint `mlops-hybrid-sts-endpoint` (`aws_vpc_endpoint.endpoints_sts_3937C745`): **deleted "
            "outside Terraform**; **this plan creates it again**. Until then: §7.2 pods using IRSA cannot reach "
            "STS.") in drift, drift
    (row,) = rows(summary)
    assert row.startswith("| create | VPC endpoint `mlops-hybrid-sts-endpoint`")
