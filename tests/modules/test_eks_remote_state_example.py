"""The next stack (examples/eks_remote_state): an EKS cluster that takes the network's ids from the
network stack's S3 state, synthesized and checked with `terraform validate`."""
import pytest

from examples.eks_remote_state.main import build
from tests.modules.conftest import Synth, assert_valid_terraform, synth_example


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    return synth_example(build, tmp_path_factory.mktemp("eks-remote-state"))


def test_the_cluster_reads_the_network_from_its_remote_state(example):
    synth = Synth.from_file(example / "cdk.tf.json")
    state = synth.json["data"]["terraform_remote_state"]["network"]
    assert state["backend"] == "s3"
    assert state["config"]["key"] == "production-network/default/terraform.tfstate"
    [cluster] = synth.resources("aws_eks_cluster")
    vpc = cluster["vpc_config"]
    assert vpc["subnet_ids"] == "${tolist(data.terraform_remote_state.network.outputs.private_subnets)}"
    assert vpc["security_group_ids"] == ["${data.terraform_remote_state.network.outputs.cluster_security_group_id}"]
    assert vpc["endpoint_private_access"] is True and vpc["endpoint_public_access"] is False
    [template] = synth.resources("aws_launch_template")
    assert template["vpc_security_group_ids"] == [
        "${data.terraform_remote_state.network.outputs.node_security_group_id}"]
    [nodes] = synth.resources("aws_eks_node_group")
    assert nodes["subnet_ids"] == vpc["subnet_ids"]


def test_the_example_is_valid_terraform(example):
    assert_valid_terraform(example)
