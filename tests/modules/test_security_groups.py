"""§2 SecurityGroups construct alone: four groups, the rule table, each rule its own described resource."""
from dataclasses import replace

import pytest

from modules.props import PropsError
from modules.security_groups import SecurityGroups, SecurityGroupsProps, rules
from tests.modules.conftest import Synth

PROPS = SecurityGroupsProps(alb_name="edge-sg", endpoints_extra_cidr="10.8.0.0/16")


@pytest.fixture(scope="module")
def synth() -> Synth:
    return Synth(lambda scope: SecurityGroups(scope, "sgs", vpc_id="vpc-0123", s3_prefix_list_id="pl-6fa54006",
                                              props=PROPS))


def test_four_groups_named_from_props_in_the_given_vpc(synth):
    groups = synth.resources("aws_security_group")
    assert sorted(g["name"] for g in groups) == sorted(["edge-sg", "mlops-hybrid-eks-nodes-sg",
                                                        "mlops-hybrid-eks-control-plane-sg",
                                                        "mlops-hybrid-vpc-endpoints-sg"])
    assert all(g["vpc_id"] == "vpc-0123" and g["tags"] == {"Name": g["name"]} for g in groups)


def test_every_rule_of_the_table_is_a_described_resource(synth):
    ingress, egress = synth.resources("aws_vpc_security_group_ingress_rule"), synth.resources(
        "aws_vpc_security_group_egress_rule")
    table = rules(PROPS)
    assert len(ingress) == sum(r.direction == "in" for r in table) == 9
    assert len(egress) == sum(r.direction == "out" for r in table) == 7
    assert all(r["description"] for r in ingress + egress)
    assert synth.has("aws_vpc_security_group_ingress_rule", {"cidr_ipv4": "10.8.0.0/16", "from_port": 443,
                                                             "ip_protocol": "tcp"})
    assert synth.has("aws_vpc_security_group_ingress_rule", {"cidr_ipv4": "0.0.0.0/0", "from_port": 80})


def test_the_node_paths_reach_the_control_plane_and_the_s3_prefix_list(synth):
    assert synth.has("aws_vpc_security_group_egress_rule", {"prefix_list_id": "pl-6fa54006", "from_port": 443,
                                                            "ip_protocol": "tcp"})
    nodes_out = [(r.port, r.peer) for r in rules(PROPS) if r.group == "eks_nodes" and r.direction == "out"]
    assert (443, "eks_control_plane") in nodes_out and (443, "s3-prefix-list") in nodes_out


def test_the_spec_table_alone_is_13_rules_and_the_fallback_is_off_by_default():
    assert len(rules(SecurityGroupsProps(node_paths=False))) == 13
    assert len(rules(SecurityGroupsProps())) == 15
    assert not [r for r in rules(SecurityGroupsProps()) if r.peer.startswith("10.")]


def test_the_node_paths_need_the_prefix_list():
    with pytest.raises(PropsError, match="s3_prefix_list_id: '' is needed"):
        Synth(lambda scope: SecurityGroups(scope, "sgs", vpc_id="vpc-0123", props=PROPS))
    Synth(lambda scope: SecurityGroups(scope, "sgs", vpc_id="vpc-0123", props=replace(PROPS, node_paths=False)))


def test_a_bad_fallback_cidr_is_refused():
    with pytest.raises(PropsError, match="endpoints_extra_cidr: 'vpc' is not a valid IPv4 CIDR"):
        SecurityGroupsProps(endpoints_extra_cidr="vpc")
