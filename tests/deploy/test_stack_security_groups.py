"""§2 Layered security groups: the spec's rules plus the two node paths a NAT-free EKS needs, each its
own resource with a description."""
GROUPS = {
    "mlops-hybrid-alb-sg": "alb",
    "mlops-hybrid-eks-nodes-sg": "nodes",
    "mlops-hybrid-eks-control-plane-sg": "control-plane",
    "mlops-hybrid-vpc-endpoints-sg": "endpoints",
}

# (group, direction, protocol, port, peer): the spec's table.
SPEC_RULES = {
    ("alb", "in", "tcp", 80, "0.0.0.0/0"),
    ("alb", "in", "tcp", 443, "0.0.0.0/0"),
    ("alb", "out", "tcp", 80, "nodes"),
    ("nodes", "in", "tcp", 80, "alb"),
    ("nodes", "in", "tcp", 443, "alb"),
    ("nodes", "in", "-1", -1, "nodes"),
    ("nodes", "in", "-1", -1, "control-plane"),
    ("nodes", "out", "tcp", 443, "endpoints"),
    ("nodes", "out", "-1", -1, "nodes"),
    ("control-plane", "in", "tcp", 443, "nodes"),
    ("control-plane", "out", "-1", -1, "nodes"),
    ("endpoints", "in", "tcp", 443, "nodes"),
    ("endpoints", "out", "-1", -1, "0.0.0.0/0"),
}
# Beyond the spec (README, "Beyond the spec"): the Kubernetes API and S3 image layers for the nodes.
NODE_PATHS = {
    ("nodes", "out", "tcp", 443, "control-plane"),
    ("nodes", "out", "tcp", 443, "s3-prefix-list"),
}


def rule_table(stack):
    refs = {stack.ref("aws_security_group", name=name): short for name, short in GROUPS.items()}

    def group_of(expression):
        return next(short for ref, short in refs.items() if expression.startswith(ref))

    table = set()
    for kind, direction in (("aws_vpc_security_group_ingress_rule", "in"),
                            ("aws_vpc_security_group_egress_rule", "out")):
        for rule in stack.resources(kind).values():
            assert rule["description"], rule
            assert rule["from_port"] == rule["to_port"]
            if "referenced_security_group_id" in rule:
                peer = group_of(rule["referenced_security_group_id"])
            elif "prefix_list_id" in rule:
                assert rule["prefix_list_id"] == "${data.aws_prefix_list.s3-prefix-list.id}"
                peer = "s3-prefix-list"
            else:
                peer = rule["cidr_ipv4"]
            table.add((group_of(rule["security_group_id"]), direction, rule["ip_protocol"], rule["from_port"], peer))
    return table


def test_four_groups_with_spec_names_in_the_vpc(default):
    groups = default.resources("aws_security_group").values()
    assert {g["name"] for g in groups} == set(GROUPS)
    for group in groups:
        assert group["vpc_id"].startswith(default.ref("aws_vpc"))
        assert group["tags"] == {"Name": group["name"]}
        assert group["description"]
        assert "ingress" not in group and "egress" not in group  # rules are separate resources


def test_rules_are_the_spec_table_and_the_node_paths(default):
    assert rule_table(default) == SPEC_RULES | NODE_PATHS
    rule_count = len(default.resources("aws_vpc_security_group_ingress_rule")) + len(
        default.resources("aws_vpc_security_group_egress_rule"))
    assert rule_count == len(SPEC_RULES) + len(NODE_PATHS)


def test_the_s3_path_goes_to_the_regions_s3_prefix_list(default):
    assert default.json["data"]["aws_prefix_list"]["s3-prefix-list"]["name"] == "com.amazonaws.ap-southeast-1.s3"


def test_optional_vpc_cidr_fallback_to_endpoints_is_behind_a_switch(default, stacks):
    fallback = ("endpoints", "in", "tcp", 443, "10.0.0.0/16")
    assert fallback not in rule_table(default)
    assert rule_table(stacks["cluster"]) == SPEC_RULES | NODE_PATHS | {fallback}


def test_alb_is_the_only_group_open_to_the_internet(default):
    open_rules = [r for r in rule_table(default) if r[1] == "in" and r[4] == "0.0.0.0/0"]
    assert {r[0] for r in open_rules} == {"alb"}
