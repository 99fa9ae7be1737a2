"""The environment every terraform and cdktf run gets."""
from deploy.schema import NetworkConfig
from ops import terraform_run
from ops.terraform_cli import write_config


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
