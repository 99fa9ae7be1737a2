"""§1 Network with pod networking switched on: a secondary block for pods (custom networking) split into
one pod subnet per AZ, and prefix reservations; the props refuse what AWS refuses."""
import pytest

from modules.network import Network, NetworkProps
from modules.props import PropsError
from modules.props.security_groups import SecurityGroupsProps, rules
from tests.modules.conftest import Synth

PROPS = NetworkProps(pod_cidr="100.64.0.0/16", pod_subnet_name="shop-pods-{az}",
                     prefix_reservations={"ap-southeast-1a": "100.64.112.0/21", "ap-southeast-1b": "100.64.240.0/21"})


@pytest.fixture(scope="module")
def synth() -> Synth:
    return Synth(lambda scope: Network(scope, "network", props=PROPS))


def test_the_pod_block_is_associated_and_split_into_one_subnet_per_az_that_waits_for_it(synth):
    [block] = synth.resources("aws_vpc_ipv4_cidr_block_association")
    assert block["cidr_block"] == "100.64.0.0/16" and block["vpc_id"].startswith("${aws_vpc.")
    pods = {s["availability_zone"]: s for s in synth.resources("aws_subnet") if s["tags"]["Name"].startswith("shop-")}
    assert {az: s["cidr_block"] for az, s in pods.items()} == {"ap-southeast-1a": "100.64.0.0/17",
                                                               "ap-southeast-1b": "100.64.128.0/17"}
    assert all(s["vpc_id"].startswith("${aws_vpc_ipv4_cidr_block_association.") for s in pods.values())
    assert all(s["tags"] == {"Name": f"shop-pods-{az}"} and s["map_public_ip_on_launch"] is False
               for az, s in pods.items()), "no load balancer role tag, no public IPs"


def test_pod_subnets_use_the_private_table_without_a_default_route_and_the_default_acl(synth):
    tables = {t["tags"]["Name"]: t for t in synth.resources("aws_route_table")}
    assert tables["mlops-hybrid-private-workloads-rt"]["route"] == []
    private = [a for a in synth.resources("aws_route_table_association") if "private-rt" in a["route_table_id"]]
    assert len(private) == 4  # two private subnets and two pod subnets
    assert sum("network_pods-" in a["subnet_id"] for a in private) == 2
    [acl] = synth.resources("aws_default_network_acl")
    assert sum("network_pods-" in s for s in acl["subnet_ids"]) == 2


def test_prefix_reservations_sit_in_the_pod_subnets(synth):
    reservations = {r["cidr_block"]: r for r in synth.resources("aws_ec2_subnet_cidr_reservation")}
    assert set(reservations) == {"100.64.112.0/21", "100.64.240.0/21"}
    assert all(r["reservation_type"] == "prefix" and "network_pods-" in r["subnet_id"] for r in reservations.values())


def test_without_pods_a_reservation_sits_in_the_private_subnet():
    synth = Synth(lambda scope: Network(scope, "network", props=NetworkProps(
        private_subnet_cidrs=("10.0.96.0/22", "10.0.100.0/22"), prefix_reservations={"ap-southeast-1a": "10.0.98.0/25"})))
    [reservation] = synth.resources("aws_ec2_subnet_cidr_reservation")
    assert "network_private-ap-southeast-1a" in reservation["subnet_id"]
    assert not synth.resources("aws_vpc_ipv4_cidr_block_association")


@pytest.mark.parametrize("change, message", [
    ({"pod_cidr": "10.0.0.0/16"}, "pod_cidr: '10.0.0.0/16' overlaps the VPC 10.0.0.0/16"),
    ({"pod_cidr": "192.168.0.0/16"}, "is in 192.168.0.0/16, which AWS does not add to a VPC whose primary block "
                                     "10.0.0.0/16 is in 10.0.0.0/8"),
    ({"pod_cidr": "198.19.0.0/16"}, "overlaps 198.19.0.0/16, which AWS reserves"),
    ({"pod_cidr": "100.64.0.0/12"}, "pod_cidr: '100.64.0.0/12' has a prefix outside /16-/28"),
    ({"pod_cidr": "100.64.0.0/28"}, "is too small to split into 2 subnets"),
    ({"prefix_reservations": {"ap-southeast-1c": "10.0.101.0/28"}}, "prefix_reservations: 'ap-southeast-1c' is not one of azs"),
    ({"prefix_reservations": {"ap-southeast-1a": "10.0.102.0/28"}}, "'10.0.102.0/28' is outside 10.0.101.0/24, the "
                                                                    "subnet ap-southeast-1a's pods use"),
])
def test_pod_props_refuse_what_aws_refuses_with_the_fix(change, message):
    with pytest.raises(PropsError, match="fix:") as error:
        NetworkProps(**change)
    assert message in str(error.value)


def test_the_groups_admit_the_pod_range_where_pods_reach_the_endpoints_and_the_control_plane():
    added = [r for r in rules(SecurityGroupsProps(pod_cidr="100.64.0.0/16")) if r.peer == "100.64.0.0/16"]
    assert {(r.group, r.direction, r.port) for r in added} == {("vpc_endpoints", "in", 443),
                                                              ("eks_control_plane", "in", 443)}
    assert not [r for r in rules(SecurityGroupsProps()) if r.peer.startswith("100.64.")]
