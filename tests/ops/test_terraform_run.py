"""The environment every terraform and cdktf run gets, and what our commands read from its output."""
import pytest

from deploy.schema import NetworkConfig
from ops.terraform import run as terraform_run
from ops.terraform.cli_config import write_config


def test_our_cli_config_wins_over_the_callers():
    env = terraform_run.environment(NetworkConfig(), {"TF_CLI_CONFIG_FILE": "/root/.terraformrc"})
    assert env["TF_CLI_CONFIG_FILE"] == str(write_config())


def test_endpoint_variables_cannot_redirect_the_emulator_target(monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL", "https://elsewhere.example")
    monkeypatch.setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")
    env = terraform_run.environment(NetworkConfig(), {"AWS_ENDPOINT_URL_EC2": "https://elsewhere.example"})
    assert not [name for name in env if name.startswith("AWS_ENDPOINT_URL")]
    assert "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS" not in env


def test_real_aws_target_keeps_the_callers_endpoint_variables(monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL_EC2", "https://vpce.example")
    env = terraform_run.environment(NetworkConfig(target="aws", state_bucket="acme-tfstate-123"))
    assert env["AWS_ENDPOINT_URL_EC2"] == "https://vpce.example"


@pytest.mark.parametrize("closing, changed", [
    ("Apply complete! Resources: 0 added, 0 changed, 0 destroyed.", False),
    ("Apply complete! Resources: 0 added, 1 changed, 0 destroyed.", True),
    ("Apply complete! Resources: 0 added, 0 changed, 39 destroyed.", True),
    ("Destroy complete! Resources: 39 destroyed.", True),
    ("Destroy complete! Resources: 0 destroyed.", False),
])
def test_an_apply_changed_something_only_when_its_closing_line_counts_a_resource(closing, changed):
    assert terraform_run.changed(f"aws_vpc.x: Refreshing state... [id=vpc-1]\n\n{closing}\n") is changed


def test_apply_progress_shows_the_verdict_and_each_resource_but_not_the_plan_or_refresh(capsys):
    lines = ['aws_vpc.x: Refreshing state... [id=vpc-1]', '  # aws_vpc.x will be updated in-place',
             '      ~ tags = {', 'Plan: 0 to add, 1 to change, 0 to destroy.', 'Changes to Outputs:',
             'aws_vpc.x: Modifying... [id=vpc-1]', 'aws_subnet.y["a"]: Still creating... [10s elapsed]',
             'aws_vpc.x: Modifications complete after 0s [id=vpc-1]',
             'Apply complete! Resources: 0 added, 1 changed, 0 destroyed.', 'Outputs:', 'vpc_id = "vpc-1"']
    for line in lines:
        terraform_run.apply_progress(line + "\n")
    shown = [line.strip() for line in capsys.readouterr().out.splitlines()]
    assert shown == ['Plan: 0 to add, 1 to change, 0 to destroy.', 'aws_vpc.x: Modifying... [id=vpc-1]',
                     'aws_subnet.y["a"]: Still creating... [10s elapsed]',
                     'aws_vpc.x: Modifications complete after 0s [id=vpc-1]',
                     'Apply complete! Resources: 0 added, 1 changed, 0 destroyed.']
