"""§1 Production VPC: the spec's names, CIDRs, AZs, routes, and no NAT anywhere."""
SPEC_SUBNETS = {
    ("public", "ap-southeast-1a"): ("10.0.1.0/24", "mlops-hybrid-public-alb-ap-southeast-1a"),
    ("public", "ap-southeast-1b"): ("10.0.2.0/24", "mlops-hybrid-public-alb-ap-southeast-1b"),
    ("private", "ap-southeast-1a"): ("10.0.101.0/24", "mlops-eks-private-workloads-ap-southeast-1a"),
    ("private", "ap-southeast-1b"): ("10.0.102.0/24", "mlops-eks-private-workloads-ap-southeast-1b"),
}


def test_vpc_has_spec_cidr_name_and_dns(default):
    vpc = default.one("aws_vpc")
    assert vpc["cidr_block"] == "10.0.0.0/16"
    assert vpc["tags"] == {"Name": "mlops-retail-forecast-hybrid-vpc"}
    assert vpc["enable_dns_hostnames"] is True and vpc["enable_dns_support"] is True
    assert vpc["instance_tenancy"] == "default"
    assert "ipv6_cidr_block" not in vpc and "assign_generated_ipv6_cidr_block" not in vpc


def test_one_public_and_one_private_subnet_per_az_with_spec_values(default):
    subnets = default.resources("aws_subnet").values()
    found = {("public" if s["map_public_ip_on_launch"] else "private", s["availability_zone"]):
             (s["cidr_block"], s["tags"]["Name"]) for s in subnets}
    assert found == SPEC_SUBNETS
    assert all(s["vpc_id"].startswith(default.ref("aws_vpc")) for s in subnets)


def test_auto_assign_public_ip_only_on_public_subnets(default):
    flags = {s["tags"]["Name"]: s["map_public_ip_on_launch"] for s in default.resources("aws_subnet").values()}
    assert flags == {name: kind == "public" for (kind, _), (_, name) in SPEC_SUBNETS.items()}


def test_internet_gateway_is_named_and_attached(default):
    igw = default.one("aws_internet_gateway")
    assert igw["tags"] == {"Name": "mlops-hybrid-igw"}
    assert igw["vpc_id"].startswith(default.ref("aws_vpc"))


def test_public_route_table_routes_default_to_igw(default):
    default.one("aws_route_table", tags={"Name": "mlops-hybrid-public-alb-rt"})
    route = default.one("aws_route")
    assert route["destination_cidr_block"] == "0.0.0.0/0"
    assert route["gateway_id"].startswith(default.ref("aws_internet_gateway"))
    assert route["route_table_id"].startswith(default.ref("aws_route_table", tags={"Name": "mlops-hybrid-public-alb-rt"}))


def test_private_route_table_has_no_routes_and_there_is_no_nat(default):
    private = default.one("aws_route_table", tags={"Name": "mlops-hybrid-private-workloads-rt"})
    assert private["route"] == []  # authoritative: a route added by hand is a planned change
    private_ref = default.ref("aws_route_table", tags={"Name": "mlops-hybrid-private-workloads-rt"})
    assert not [r for r in default.resources("aws_route").values() if r["route_table_id"].startswith(private_ref)]
    for kind in ("aws_nat_gateway", "aws_eip", "aws_egress_only_internet_gateway"):
        assert not default.resources(kind)


def test_each_route_table_is_associated_with_both_of_its_subnets(default):
    subnet_refs = {s["tags"]["Name"]: default.ref("aws_subnet", tags=s["tags"])
                   for s in default.resources("aws_subnet").values()}
    pairs = set()
    for assoc in default.resources("aws_route_table_association").values():
        subnet = next(n for n, ref in subnet_refs.items() if assoc["subnet_id"].startswith(ref))
        table = "public" if assoc["route_table_id"].startswith(
            default.ref("aws_route_table", tags={"Name": "mlops-hybrid-public-alb-rt"})) else "private"
        pairs.add((table, subnet))
    assert pairs == {(kind, name) for (kind, _), (_, name) in SPEC_SUBNETS.items()}


def test_three_az_variant_gets_a_subnet_pair_per_az(stacks):
    subnets = stacks["three-az"].resources("aws_subnet").values()
    assert sorted(s["availability_zone"] for s in subnets) == sorted(
        ["ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"] * 2)
    assert len(stacks["three-az"].resources("aws_route_table_association")) == 6


def test_flow_logs_capture_all_traffic_of_the_vpc_into_a_90_day_log_group(default):
    log = default.one("aws_flow_log", traffic_type="ALL")
    assert log["vpc_id"].startswith(default.ref("aws_vpc"))
    group = default.one("aws_cloudwatch_log_group", name="/aws/vpc-flow-logs/mlops-hybrid")
    assert group["retention_in_days"] == 90 and "kms_key_id" not in group
    assert default.one("aws_iam_role", name="mlops-hybrid-vpc-flow-logs")


def test_flow_logs_can_be_switched_off(stacks):
    assert not stacks["no-flow-logs"].resources("aws_flow_log")
    assert not stacks["no-flow-logs"].resources("aws_iam_role")


def test_the_vpcs_defaults_are_managed(default):
    assert default.one("aws_default_security_group", ingress=[], egress=[])
    acl = default.one("aws_default_network_acl", tags={"Name": "mlops-hybrid-default-nacl"})
    assert len(acl["subnet_ids"]) == 4
