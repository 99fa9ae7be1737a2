"""The stack as a whole: provider, remote state, outputs, and the spec's "Task 5 Output" list."""


def test_provider_is_pinned_and_tags_everything(default):
    assert default.json["terraform"]["required_providers"]["aws"]["version"] == "5.100.0"
    provider = default.json["provider"]["aws"][0]
    assert provider["region"] == "ap-southeast-1"
    assert provider["default_tags"] == [{"tags": {"Project": "mlops-retail-forecast", "ManagedBy": "cdktf",
                                                  "Environment": "default"}}]


def test_emulator_target_gets_its_profile_and_dummy_credentials(default):
    provider = default.json["provider"]["aws"][0]
    assert (provider["profile"], provider["shared_config_files"]) == ("network-emulator", ["aws-emulator.config"])
    assert "endpoints" not in provider  # costs 1.3 s per provider process (deploy/target.py)
    assert (provider["access_key"], provider["secret_key"]) == ("test", "test")
    assert "skip_requesting_account_id" not in provider  # else SG references show a permanent diff
    profile = (default.dir / "aws-emulator.config").read_text()
    assert "[profile network-emulator]\nendpoint_url = http://127.0.0.1:5000\n" in profile


def test_real_aws_target_has_no_endpoint_overrides_or_credentials(stacks):
    provider = stacks["real-aws"].json["provider"]["aws"][0]
    for key in ("endpoints", "access_key", "secret_key", "skip_credentials_validation", "profile",
                "shared_config_files"):
        assert key not in provider
    assert not (stacks["real-aws"].dir / "aws-emulator.config").exists()
    backend = stacks["real-aws"].json["terraform"]["backend"]["s3"]
    assert "endpoints" not in backend and "access_key" not in backend


def test_account_id_is_the_only_account_the_provider_accepts(stacks, default):
    """The provider checks the caller's account against allowed_account_ids before reading or changing
    anything (the emulator test in tests/e2e/test_main_job.py shows a wrong one stopping `up`)."""
    assert stacks["real-aws"].json["provider"]["aws"][0]["allowed_account_ids"] == ["123456789012"]
    assert "allowed_account_ids" not in default.json["provider"]["aws"][0]


def test_remote_state_in_s3_encrypted_with_native_locking(default):
    backend = default.json["terraform"]["backend"]["s3"]
    assert backend["bucket"] == "mlops-retail-forecast-tfstate"
    assert backend["key"] == "production-network/default/terraform.tfstate"
    assert backend["region"] == "ap-southeast-1"
    assert backend["encrypt"] is True and backend["use_lockfile"] is True
    assert "dynamodb_table" not in backend


def test_hcp_backend_is_one_workspace_per_environment(stacks):
    terraform = stacks["hcp"].json["terraform"]
    assert "backend" not in terraform
    assert terraform["cloud"] == {"hostname": "app.terraform.io", "organization": "acme",
                                  "workspaces": {"name": "production-network-hcp"}}


def test_local_backend_only_when_chosen(stacks):
    assert list(stacks["local-state"].json["terraform"]["backend"]) == ["local"]


def test_outputs_cover_what_eks_needs(default):
    assert set(default.json["output"]) == {
        "vpc_id", "vpc_cidr", "public_subnet_ids", "private_subnet_ids", "internet_gateway_id",
        "public_route_table_id", "private_route_table_id", "security_group_ids", "vpc_endpoint_ids",
        "azs", "public_subnets", "private_subnets", "public_route_table_ids", "private_route_table_ids",
        "cluster_security_group_id", "node_security_group_id", "alb_security_group_id",
        "vpc_endpoints_security_group_id"}
    subnets = default.json["output"]["private_subnet_ids"]["value"]
    assert set(subnets) == {"ap-southeast-1a", "ap-southeast-1b"}
    assert set(default.json["output"]["vpc_endpoint_ids"]["value"]) == {"s3", "ecr.api", "ecr.dkr", "logs", "sts"}
    assert set(default.json["output"]["security_group_ids"]["value"]) == {
        "alb", "eks_nodes", "eks_control_plane", "vpc_endpoints"}


def test_lists_follow_the_az_order_under_the_names_of_terraform_aws_modules(default):
    outputs = {name: item["value"] for name, item in default.json["output"].items()}
    assert outputs["azs"] == ["ap-southeast-1a", "ap-southeast-1b"]
    by_az = outputs["private_subnet_ids"]
    assert outputs["private_subnets"] == [by_az["ap-southeast-1a"], by_az["ap-southeast-1b"]]
    assert outputs["public_subnets"] == [outputs["public_subnet_ids"][az] for az in outputs["azs"]]
    assert outputs["private_route_table_ids"] == [outputs["private_route_table_id"]]
    assert outputs["node_security_group_id"] == outputs["security_group_ids"]["eks_nodes"]
    assert outputs["cluster_security_group_id"] == outputs["security_group_ids"]["eks_control_plane"]


def test_task5_output_list(default):
    """Everything the spec's "Task 5 Output" list says must exist before Task 6/7."""
    count = {kind: len(default.resources(kind)) for kind in (
        "aws_vpc", "aws_subnet", "aws_internet_gateway", "aws_route_table", "aws_route", "aws_security_group",
        "aws_vpc_endpoint", "aws_nat_gateway")}
    assert count == {"aws_vpc": 1, "aws_subnet": 4, "aws_internet_gateway": 1, "aws_route_table": 2,
                     "aws_route": 1, "aws_security_group": 4, "aws_vpc_endpoint": 5, "aws_nat_gateway": 0}


def test_committed_provider_lock_is_installed_in_every_stack(stacks):
    for stack in stacks.values():
        lock = (stack.dir / ".terraform.lock.hcl").read_text()
        assert 'provider "registry.terraform.io/hashicorp/aws"' in lock and 'version     = "5.100.0"' in lock


def test_ssm_parameters_carry_the_ids_when_switched_on(stacks, default):
    assert "aws_ssm_parameter" not in default.json["resource"]
    parameters = {p["name"]: p for p in stacks["cluster"].resources("aws_ssm_parameter").values()}
    assert set(parameters) == {f"/mlops-hybrid/network/{name}" for name in (
        "vpc_id", "vpc_cidr", "azs", "public_subnets", "private_subnets", "cluster_security_group_id",
        "node_security_group_id", "alb_security_group_id", "vpc_endpoints_security_group_id")}
    assert parameters["/mlops-hybrid/network/azs"]["value"] == "ap-southeast-1a,ap-southeast-1b"
    subnets = parameters["/mlops-hybrid/network/private_subnets"]
    assert subnets["type"] == "StringList" and subnets["value"].count("${aws_subnet.") == 2
    assert parameters["/mlops-hybrid/network/vpc_id"]["value"].startswith("${aws_vpc.")
