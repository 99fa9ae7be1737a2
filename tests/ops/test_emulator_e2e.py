"""End to end on the embedded AWS emulator: real terraform, real provider, real HTTP, remote S3 state.

The tests run in file order against one deployment: the main job deploys it, later tests plan,
switch the demo ALB on and off, and destroy it.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from deploy.loader import load_config
from deploy.paths import ROOT
from ops import emulator, terraform_run
from ops.aws_clients import client
from ops.cleanup import leftovers
from ops.verify import verify

pytestmark = pytest.mark.emulator
ALB_TYPES = {"aws_lb", "aws_lb_target_group", "aws_lb_listener"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def inventory(config) -> dict[str, set[str]]:
    """Every VPC-level resource the emulator holds, by kind (moto starts with a default VPC)."""
    ec2 = client(config, "ec2")
    return {
        "vpcs": {v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"]},
        "subnets": {s["SubnetId"] for s in ec2.describe_subnets()["Subnets"]},
        "security_groups": {g["GroupId"] for g in ec2.describe_security_groups()["SecurityGroups"]},
        "route_tables": {t["RouteTableId"] for t in ec2.describe_route_tables()["RouteTables"]},
        # AWS (and moto) keep deleted endpoints and NAT gateways visible for a while, marked deleted.
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


class Deployment:
    def __init__(self, env: dict[str, str]):
        self.env = env
        self.config = load_config(environ=env)
        self.outdir = Path(env["NETWORK_OUTDIR"])

    def cli(self, *args: str, extra: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "ops", *args], cwd=ROOT, text=True,
                              env={**self.env, **(extra or {})}, capture_output=True, stdin=subprocess.DEVNULL)

    def synth(self, **overrides: str) -> None:
        result = subprocess.run([sys.executable, "main.py"], cwd=ROOT, capture_output=True, text=True,
                                env={**self.env, "CDKTF_OUTDIR": self.env["NETWORK_OUTDIR"], **overrides})
        assert result.returncode == 0, result.stderr

    def terraform(self, *args: str, ok_codes=(0,)) -> subprocess.CompletedProcess:
        return terraform_run.terraform(self.config, *args, outdir=self.outdir, ok_codes=ok_codes)

    def planned_changes(self) -> dict[str, list[str]]:
        self.terraform("plan", "-input=false", "-out=step.tfplan")
        plan = json.loads(self.terraform("show", "-json", "step.tfplan").stdout)
        return {change["address"]: change["change"]["actions"] for change in plan.get("resource_changes", [])
                if change["change"]["actions"] != ["no-op"]}


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    port = free_port()
    env = {**os.environ, "NETWORK_ENV": "default", "NETWORK_EMULATOR_PORT": str(port),
           "NETWORK_STATE_BUCKET": "itest-network-tfstate",
           "NETWORK_OUTDIR": str(tmp_path_factory.mktemp("emulator-out"))}
    env.pop("NETWORK_DEMO_ALB", None)
    deployment = Deployment(env)
    emulator.start(deployment.config.emulator_host, port)
    deployment.baseline = inventory(deployment.config)
    deployment.up = deployment.cli("up")
    yield deployment
    emulator.stop(port)


def test_main_job_deploys_verifies_and_prints_outputs(deployment):
    up = deployment.up
    assert up.returncode == 0, up.stdout[-3000:] + up.stderr[-3000:]
    assert "[5/5] outputs" in up.stdout
    assert ", 0 failed" in up.stdout
    printed = up.stdout.split("] outputs", 1)[1]
    outputs = json.loads(printed[printed.index("{\n"):printed.rindex("}") + 1])
    assert outputs["vpc_cidr"] == "10.0.0.0/16" and outputs["vpc_id"].startswith("vpc-")
    assert f"keeps running at {deployment.config.emulator_url}" in up.stdout


def test_second_plan_reports_no_changes(deployment):
    """The main job already spent the one converging re-apply the emulator needs (it drops the
    descriptions of rules that reference another security group when it creates them)."""
    assert "re-applying once to converge rule descriptions" in deployment.up.stdout
    result = deployment.terraform("plan", "-detailed-exitcode", "-input=false", ok_codes=(0, 2))
    assert result.returncode == 0, result.stdout


def test_plan_command_writes_a_reviewable_plan_with_no_changes(deployment):
    plan = deployment.cli("plan")
    assert plan.returncode == 0, plan.stdout[-2000:] + plan.stderr[-2000:]
    assert plan.stdout.rstrip().endswith("no changes")
    stack = terraform_run.stack_dir(deployment.config, deployment.outdir)
    shown = deployment.terraform("show", "-json", "plan.tfplan").stdout
    assert json.loads(shown)["planned_values"]["outputs"]["vpc_cidr"]["value"] == "10.0.0.0/16"
    assert (stack / "plan.tfplan").is_file()


def test_state_lives_in_the_bucket_encrypted_and_versioned(deployment):
    config = deployment.config
    s3 = client(config, "s3")
    key = config.rendered_state_key
    state = json.loads(s3.get_object(Bucket=config.state_bucket, Key=key)["Body"].read())
    assert state["resources"] and state["terraform_version"].startswith("1.")
    assert s3.head_object(Bucket=config.state_bucket, Key=key).get("ServerSideEncryption") == "AES256"
    versions = s3.list_object_versions(Bucket=config.state_bucket, Prefix=key)["Versions"]
    assert len([v for v in versions if v["Key"] == key]) >= 2
    assert s3.get_bucket_versioning(Bucket=config.state_bucket)["Status"] == "Enabled"
    rules = s3.get_bucket_encryption(Bucket=config.state_bucket)["ServerSideEncryptionConfiguration"]["Rules"]
    assert rules[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    block = s3.get_public_access_block(Bucket=config.state_bucket)["PublicAccessBlockConfiguration"]
    assert all(block.values())


def test_live_resources_match_the_config(deployment):
    outputs = terraform_run.outputs(deployment.config, deployment.outdir)
    failed = [str(check) for check in verify(deployment.config, outputs) if not check.ok]
    assert failed == []


def test_cleanup_check_sees_the_live_network(deployment):
    """The §9 leftovers check that `down` relies on finds every kind of resource while it exists."""
    found = leftovers(deployment.config)
    kinds = {line.split()[0] for line in found}
    assert kinds == {"Vpc", "Subnet", "SecurityGroup", "RouteTable", "VpcEndpoint", "InternetGateway"}
    assert len([line for line in found if line.startswith("Subnet ")]) == 4


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
    outputs = terraform_run.outputs(deployment.config, deployment.outdir)
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


def test_cdktf_destroy_removes_everything_and_down_stops_the_emulator(deployment):
    terraform_run.cdktf(deployment.config, "destroy", deployment.config.stack_name, "--auto-approve",
                        extra_env=deployment.env)
    assert inventory(deployment.config) == deployment.baseline
    down = deployment.cli("down")
    assert down.returncode == 0, down.stdout[-2000:] + down.stderr[-2000:]
    assert "stopping the emulator" in down.stdout
    assert not emulator.is_running(deployment.config.emulator_host, deployment.config.emulator_port)
