"""§1 Network construct alone: VPC, subnets per AZ, IGW, routes; props checked where the construct is."""
import pytest

from modules.network import Network, NetworkProps
from modules.props import PropsError
from tests.modules.conftest import Synth

PROPS = NetworkProps(azs=("eu-west-1a", "eu-west-1b", "eu-west-1c"), vpc_cidr="10.8.0.0/16",
                     public_subnet_cidrs=("10.8.0.0/24", "10.8.1.0/24", "10.8.2.0/24"),
                     private_subnet_cidrs=("10.8.10.0/24", "10.8.11.0/24", "10.8.12.0/24"),
                     vpc_name="shop-vpc", public_subnet_name="shop-public-{az}", private_subnet_tags={"tier": "app"})


@pytest.fixture(scope="module")
def synth() -> Synth:
    return Synth(lambda scope: Network(scope, "network", props=PROPS))


def test_vpc_from_props(synth):
    assert synth.has("aws_vpc", {"cidr_block": "10.8.0.0/16", "enable_dns_hostnames": True,
                                 "enable_dns_support": True, "tags": {"Name": "shop-vpc"}})


def test_one_subnet_pair_per_az_with_names_and_tags(synth):
    subnets = {(s["availability_zone"], s["map_public_ip_on_launch"]): s for s in synth.resources("aws_subnet")}
    assert len(subnets) == 6
    assert subnets[("eu-west-1c", True)]["tags"] == {"Name": "shop-public-eu-west-1c"}
    assert subnets[("eu-west-1c", False)]["tags"] == {"Name": "mlops-eks-private-workloads-eu-west-1c",
                                                     "tier": "app"}
    assert subnets[("eu-west-1b", False)]["cidr_block"] == "10.8.11.0/24"


def test_only_the_public_table_has_a_default_route_and_there_is_no_nat(synth):
    routes = synth.resources("aws_route")
    assert len(routes) == 1 and routes[0]["destination_cidr_block"] == "0.0.0.0/0"
    assert routes[0]["gateway_id"].startswith("${aws_internet_gateway.")
    tables = {t["tags"]["Name"]: t for t in synth.resources("aws_route_table")}
    assert tables["mlops-hybrid-private-workloads-rt"]["route"] == []  # authoritative, empty
    assert "route" not in tables["mlops-hybrid-public-alb-rt"]  # its default route is its own resource
    assert len(synth.resources("aws_route_table_association")) == 6
    assert not synth.resources("aws_nat_gateway")


@pytest.mark.parametrize("change, message", [
    ({"public_subnet_cidrs": ("10.0.1.0/24",)}, "public_subnet_cidrs: ['10.0.1.0/24'] has 1 entries for 2 AZs"),
    ({"private_subnet_cidrs": ("10.0.101.0/24", "10.1.0.0/24")}, "'10.1.0.0/24' is outside the VPC 10.0.0.0/16"),
    ({"vpc_cidr": "10.0.0.1/16"}, "vpc_cidr: '10.0.0.1/16' is not a valid IPv4 CIDR"),
    ({"azs": ("a", "a")}, "azs: ['a', 'a'] repeats a zone"),
])
def test_props_invariants_fail_with_the_prop_and_the_fix(change, message):
    with pytest.raises(PropsError, match="fix:") as error:
        NetworkProps(**change)
    assert message in str(error.value)


def test_props_are_keyword_only_and_frozen():
    with pytest.raises(TypeError):
        NetworkProps(("a", "b"))
    with pytest.raises(AttributeError):
        NetworkProps().vpc_cidr = "10.1.0.0/16"


def test_the_default_security_group_is_adopted_with_no_rules(synth):
    [group] = synth.resources("aws_default_security_group")
    assert group["ingress"] == [] and group["egress"] == []  # authoritative: a hand-made rule is a diff
    assert group["tags"] == {"Name": "mlops-hybrid-default-sg-unused"}


def test_the_default_network_acl_is_adopted_with_explicit_rules_on_every_subnet(synth):
    [acl] = synth.resources("aws_default_network_acl")
    assert acl["default_network_acl_id"].endswith(".default_network_acl_id}")
    allow_all = [{"action": "allow", "cidr_block": "0.0.0.0/0", "from_port": 0, "protocol": "-1", "rule_no": 100,
                  "to_port": 0}]
    assert acl["ingress"] == allow_all and acl["egress"] == allow_all
    assert len(acl["subnet_ids"]) == 6 and all(s.startswith("${aws_subnet.") for s in acl["subnet_ids"])
