"""ProductionNetwork in someone else's stack (examples/own_stack): synthesizes beside the user's own
resources and passes `terraform validate`; by default it is exactly the spec's network."""
import pytest

from examples.own_stack.main import build
from modules import ProductionNetwork, ProductionNetworkProps
from modules.demo_alb import DemoAlbProps
from modules.endpoints import EndpointsProps
from modules.props import PropsError
from tests.modules.conftest import Synth, assert_valid_terraform, synth_example


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    return synth_example(build, tmp_path_factory.mktemp("own-stack"))


def test_example_stack_holds_the_network_and_the_users_own_resources(example):
    synth = Synth.from_file(example / "cdk.tf.json")
    assert synth.resources("aws_s3_bucket") and len(synth.resources("aws_subnet")) == 4
    assert synth.has("aws_vpc", {"cidr_block": "10.20.0.0/16", "tags": {"Name": "ml-platform-vpc"}})
    assert synth.has("aws_subnet", {"tags": {"kubernetes.io/cluster/ml-platform": "shared"}})
    assert synth.has("aws_vpc_endpoint", {"service_name": "com.amazonaws.eu-west-1.ec2"})
    assert list(synth.json["terraform"]["backend"]) == ["local"]


def test_example_stack_is_valid_terraform(example):
    assert_valid_terraform(example)


def test_defaults_are_the_spec_network_and_the_demo_alb_is_opt_in():
    synth = Synth(lambda stack: ProductionNetwork(stack, "net"))
    counts = {kind: len(synth.resources(kind)) for kind in ("aws_vpc", "aws_subnet", "aws_route_table",
                                                            "aws_security_group", "aws_vpc_endpoint", "aws_lb")}
    assert counts == {"aws_vpc": 1, "aws_subnet": 4, "aws_route_table": 2, "aws_security_group": 4,
                      "aws_vpc_endpoint": 5, "aws_lb": 0}
    assert len(synth.resources("aws_flow_log")) == 1  # beyond the spec, on unless switched off
    assert not Synth(lambda stack: ProductionNetwork(stack, "net", props=ProductionNetworkProps(
        flow_logs=None))).resources("aws_flow_log")
    with_alb = Synth(lambda stack: ProductionNetwork(stack, "net", props=ProductionNetworkProps(
        demo_alb=DemoAlbProps())))
    assert len(with_alb.resources("aws_lb")) == 1


def test_zones_must_belong_to_the_endpoints_region():
    with pytest.raises(PropsError, match="network.azs: 'ap-southeast-1a' is not an availability zone of region 'us-east-1'"):
        ProductionNetworkProps(endpoints=EndpointsProps(region="us-east-1"))
