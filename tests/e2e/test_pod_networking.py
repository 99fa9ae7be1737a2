"""Pod networking switched on, deployed on the emulator: a secondary block for pods (custom networking)
with one pod subnet per AZ, prefix reservations sized for the node plan, the groups admitting the pod
range. `up` deploys and verifies it, a second plan is empty, the hand-off gives eksctl the CNI settings
and the ENIConfigs, and `down` leaves nothing of it."""
from __future__ import annotations

import json

import pytest
import yaml

from ops.aws_clients import client
from ops.live.verify import verify
from ops.state import read as state_read
from tests.e2e.conftest import Deployment

POD_NETWORKING = {"NETWORK_POD_CIDR": "100.64.0.0/16", "NETWORK_PREFIX_DELEGATION": "true",
                  "NETWORK_NODE_COUNT": "20", "NETWORK_ENDPOINT_PROFILE": "eks-fully-private",
                  "NETWORK_STATE_BUCKET": "pods-network-tfstate"}


@pytest.fixture(scope="module")
def pods(tmp_path_factory):
    deployment = Deployment(tmp_path_factory.mktemp("pods-out"), **POD_NETWORKING)
    deployment.start_emulator()
    try:  # a failed deploy must not leave its emulator running
        up = deployment.cli("up")
        assert up.returncode == 0, up.stdout[-3000:] + up.stderr[-3000:]
        yield deployment
    finally:
        deployment.stop()


def test_up_verifies_the_pod_block_subnets_and_reservations(pods):
    checks = {c.name: c for c in verify(pods.config, state_read.outputs(pods.config, pods.outdir))}
    assert [str(c) for c in checks.values() if not c.ok] == []
    for name in ("pod CIDR associated with the VPC", "pod subnets per AZ", "pod subnets carry no load balancer role tag",
                 "§1.4 private route table associations", "prefix reservations for the VPC CNI",
                 "pod capacity ap-southeast-1a", "§1.4 private route table: only the local route"):
        assert checks[name].ok, name
    assert "10 full m5.large node(s) take 200 addresses" in checks["pod capacity ap-southeast-1a"].detail


def test_the_live_network_holds_them_as_configured(pods):
    ec2, outputs = client(pods.config, "ec2"), state_read.outputs(pods.config, pods.outdir)
    assert outputs["pod_cidr"] == "100.64.0.0/16"
    subnets = ec2.describe_subnets(SubnetIds=list(outputs["pod_subnet_ids"].values()))["Subnets"]
    assert sorted(s["CidrBlock"] for s in subnets) == ["100.64.0.0/17", "100.64.128.0/17"]
    reservations = ec2.get_subnet_cidr_reservations(SubnetId=outputs["pod_subnet_ids"]["ap-southeast-1a"])
    assert [(r["Cidr"], r["ReservationType"]) for r in reservations["SubnetIpv4CidrReservations"]] == [
        ("100.64.112.0/21", "prefix")]
    groups = outputs["security_group_ids"]
    rules = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [
        groups["vpc_endpoints"], groups["eks_control_plane"]]}])["SecurityGroupRules"]
    assert {(r["GroupId"], r["FromPort"]) for r in rules if r.get("CidrIpv4") == "100.64.0.0/16"} == {
        (groups["vpc_endpoints"], 443), (groups["eks_control_plane"], 443)}


def test_a_second_plan_is_empty(pods):
    assert pods.planned_changes() == {}


def test_the_hand_off_gives_eksctl_the_cni_settings_and_kubernetes_the_eniconfigs(pods):
    outputs = state_read.outputs(pods.config, pods.outdir)
    eksctl = pods.cli("outputs", "--format", "eksctl")
    assert eksctl.returncode == 0, eksctl.stderr
    cluster = yaml.safe_load(eksctl.stdout)
    (addon,) = cluster["addons"]
    assert addon["name"] == "vpc-cni" and json.loads(addon["configurationValues"]) == {"env": {
        "AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG": "true", "ENI_CONFIG_LABEL_DEF": "topology.kubernetes.io/zone",
        "ENABLE_PREFIX_DELEGATION": "true", "WARM_PREFIX_TARGET": "1"}}
    (group,) = cluster["managedNodeGroups"]
    assert group["maxPodsPerNode"] == 110 and group["instanceTypes"] == ["m5.large"] and group["maxSize"] == 20
    manifests = pods.cli("outputs", "--format", "eniconfig")
    assert manifests.returncode == 0, manifests.stderr
    configs = list(yaml.safe_load_all(manifests.stdout))
    assert {c["metadata"]["name"]: c["spec"]["subnet"] for c in configs} == outputs["pod_subnet_ids"]
    assert all(c["kind"] == "ENIConfig" and c["spec"]["securityGroups"] == [outputs["security_group_ids"]["eks_nodes"]]
               for c in configs)
    assert "kubectl set env daemonset aws-node -n kube-system AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG=true" in manifests.stdout


def test_capacity_reports_the_pod_subnets_and_the_reservations(pods):
    report = json.loads(pods.cli("capacity", "--json").stdout)
    assert report["custom_networking"] is True and report["prefix_delegation"] is True and report["fits"] is True
    assert [(z["subnet"], z["prefix_delegation"]["reservation"]) for z in report["zones"]] == [
        ("100.64.0.0/17", "100.64.112.0/21"), ("100.64.128.0/17", "100.64.240.0/21")]


def test_down_leaves_nothing(pods):
    vpc = state_read.outputs(pods.config, pods.outdir)["vpc_id"]
    down = pods.cli("down", "--keep-emulator")
    assert down.returncode == 0, down.stdout[-3000:] + down.stderr[-3000:]
    assert pods.vpcs() == []
    ec2 = client(pods.config, "ec2")
    assert ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"] == []
