"""Pod-address capacity: the CNI's formula against its own eni-max-pods.txt, the worked example of
docs/capacity.md, and the refusal of a node plan that cannot fit."""
import dataclasses

import pytest

from deploy import capacity
from deploy.instance_limits import LIMITS, InstanceLimits
from deploy.loader import load_config
from deploy.schema import ConfigError, NetworkConfig
from deploy.validation import validate


@pytest.mark.parametrize("instance_type", sorted(LIMITS))
def test_the_formula_reproduces_the_cni_projects_eni_max_pods(instance_type):
    """ENIs × (IPv4 per ENI − 1) + 2 (aws/amazon-vpc-cni-k8s misc/eni-max-pods.txt's header) gives the
    figure that file lists for every type of the table."""
    limits = LIMITS[instance_type]
    assert capacity.eni_max_pods(limits) == limits.eni_max_pods


def test_eks_caps_max_pods_at_110_below_30_vcpus_and_250_from_30():
    assert capacity.max_pods(LIMITS["m5.4xlarge"]) == 110  # 16 vCPUs: 234 by the formula
    assert capacity.max_pods(LIMITS["m5.16xlarge"]) == 250  # 64 vCPUs: 737
    assert capacity.max_pods(LIMITS["m5.large"], prefix_delegation=True) == 110  # 3 × 9 × 16 + 2 = 434


def test_the_worked_example_of_docs_capacity_md():
    """An m5.large, full: 29 pods; 27 pod addresses need 3 ENIs of 9 secondary addresses, the warm one
    would be a fourth but the type has 3, so it holds 3 × 10 = 30. With prefix delegation: 110 pods,
    108 addresses in 7 prefixes + 1 warm = 8 /28s = 128 addresses + 1 ENI primary."""
    m5 = LIMITS["m5.large"]
    assert (capacity.max_pods(m5), capacity.node_addresses(m5)) == (29, 30)
    assert (capacity.node_prefixes(m5), capacity.node_prefix_addresses(m5)) == (8, 129)
    zones = capacity.plan({"a": "10.0.101.0/24", "b": "10.0.102.0/24"}, ("m5.large",), 2, LIMITS)
    assert [(z.usable, z.nodes, z.secondary_ip, z.most_nodes, z.prefix_blocks) for z in zones] == [
        (251, 1, 30, 8, 14), (251, 1, 30, 8, 14)]


def test_a_half_used_warm_eni_still_holds_all_its_addresses():
    small = InstanceLimits(vcpus=2, max_enis=4, ipv4_per_eni=10)  # 38 pods: 36 addresses, 4 ENIs, none spare
    assert capacity.node_addresses(small) == 40
    medium = InstanceLimits(vcpus=2, max_enis=3, ipv4_per_eni=6)  # t3.medium: 17 pods, 15 addresses, 3 ENIs
    assert capacity.node_addresses(medium) == 18


def test_nodes_spread_over_the_zones_the_first_taking_the_remainder():
    zones = capacity.plan({"a": "10.0.0.0/22", "b": "10.0.4.0/22", "c": "10.0.8.0/22"}, ("m5.large", "g5.xlarge"),
                          7, LIMITS)
    assert [z.nodes for z in zones] == [3, 2, 2]
    assert {z.instance_type for z in zones} == {"g5.xlarge"}, "the type taking the most addresses counts"


def test_the_default_plan_fits_and_one_node_too_many_is_refused_with_the_numbers_and_the_fix():
    validate(NetworkConfig())
    validate(dataclasses.replace(NetworkConfig(), node_count=16))  # 8 per AZ: 240 of 251
    with pytest.raises(ConfigError) as refused:
        validate(dataclasses.replace(NetworkConfig(), node_count=17))
    (problem,) = refused.value.problems
    assert problem.startswith("node_count: 17 puts 9 full m5.large node(s) in ap-southeast-1a, which take 270 "
                              "addresses")
    assert "10.0.101.0/24 has 251 usable (at most 8 such node(s))" in problem
    assert "fix: private_subnet_cidrs of /23 or larger" in problem


