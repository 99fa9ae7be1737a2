"""One typed config: spec defaults, environment files, NETWORK_* overrides."""
import pytest

from deploy import loader as config_module
from deploy.loader import load_config
from deploy.schema import ConfigError, NetworkConfig


@pytest.fixture
def env_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(config_module, "ENVIRONMENTS_DIR", tmp_path)
    return tmp_path


def test_defaults_reproduce_the_spec():
    c = load_config(environ={})
    assert (c.region, c.azs, c.vpc_cidr) == ("ap-southeast-1", ("ap-southeast-1a", "ap-southeast-1b"), "10.0.0.0/16")
    assert c.public_subnet_cidrs == ("10.0.1.0/24", "10.0.2.0/24")
    assert c.private_subnet_cidrs == ("10.0.101.0/24", "10.0.102.0/24")
    assert c.name("vpc") == "mlops-retail-forecast-hybrid-vpc"
    assert c.interface_endpoints == ("ecr.api", "ecr.dkr", "logs", "sts") and c.s3_gateway_endpoint
    assert (c.demo_alb, c.target, c.backend) == (False, "emulator", "s3")


def test_environment_file_then_variables_override(env_dir):
    (env_dir / "staging.toml").write_text(
        'region = "eu-west-1"\nname_prefix = "mlops-staging"\ncluster_name = "retail"\n'
        '[names]\nvpc = "{prefix}-vpc"\n[tags]\nTeam = "ml"\n')
    c = load_config("staging", environ={"NETWORK_CLUSTER_NAME": "retail-2", "NETWORK_DEMO_ALB": "true"})
    assert c.azs == ("eu-west-1a", "eu-west-1b")  # derived from the region
    assert c.name("vpc") == "mlops-staging-vpc" and c.name("internet_gateway") == "mlops-staging-igw"
    assert c.cluster_name == "retail-2" and c.demo_alb is True
    assert c.all_tags == {"Team": "ml", "Environment": "staging"}
    assert c.rendered_state_key == "production-network/staging/terraform.tfstate"


def test_list_and_number_variables(env_dir):
    c = load_config(environ={"NETWORK_INTERFACE_ENDPOINTS": "ecr.api, ecr.dkr,sts", "NETWORK_EMULATOR_PORT": "5123"})
    assert c.interface_endpoints == ("ecr.api", "ecr.dkr", "sts") and c.emulator_port == 5123


def test_unknown_field_in_file_suggests_the_right_one(env_dir):
    (env_dir / "typo.toml").write_text('vpc_cidrs = "10.0.0.0/16"\n')
    with pytest.raises(ConfigError, match=r"vpc_cidrs: unknown field .* did you mean 'vpc_cidr'"):
        load_config("typo", environ={})


def test_wrong_types_are_named(env_dir):
    with pytest.raises(ConfigError, match=r"demo_alb: 'maybe' in \$NETWORK_DEMO_ALB is not a boolean"):
        load_config(environ={"NETWORK_DEMO_ALB": "maybe"})
    (env_dir / "types.toml").write_text('azs = "ap-southeast-1a"\n')
    with pytest.raises(ConfigError, match="azs: 'ap-southeast-1a' .* is not a list of strings"):
        load_config("types", environ={})


def test_missing_environment_file_is_an_error(env_dir):
    with pytest.raises(ConfigError, match="environment: 'prod' has no file prod.toml"):
        load_config("prod", environ={})


def test_committed_environment_files_are_valid():
    for path in config_module.ENVIRONMENTS_DIR.glob("*.toml"):
        assert isinstance(load_config(path.stem, environ={}), NetworkConfig)
