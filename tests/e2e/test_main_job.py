"""End to end on the embedded AWS emulator: real terraform, real provider, real HTTP, remote S3 state.

The tests run in file order against one deployment: the main job deploys it, later tests plan,
switch the demo ALB on and off, and destroy it.
"""
from __future__ import annotations

import json
import subprocess
import threading
import time
from pathlib import Path

import pytest

from ops.aws_clients import client
from ops.emulator import process as emulator
from ops.live.cleanup import leftovers
from ops.live.verify import verify
from ops.state import read as state_read
from ops.terraform import run as terraform_run

pytestmark = pytest.mark.emulator
ALB_TYPES = {"aws_lb", "aws_lb_target_group", "aws_lb_listener"}



def inventory(config) -> dict[str, set[str]]:
    """Every VPC-level resource the emulator holds, by kind (moto starts with a default VPC)."""
    ec2 = client(config, "ec2")
    return {
        "vpcs": {v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"]},
        "subnets": {s["SubnetId"] for s in ec2.describe_subnets()["Subnets"]},
        "security_groups": {g["GroupId"] for g in ec2.describe_security_groups()["SecurityGroups"]},
        "route_tables": {t["RouteTableId"] for t in ec2.describe_route_tables()["RouteTables"]},
        # AWS keeps deleted endpoints and NAT gateways visible for a while, marked deleted (our emulator
        # drops deleted endpoints at once, moto keeps NAT gateways).
        "endpoints": {e["VpcEndpointId"] for e in ec2.describe_vpc_endpoints()["VpcEndpoints"]
                      if e["State"].lower() != "deleted"},
        "internet_gateways": {g["InternetGatewayId"] for g in ec2.describe_internet_gateways()["InternetGateways"]},
        "nat_gateways": {g["NatGatewayId"] for g in ec2.describe_nat_gateways()["NatGateways"]
                         if g["State"] != "deleted"},
        "load_balancers": {lb["LoadBalancerArn"] for lb in
                           client(config, "elbv2").describe_load_balancers()["LoadBalancers"]},
        "target_groups": {tg["TargetGroupArn"] for tg in
                          client(config, "elbv2").describe_target_groups()["TargetGroups"]},
    }


@pytest.fixture(scope="module")
def deployment(new_deployment):
    deployment = new_deployment("itest")
    deployment.start_emulator()
    deployment.baseline = inventory(deployment.config)
    deployment.up = deployment.cli("up")
    return deployment


def test_main_job_deploys_verifies_and_prints_outputs(deployment):
    up = deployment.up
    assert up.returncode == 0, up.stdout[-3000:] + up.stderr[-3000:]
    assert "[5/5] outputs" in up.stdout
    assert ", 0 failed" in up.stdout
    printed = up.stdout.split("] outputs", 1)[1]
    outputs = json.loads(printed[printed.index("{\n"):printed.rindex("}") + 1])
    assert outputs["vpc_cidr"] == "10.0.0.0/16" and outputs["vpc_id"].startswith("vpc-")
    assert f"keeps running at {deployment.config.emulator_url}" in up.stdout
    # Output for people: no colour or cursor codes in a log, no [ERROR] lines when nothing failed, the
    # outputs once (not Terraform's copy too), and the apply's progress.
    assert "\x1b" not in up.stdout + up.stderr and "[ERROR]" not in up.stdout + up.stderr
    assert up.stdout.count('"vpc_id"') == 1 and "Outputs:" not in up.stdout
    assert "Apply complete! Resources:" in up.stdout


def test_second_plan_reports_no_changes(deployment):
    """No converging re-apply: the emulator we run keeps the descriptions of rules that reference
    another security group (ops/emulator/server.py), as AWS does."""
    assert "re-apply" not in deployment.up.stdout
    result = deployment.terraform("plan", "-detailed-exitcode", "-input=false", ok_codes=(0, 2))
    assert result.returncode == 0, result.stdout


def test_a_deleted_endpoint_leaves_the_emulator_listings(deployment):
    """As on AWS shortly after a delete (the provider's waiter takes NotFound as gone): otherwise an
    emulator kept running across deploys makes every filtered describe of the orphan and §9 checks
    slower with each destroy."""
    from botocore.exceptions import ClientError

    ec2 = client(deployment.config, "ec2")
    vpc_id = state_read.outputs(deployment.config, deployment.outdir)["vpc_id"]
    made = ec2.create_vpc_endpoint(
        VpcId=vpc_id, ServiceName=f"com.amazonaws.{deployment.config.region}.dynamodb", VpcEndpointType="Gateway",
        TagSpecifications=[{"ResourceType": "vpc-endpoint", "Tags": [{"Key": "Name", "Value": "itest-doomed"}]}],
    )["VpcEndpoint"]["VpcEndpointId"]
    assert made in {e["VpcEndpointId"] for e in ec2.describe_vpc_endpoints()["VpcEndpoints"]}
    ec2.delete_vpc_endpoints(VpcEndpointIds=[made])
    assert made not in {e["VpcEndpointId"] for e in ec2.describe_vpc_endpoints()["VpcEndpoints"]}
    with pytest.raises(ClientError, match="InvalidVpcEndpointId.NotFound"):
        ec2.describe_vpc_endpoints(VpcEndpointIds=[made])
    assert not ec2.describe_tags(Filters=[{"Name": "resource-id", "Values": [made]}])["Tags"]


def review(deployment, *args: str, **variables: str) -> tuple[subprocess.CompletedProcess, dict[str, str]]:
    """`bin/net review` as a CI step runs it, with the step outputs it leaves for GitHub Actions."""
    outputs = deployment.outdir / "github-output"
    outputs.write_text("")
    result = deployment.cli("review", *args, **{"GITHUB_OUTPUT": str(outputs), **variables})
    return result, dict(line.split("=", 1) for line in outputs.read_text().splitlines())


def test_review_of_the_deployed_network_exits_0_with_no_changes_and_no_findings(deployment):
    summary = deployment.outdir / "review.md"
    result, outputs = review(deployment, "--summary", str(summary))
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "**No changes.**" in result.stdout and "No findings (13 deliberate skips" in result.stdout
    assert summary.read_text() == result.stdout.rstrip("\n") + "\n"
    assert outputs["changes"] == "false" and outputs["findings"] == "0"
    plan = Path(outputs["plan_file"])
    assert plan.is_file() and plan.with_suffix(".json").is_file()
    assert "[4/4] checkov scan of the plan" in result.stderr and "[4/4]" not in result.stdout


def test_review_with_the_demo_on_exits_2_and_lists_its_creates(deployment):
    result, outputs = review(deployment, NETWORK_DEMO_ALB="true")
    assert result.returncode == 2, result.stdout[-2000:] + result.stderr[-2000:]
    assert "**3 to add, 0 to change, 0 to destroy.**" in result.stdout
    created = [line for line in result.stdout.splitlines() if line.startswith("| create |") and "<br>`aws_" in line]
    assert sorted(line.split("<br>`")[1].split(".")[0] for line in created) == sorted(
        ["aws_lb", "aws_lb_target_group", "aws_lb_listener"])
    assert "**+$25.70 per month**" in result.stdout  # an ALB and its 2 public IPv4 addresses, 730 hours
    assert outputs["changes"] == "true"


def test_review_lists_a_subnet_replacement_first_and_marked(deployment):
    result, _ = review(deployment, NETWORK_PUBLIC_SUBNET_CIDRS="10.0.3.0/24,10.0.2.0/24")
    assert result.returncode == 2, result.stderr[-2000:]
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ") and "`aws_" in line]
    replaced = [row for row in rows if row.startswith("| **REPLACE** (destroy first) |")]
    assert rows[:len(replaced)] == replaced and any(row.startswith("| **REPLACE** (destroy first) | subnet `") for row in replaced)
    assert "forced by `cidr_block`" in "".join(replaced)
    assert "> **Warning:** 2 resource(s) will be destroyed or replaced" in result.stdout


def test_a_second_up_plans_nothing_and_applies_nothing(deployment):
    # The reviews before this one synthesized other configurations: the first up synthesizes again (and
    # applies nothing), the next one finds its synth kept and plans beside the checks, without an apply.
    changing, steady = deployment.cli("up"), deployment.cli("up")
    for again in (changing, steady):
        assert again.returncode == 0, again.stdout[-2000:] + again.stderr[-2000:]
        assert "nothing to change: the plan was empty" in again.stdout and ": Creat" not in again.stdout
    assert "Resources: 0 added, 0 changed, 0 destroyed" in changing.stdout
    assert "terraform plan, then apply it if it changes anything" in steady.stdout
    assert "No changes." in steady.stdout and "Apply complete" not in steady.stdout


def test_up_converges_after_an_endpoint_deleted_by_hand(deployment):
    """The plan recreates it, and verify checks the new one (not the id the state held before)."""
    ec2 = client(deployment.config, "ec2")
    gone = state_read.outputs(deployment.config, deployment.outdir)["vpc_endpoint_ids"]["sts"]
    ec2.delete_vpc_endpoints(VpcEndpointIds=[gone])
    again = deployment.cli("up")
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    made = state_read.outputs(deployment.config, deployment.outdir)["vpc_endpoint_ids"]["sts"]
    assert made != gone and "FAIL" not in again.stdout
    assert [e["State"].lower() for e in ec2.describe_vpc_endpoints(VpcEndpointIds=[made])["VpcEndpoints"]] == [
        "available"]


def test_credentials_of_another_account_stop_before_any_change(deployment):
    """account_id becomes the provider's allowed_account_ids; the emulator's account is 123456789012."""
    before = inventory(deployment.config)
    result = deployment.cli("up", **{"NETWORK_ACCOUNT_ID": "111122223333", "NETWORK_DEMO_ALB": "true"})
    assert result.returncode == 2, result.stdout[-2000:] + result.stderr[-2000:]
    assert "not for account_id 111122223333, so nothing was planned or changed" in result.stderr
    assert inventory(deployment.config) == before
    deployment.synth()  # the default configuration again, for the tests that plan the stack folder


def test_outputs_for_eksctl_refuse_the_spec_profile_which_lacks_the_ec2_endpoint(deployment):
    """eksctl requires ec2, ecr.api, ecr.dkr, s3 and sts for a fully private cluster; the spec's four
    interface endpoints lack ec2 (the eks-fully-private profile is tested in test_fleet.py)."""
    result = deployment.cli("outputs", "--format", "eksctl")
    assert result.returncode == 1 and result.stdout == ""
    assert "needs the ec2 endpoint(s)" in result.stderr and 'endpoint_profile = "eks-fully-private"' in result.stderr
    outputs = state_read.outputs(deployment.config, deployment.outdir)
    exports = deployment.cli("outputs", "--format", "env").stdout
    assert f"export NETWORK_OUT_VPC_ID={outputs['vpc_id']}" in exports.splitlines()


def test_verify_as_json(deployment):
    result = deployment.cli("verify", "--json")
    checks = json.loads(result.stdout)
    assert result.returncode == 0 and {c["status"] for c in checks} == {"ok", "warn"}
    assert any(c["name"] == "default security group has no rules" for c in checks)


def test_pod_capacity_is_checked_live_and_reported_from_the_targets_instance_limits(deployment):
    """verify reads each private subnet's free addresses; `capacity` asks the emulator's
    DescribeInstanceTypes (moto answers it from EC2's own instance data) and agrees with the table."""
    checks = {c.name: c for c in verify(deployment.config, state_read.outputs(deployment.config, deployment.outdir))}
    zone = checks["pod capacity ap-southeast-1a"]
    assert zone.ok and "1 full m5.large node(s) take 30 addresses" in zone.detail, zone.detail
    assert "limits: EC2 DescribeInstanceTypes (emulator, ap-southeast-1)" in zone.detail
    result = deployment.cli("capacity", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["limits_from"].startswith("EC2 DescribeInstanceTypes") and report["fits"] is True
    assert report["per_node"] == {"max_pods": 29, "addresses": 30, "max_pods_prefix_delegation": 110,
                                  "prefixes_prefix_delegation": 8, "max_enis": 3, "ipv4_per_eni": 10, "vcpus": 2}


def test_bad_configuration_makes_review_exit_1_not_2(deployment):
    result, _ = review(deployment, NETWORK_VPC_CIDR="10.0.0.1/16")
    assert result.returncode == 1 and "vpc_cidr: '10.0.0.1/16'" in result.stderr


def test_state_lives_in_the_bucket_encrypted_and_versioned(deployment):
    config = deployment.config
    s3 = client(config, "s3")
    key = config.rendered_state_key
    state = json.loads(s3.get_object(Bucket=config.state_bucket, Key=key)["Body"].read())
    assert state["resources"] and state["terraform_version"].startswith("1.")
    assert s3.head_object(Bucket=config.state_bucket, Key=key).get("ServerSideEncryption") == "AES256"
    versions = s3.list_object_versions(Bucket=config.state_bucket, Prefix=key)["Versions"]
    assert [v for v in versions if v["Key"] == key and v["IsLatest"]]  # history: test_faults_e2e restores one
    assert s3.get_bucket_versioning(Bucket=config.state_bucket)["Status"] == "Enabled"
    rules = s3.get_bucket_encryption(Bucket=config.state_bucket)["ServerSideEncryptionConfiguration"]["Rules"]
    assert rules[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    block = s3.get_public_access_block(Bucket=config.state_bucket)["PublicAccessBlockConfiguration"]
    assert all(block.values())


def test_live_resources_match_the_config(deployment):
    outputs = state_read.outputs(deployment.config, deployment.outdir)
    checks = verify(deployment.config, outputs)
    assert [str(check) for check in checks if not check.ok] == []
    # The baseline beyond the spec, read back live.
    names = {check.name for check in checks}
    assert {"VPC flow logs: one, active", "VPC flow logs delivery", "VPC flow logs retention (days)",
            "default security group has no rules", "default network ACL on every subnet"} <= names
    rules = next(check for check in checks if check.name == "§2 eks_nodes SG rules")
    assert rules.ok  # the node paths to the control plane and to S3 are among the live rules


def test_cleanup_check_sees_the_live_network(deployment):
    """The §9 leftovers check that `down` relies on finds every kind of resource while it exists."""
    found = leftovers(deployment.config)
    kinds = {line.split()[0] for line in found}
    assert kinds == {"Vpc", "Subnet", "SecurityGroup", "RouteTable", "VpcEndpoint", "InternetGateway", "FlowLog",
                     "LogGroup", "IamRole"}
    assert len([line for line in found if line.startswith("SecurityGroup ")]) == 4  # not the VPC's default
    assert len([line for line in found if line.startswith("Subnet ")]) == 4


def test_cleanup_check_sees_other_kinds_carrying_our_tags(deployment):
    """Through the Resource Groups Tagging API: a bucket someone tagged as this environment's shows up
    among the leftovers, though the network never makes buckets."""
    s3 = client(deployment.config, "s3")
    s3.create_bucket(Bucket="itest-stray-models", CreateBucketConfiguration={
        "LocationConstraint": deployment.config.region})
    s3.put_bucket_tagging(Bucket="itest-stray-models", Tagging={"TagSet": [
        {"Key": k, "Value": v} for k, v in deployment.config.all_tags.items()]})
    try:
        assert "Tagged arn:aws:s3:::itest-stray-models" in leftovers(deployment.config)
    finally:
        s3.delete_bucket(Bucket="itest-stray-models")
    assert not [line for line in leftovers(deployment.config) if line.startswith("Tagged ")]


def test_hand_made_openings_are_planned_away_and_up_removes_them(deployment):
    """The private route table and the VPC's default security group are authoritative: 0.0.0.0/0 added
    outside Terraform (the end of the no-NAT design) or SSH opened on the default group shows in the
    plan, and the next `bin/net up` removes both; the S3 endpoint's route stays."""
    outputs = state_read.outputs(deployment.config, deployment.outdir)
    ec2 = client(deployment.config, "ec2")
    table = outputs["private_route_table_id"]
    ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", GatewayId=outputs["internet_gateway_id"])
    default_group = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [outputs["vpc_id"]]}, {
        "Name": "group-name", "Values": ["default"]}])["SecurityGroups"][0]["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=default_group, IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    deployment.synth()  # the default configuration again, after the reviews of other ones
    changes = deployment.planned_changes()
    assert sorted(address.split(".")[0] for address in changes) == ["aws_default_security_group", "aws_route_table"]
    assert list(changes.values()) == [["update"], ["update"]]
    up = deployment.cli("up")
    assert up.returncode == 0, up.stdout[-3000:] + up.stderr[-3000:]
    # The configuration is the one just synthesized: drift found on the steady path, applied from the plan.
    assert "terraform plan, then apply it if it changes anything" in up.stdout and "Apply complete!" in up.stdout
    routes = ec2.describe_route_tables(RouteTableIds=[table])["RouteTables"][0]["Routes"]
    assert not [r for r in routes if r.get("DestinationCidrBlock") == "0.0.0.0/0"]
    assert ec2.describe_security_groups(GroupIds=[default_group])["SecurityGroups"][0]["IpPermissions"] == []
    assert [r for r in routes if r.get("GatewayId", "").startswith("vpce-")], "the S3 gateway endpoint's route is gone"
    assert deployment.planned_changes() == {}


def watch_lock(config, stop: threading.Event, seen: list[bool]) -> None:
    s3 = client(config, "s3")
    while not stop.is_set():
        try:
            s3.head_object(Bucket=config.state_bucket, Key=config.rendered_state_key + ".tflock")
            seen.append(True)
            return
        except s3.exceptions.ClientError:
            time.sleep(0.05)


def test_demo_alb_on_adds_only_the_alb_and_takes_the_state_lock(deployment):
    """Switched on with a certificate: the HTTPS variant, the fullest one (4 resources)."""
    certificate = client(deployment.config, "acm").request_certificate(DomainName="demo.example.com")
    deployment.synth(NETWORK_DEMO_ALB="true", NETWORK_DEMO_CERTIFICATE_ARN=certificate["CertificateArn"])
    changes = deployment.planned_changes()
    assert {address.split(".")[0] for address in changes} == ALB_TYPES
    assert len(changes) == 4 and all(actions == ["create"] for actions in changes.values())
    stop, seen = threading.Event(), []
    watcher = threading.Thread(target=watch_lock, args=(deployment.config, stop, seen))
    watcher.start()
    deployment.terraform("apply", "-input=false", "step.tfplan")
    stop.set()
    watcher.join()
    assert seen == [True], "no .tflock object was seen while apply ran"
    s3 = client(deployment.config, "s3")
    listed = s3.list_objects_v2(Bucket=deployment.config.state_bucket)["Contents"]
    assert not [o for o in listed if o["Key"].endswith(".tflock")], "the lock was not released"
    outputs = state_read.outputs(deployment.config, deployment.outdir)
    assert outputs["demo_alb_arn"].startswith("arn:aws:elasticloadbalancing:")
    assert outputs["demo_alb_dns_name"] and outputs["demo_target_group_arn"]
    elbv2 = client(deployment.config, "elbv2")
    listeners = {l["Port"]: l for l in elbv2.describe_listeners(LoadBalancerArn=outputs["demo_alb_arn"])["Listeners"]}
    assert listeners[443]["Protocol"] == "HTTPS"
    assert listeners[443]["Certificates"][0]["CertificateArn"] == certificate["CertificateArn"]
    assert listeners[443]["DefaultActions"][0]["TargetGroupArn"] == outputs["demo_target_group_arn"]
    redirect = listeners[80]["DefaultActions"][0]
    assert redirect["Type"] == "redirect" and redirect["RedirectConfig"]["Protocol"] == "HTTPS"
    assert redirect["RedirectConfig"]["StatusCode"] == "HTTP_301"


def test_demo_alb_off_destroys_only_the_alb(deployment):
    deployment.synth(NETWORK_DEMO_ALB="false")
    changes = deployment.planned_changes()
    assert {address.split(".")[0] for address in changes} == ALB_TYPES
    assert len(changes) == 4 and all(actions == ["delete"] for actions in changes.values())
    deployment.terraform("apply", "-input=false", "step.tfplan")
    assert deployment.planned_changes() == {}


def test_apply_applies_the_reviewed_plan_and_refuses_a_stale_one(deployment):
    first = deployment.outdir / "first.tfplan"
    second = deployment.outdir / "second.tfplan"
    for plan in (first, second):
        result, _ = review(deployment, "--plan-file", str(plan), "--changes-ok", NETWORK_DEMO_ALB="true")
        assert result.returncode == 0, result.stderr[-2000:]
    applied = deployment.cli("apply", str(second), **{"NETWORK_DEMO_ALB": "true"})
    assert applied.returncode == 0, applied.stdout[-2000:] + applied.stderr[-2000:]
    assert "Apply complete! Resources: 3 added, 0 changed, 0 destroyed." in applied.stdout
    assert state_read.outputs(deployment.config, deployment.outdir)["demo_alb_arn"].startswith("arn:aws:")
    stale = deployment.cli("apply", str(first), **{"NETWORK_DEMO_ALB": "true"})
    assert stale.returncode == 1
    assert f"the plan {first} is stale" in stale.stderr and "bin/net review" in stale.stderr
    missing = deployment.cli("apply", str(deployment.outdir / "nothing.tfplan"))
    assert missing.returncode == 1 and "run bin/net review first" in missing.stderr


def test_ssm_parameters_are_published_when_switched_on_and_removed_when_off(deployment):
    on = deployment.cli("up", **{"NETWORK_SSM_PARAMETERS": "true", "NETWORK_DEMO_ALB": "true"})
    assert on.returncode == 0, on.stdout[-2000:] + on.stderr[-2000:]
    assert "ok   SSM parameters under /mlops-hybrid/network" in on.stdout
    ssm = client(deployment.config, "ssm")
    found = {p["Name"]: p["Value"] for p in ssm.get_parameters_by_path(Path="/mlops-hybrid/network")["Parameters"]}
    outputs = state_read.outputs(deployment.config, deployment.outdir)
    assert found["/mlops-hybrid/network/vpc_id"] == outputs["vpc_id"]
    assert found["/mlops-hybrid/network/private_subnets"] == ",".join(outputs["private_subnets"])
    off = deployment.cli("up", **{"NETWORK_DEMO_ALB": "true"})
    assert off.returncode == 0, off.stdout[-2000:] + off.stderr[-2000:]
    assert ssm.get_parameters_by_path(Path="/mlops-hybrid/network")["Parameters"] == []


def test_an_orphan_beside_the_deployed_network_stops_up_before_any_change(deployment):
    """With an unchanged configuration up plans while it looks for orphans; it still refuses before it
    applies anything."""
    ec2 = client(deployment.config, "ec2")
    tags = [{"Key": k, "Value": v} for k, v in deployment.config.all_tags.items()]
    orphan = ec2.create_vpc(CidrBlock="10.9.0.0/16", TagSpecifications=[{"ResourceType": "vpc", "Tags": tags}])
    before = inventory(deployment.config)
    try:
        for _ in range(2):  # the first may synthesize; the second runs with the synth kept: the steady path
            refused = deployment.cli("up")
            assert refused.returncode == 1, refused.stdout[-2000:] + refused.stderr[-2000:]
            assert f"Vpc {orphan['Vpc']['VpcId']}" in refused.stderr and "are not in the state" in refused.stderr
            assert inventory(deployment.config) == before
        assert "terraform plan, then apply it if it changes anything" in refused.stdout
    finally:
        ec2.delete_vpc(VpcId=orphan["Vpc"]["VpcId"])


def test_down_names_what_blocks_the_destroy_and_changes_nothing(deployment):
    """§9 sees beyond our own resource kinds: an interface an EKS cluster put in a private subnet would
    stop the destroy halfway, so `down` names it, with what to delete first, and destroys nothing."""
    ec2 = client(deployment.config, "ec2")
    subnet = state_read.outputs(deployment.config, deployment.outdir)["private_subnets"][0]
    interface = ec2.create_network_interface(SubnetId=subnet, Description="Amazon EKS mlops-retail-cluster")
    interface_id = interface["NetworkInterface"]["NetworkInterfaceId"]
    before = inventory(deployment.config)
    down = deployment.cli("down", **{"NETWORK_DEMO_ALB": "true"})
    assert down.returncode == 1, down.stdout[-2000:] + down.stderr[-2000:]
    assert f"NetworkInterface {interface_id} in {subnet} (Amazon EKS mlops-retail-cluster): an EKS cluster's: " \
           "delete the cluster and its node groups first" in down.stderr
    assert inventory(deployment.config) == before
    ec2.delete_network_interface(NetworkInterfaceId=interface_id)


def test_cdktf_destroy_removes_everything_and_down_stops_the_emulator(deployment):
    terraform_run.cdktf(deployment.config, "destroy", deployment.config.stack_name, "--auto-approve",
                        extra_env=deployment.env)
    assert inventory(deployment.config) == deployment.baseline
    down = deployment.cli("down")
    assert down.returncode == 0, down.stdout[-2000:] + down.stderr[-2000:]
    assert "stopping the emulator" in down.stdout
    assert not emulator.is_running(deployment.config.emulator_host, deployment.config.emulator_port)
