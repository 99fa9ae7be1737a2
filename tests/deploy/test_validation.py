"""Bad input fails before anything is written, naming the field, the value and the fix."""
import dataclasses
import os
import subprocess
import sys

import pytest

from deploy.schema import ConfigError, Names, NetworkConfig
from deploy.settings import ROOT
from deploy.validation import pitfalls, validate
from modules.endpoint_services import PROFILES

CASES = {
    "malformed CIDR": (dict(vpc_cidr="10.0.0.0/33"), "vpc_cidr", "10.0.0.0/33"),
    "host bits set": (dict(vpc_cidr="10.0.0.1/16"), "vpc_cidr", "use '10.0.0.0/16'"),
    "subnet outside the VPC": (dict(public_subnet_cidrs=("10.0.1.0/24", "10.1.2.0/24")),
                               "public_subnet_cidrs", "outside the VPC"),
    "overlapping subnets": (dict(private_subnet_cidrs=("10.0.101.0/24", "10.0.1.0/25")),
                            "private_subnet_cidrs", "overlaps 10.0.1.0/24 of public_subnet_cidrs"),
    "VPC prefix too large": (dict(vpc_cidr="10.0.0.0/8"), "vpc_cidr", "/16-/28"),
    "VPC prefix too small": (dict(vpc_cidr="10.0.0.0/29"), "vpc_cidr", "/16-/28"),
    "fewer than 2 AZs": (dict(azs=("ap-southeast-1a",), public_subnet_cidrs=("10.0.1.0/24",),
                              private_subnet_cidrs=("10.0.101.0/24",)), "azs", "2 or 3"),
    "AZ not in the region": (dict(azs=("ap-southeast-1a", "us-east-1b")), "azs", "not an availability zone"),
    "unknown endpoint service": (dict(interface_endpoints=("ecr.api", "ecr.dockr")), "interface_endpoints",
                                 "'ecr.dockr'"),
    "invalid cluster name": (dict(cluster_name="-retail cluster"), "cluster_name", "not a valid EKS cluster name"),
    "private DNS with DNS hostnames off": (dict(enable_dns_hostnames=False), "enable_dns_hostnames",
                                           "private DNS"),
    "default route for private subnets": (dict(private_default_route=True), "private_default_route", "no NAT"),
    "duplicate names": (dict(names=Names(private_route_table="{prefix}-public-alb-rt")),
                        "names.private_route_table", "duplicates"),
    "per-AZ name without {az}": (dict(names=Names(public_subnet="{prefix}-public")), "names.public_subnet",
                                 "{az}"),
    "HTTPS without certificate": (dict(demo_alb=True, demo_https=True), "demo_https", "without a certificate"),
    "malformed certificate ARN": (dict(demo_certificate_arn="arn:aws:acm:cert"), "demo_certificate_arn",
                                  "not an ACM certificate ARN"),
    "health check path without slash": (dict(demo_health_check_path="health"), "demo_health_check_path",
                                        "start it with '/'"),
    "unknown policy mode": (dict(endpoint_policy="strict"), "endpoint_policy", "least-privilege"),
    "unknown target": (dict(target="localstack"), "target", "'emulator' or 'aws'"),
    "bad state bucket": (dict(state_bucket="My_Bucket"), "state_bucket", "not a valid S3 bucket name"),
    "HCP backend without organization": (dict(backend="hcp"), "hcp_organization", "set it to your organization"),
    "HCP workspace name": (dict(backend="hcp", hcp_organization="acme", hcp_workspace="net/{environment}"),
                           "hcp_workspace", "not a workspace name"),
    "unknown backend": (dict(backend="consul"), "backend", "'hcp'"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_names_field_value_and_fix(case):
    changes, field, expected = CASES[case]
    with pytest.raises(ConfigError) as caught:
        validate(NetworkConfig(**changes))
    line = next((p for p in caught.value.problems if p.startswith(field)), None)
    assert line is not None, caught.value.problems
    assert expected in line and "fix:" in line


def test_all_problems_are_reported_at_once():
    with pytest.raises(ConfigError) as caught:
        validate(NetworkConfig(vpc_cidr="nope", cluster_name="-", target="x"))
    assert {p.split(":")[0] for p in caught.value.problems} >= {"vpc_cidr", "cluster_name", "target"}


def test_spec_defaults_are_valid_and_walk_into_no_pitfall():
    assert validate(NetworkConfig()) == NetworkConfig()
    assert pitfalls(NetworkConfig()) == []


def test_the_spec_profile_reports_what_a_fully_private_cluster_still_lacks():
    from deploy.validation import profile_gaps

    gaps = profile_gaps(NetworkConfig())
    assert len(gaps) == 5 and any(g.startswith("no ec2 endpoint: the VPC CNI") for g in gaps)
    fully_private = NetworkConfig(endpoint_profile="eks-fully-private",
                                  interface_endpoints=PROFILES["eks-fully-private"])
    assert validate(fully_private) and profile_gaps(fully_private) == [] and pitfalls(fully_private) == []


def test_switching_off_the_node_paths_is_the_image_pull_pitfall():
    assert any("§7.1 nodes cannot fetch image layers" in a for a in pitfalls(NetworkConfig(node_paths=False)))


def test_least_privilege_in_a_region_without_a_known_addon_registry_is_a_pitfall():
    config = NetworkConfig(region="mx-central-1", azs=("mx-central-1a", "mx-central-1b"),
                           endpoint_policy="least-privilege")
    assert any("set ecr_pull_accounts" in a for a in pitfalls(config))
    assert not pitfalls(dataclasses.replace(config, ecr_pull_accounts=("730335286997",)))


def test_pitfalls_name_the_spec_section():
    advice = pitfalls(NetworkConfig(interface_endpoints=("logs",), s3_gateway_endpoint=False))
    assert any(a.startswith("§7.1") and "ecr.api" in a and "s3 gateway" in a for a in advice)
    assert any(a.startswith("§7.2") for a in advice)


def test_synth_with_bad_input_exits_2_and_writes_nothing(tmp_path):
    env = {**os.environ, "NETWORK_VPC_CIDR": "10.0.0.0/8", "CDKTF_OUTDIR": str(tmp_path / "out")}
    result = subprocess.run([sys.executable, "main.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 2
    assert "vpc_cidr: '10.0.0.0/8'" in result.stderr and "fix:" in result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "out").exists()


def test_every_prop_is_declared_once_with_a_configuration_field_behind_it():
    """A construct's broken invariant is reported under the configuration field behind the prop: every prop
    of every part is declared (deploy/part_props) with a field that exists, or is not set from configuration;
    an undeclared prop is an error, never a silent fallback to the prop's own name."""
    from deploy.part_props import TOP_PARTS, Part
    from deploy.schema import FIELDS, NAME_FIELDS

    not_configured = {"public_subnet_tags", "private_subnet_tags", "access_logs_prefix"}
    known = set(FIELDS) | {f"names.{n}" for n in NAME_FIELDS}
    parts = list(TOP_PARTS)
    while parts:
        part = parts.pop()
        props = {f.name for f in dataclasses.fields(part.props)}
        assert set(part.sources) <= props, part.props.__name__
        assert props - set(part.sources) <= not_configured, part.props.__name__
        for prop, source in part.sources.items():
            if isinstance(source, Part):
                parts.append(source)
            else:
                assert source.field in known, (part.props.__name__, prop, source.field)
    with pytest.raises(KeyError):
        TOP_PARTS[0].field_of("network.no_such_prop")


def test_a_nested_parts_problem_is_named_by_its_field_and_hides_no_other():
    from deploy.part_props import PRODUCTION_NETWORK

    config = NetworkConfig(vpc_cidr="10.0.0.0/8", endpoint_policy="open", cluster_name="-x", demo_alb=True,
                           demo_ssl_policy="ELBSecurityPolicy-nope")
    fields = [field for field, _ in PRODUCTION_NETWORK.problems(config)]
    assert fields == ["vpc_cidr", "endpoint_policy", "demo_ssl_policy", "cluster_name"]


def test_a_construct_rule_is_reported_under_the_field_with_the_constructs_own_words():
    """The rule lives in the props; validation only renames the prop (here EndpointsProps.interface_services)."""
    from modules.props import PropsError
    from modules.props.endpoints import EndpointsProps

    with pytest.raises(PropsError) as construct:
        EndpointsProps(interface_services=("ecr.dockr",))
    with pytest.raises(ConfigError) as config:
        validate(NetworkConfig(interface_endpoints=("ecr.dockr",)))
    (problem,) = construct.value.problems
    assert f"interface_endpoints: 'ecr.dockr' {problem.why} — fix: {problem.fix}" in config.value.problems


def test_broken_templates_do_not_hide_the_other_problems():
    config = NetworkConfig(names=Names(vpc="{prefix!x}"), vpc_cidr="10.0.0.0/8", state_key="{environment:>9}")
    with pytest.raises(ConfigError) as caught:
        validate(config)
    fields = {p.split(":")[0] for p in caught.value.problems}
    assert {"names.vpc", "vpc_cidr", "state_key"} <= fields, caught.value.problems