def test_larger_private_subnets_make_room():
    validate(load_config(environ={"NETWORK_NODE_COUNT": "40", "NETWORK_PRIVATE_SUBNET_CIDRS":
                                  "10.0.96.0/22,10.0.100.0/22", "NETWORK_PUBLIC_SUBNET_CIDRS": "10.0.1.0/24,10.0.2.0/24"}))


@pytest.mark.parametrize(("changes", "message"), [
    ({"node_instance_types": ("m5.huge",)}, "node_instance_types: ['m5.huge'] has m5.huge, whose network limits "
                                            "deploy/instance_limits.py does not hold"),
    ({"node_instance_types": ()}, "node_instance_types: [] names no instance type"),
    ({"node_count": 0}, "node_count: 0 is not a number of nodes — fix: use 1 or more"),
])
def test_a_node_plan_that_cannot_be_counted_is_refused(changes, message):
    with pytest.raises(ConfigError) as refused:
        validate(dataclasses.replace(NetworkConfig(), **changes))
    assert any(p.startswith(message) for p in refused.value.problems), refused.value.problems


def test_custom_networking_leaves_the_primary_eni_to_the_node():
    """EKS custom networking: pods use the other ENIs only, so an m5.large runs 2 × 9 + 2 = 20 pods, all
    in the pod subnet; its 18 pod addresses fill both ENIs (no room for a warm one)."""
    m5 = LIMITS["m5.large"]
    assert (capacity.max_pods(m5, custom=True), capacity.node_addresses(m5, custom=True)) == (20, 20)
    config = dataclasses.replace(NetworkConfig(), pod_cidr="100.64.0.0/16", node_count=20)
    zones = capacity.plan_for(config, LIMITS)
    assert [(z.pods_cidr, z.cidr, z.nodes, z.secondary_ip, z.fits) for z in zones] == [
        ("100.64.0.0/17", "10.0.101.0/24", 10, 200, True), ("100.64.128.0/17", "10.0.102.0/24", 10, 200, True)]
    validate(config)


def test_prefix_reservations_are_sized_from_the_node_plan_clear_of_the_reserved_addresses():
    """10 full m5.large per AZ under custom networking and prefix delegation: 110 pods, 7 prefixes + 1 warm
    each, 80 /28s = 1,280 addresses: the smallest aligned block is a /21, the second-to-last of the /17."""
    config = dataclasses.replace(NetworkConfig(), pod_cidr="100.64.0.0/16", node_count=20, prefix_delegation=True)
    assert capacity.reservations(config) == {"ap-southeast-1a": "100.64.112.0/21", "ap-southeast-1b": "100.64.240.0/21"}
    assert capacity.reservations(dataclasses.replace(config, prefix_delegation=False)) == {}
    validate(config)


def test_prefix_delegation_in_the_designs_24s_is_refused_with_the_fix():
    """One m5.large's 8 prefixes need a /25, which a /24 holds only across AWS's reserved addresses."""
    with pytest.raises(ConfigError) as refused:
        validate(dataclasses.replace(NetworkConfig(), prefix_delegation=True))
    (problem,) = refused.value.problems
    assert problem.startswith("prefix_delegation: True needs 8 /28 prefixes for 1 full m5.large node(s) in "
                              "ap-southeast-1a, which a reserved block in 10.0.101.0/24 cannot hold")
    assert 'fix: pod_cidr = "100.64.0.0/16"' in problem


def test_a_pod_subnet_too_small_names_the_pod_cidr_to_grow():
    with pytest.raises(ConfigError) as refused:
        validate(dataclasses.replace(NetworkConfig(), pod_cidr="100.64.0.0/26", node_count=4))
    (problem,) = refused.value.problems
    assert "its pod subnet 100.64.0.0/27 has 27 usable (at most 1 such node(s))" in problem
    assert "fix: a pod_cidr of /25 or larger" in problem
