"""§4 Endpoints construct alone: S3 gateway on the route table, interface endpoints with private DNS."""
import json

import pytest

from modules.endpoints import Endpoints, EndpointsProps
from modules.props import PropsError
from tests.modules.conftest import Synth

WIRING = dict(vpc_id="vpc-1", private_route_table_id="rtb-1", private_subnet_ids=["subnet-a", "subnet-b"],
              security_group_id="sg-1")


@pytest.fixture(scope="module")
def synth() -> Synth:
    props = EndpointsProps(region="us-east-1", interface_services=("ecr.api", "ec2"), policy="least-privilege",
                           interface_endpoint_name="shop-{service}")
    return Synth(lambda scope: Endpoints(scope, "endpoints", props=props, **WIRING))


def test_s3_gateway_on_the_given_route_table(synth):
    assert synth.has("aws_vpc_endpoint", {"service_name": "com.amazonaws.us-east-1.s3",
                                          "vpc_endpoint_type": "Gateway", "route_table_ids": ["rtb-1"]})


def test_interface_endpoints_in_every_subnet_with_private_dns(synth):
    interface = [e for e in synth.resources("aws_vpc_endpoint") if e["vpc_endpoint_type"] == "Interface"]
    assert {e["tags"]["Name"] for e in interface} == {"shop-ecr-api", "shop-ec2"}
    for endpoint in interface:
        assert endpoint["subnet_ids"] == ["subnet-a", "subnet-b"] and endpoint["security_group_ids"] == ["sg-1"]
        assert endpoint["private_dns_enabled"] is True


def test_least_privilege_policies_name_this_account(synth):
    """Every statement but the ECR layer bucket's (URLs ECR signs) is for this account's principals."""
    for endpoint in synth.resources("aws_vpc_endpoint"):
        for statement in json.loads(endpoint["policy"])["Statement"]:
            if statement["Sid"] == "EcrImageLayers":
                assert "Condition" not in statement
                continue
            assert statement["Condition"]["StringEquals"]["aws:PrincipalAccount"].startswith(
                "${data.aws_caller_identity.")


def test_other_services_are_open_to_this_accounts_principals_only(synth):
    """The VPC CNI needs many EC2 actions; the endpoint admits this account's roles with all of them."""
    ec2 = next(e for e in synth.resources("aws_vpc_endpoint") if e["service_name"].endswith(".ec2"))
    (statement,) = json.loads(ec2["policy"])["Statement"]
    assert statement["Action"] == ["ec2:*"] and statement["Resource"] == ["*"]


def test_ecr_pull_accounts_are_checked_and_added_before_the_addon_registry():
    props = EndpointsProps(region="us-east-1", ecr_pull_accounts=("111122223333",))
    assert props.pull_accounts == ("111122223333", "602401143452")
    assert EndpointsProps(region="mx-central-1").pull_accounts == ()
    with pytest.raises(PropsError, match="ecr_pull_accounts: '1234' is not an AWS account id"):
        EndpointsProps(ecr_pull_accounts=("1234",))


@pytest.mark.parametrize("change, message", [
    ({"interface_services": ("ecr.apii",)}, "interface_services: 'ecr.apii' is not a known endpoint service"),
    ({"interface_services": ("sts", "sts")}, "lists a service twice"),
    ({"policy": "open"}, "policy: 'open' is not a policy mode"),
])
def test_props_invariants(change, message):
    with pytest.raises(PropsError, match=message):
        EndpointsProps(**change)
