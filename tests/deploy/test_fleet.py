"""The fleet of environments: the committed ones pass the checks across environments, and each check
refuses what two environments may not share, before anything is written."""
from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys

import pytest

from deploy import fleet, settings
from deploy.schema import ConfigError, Names, NetworkConfig
from deploy.settings import ROOT

# The spec's VPC and private subnet names are literal; these environments keep every Name apart by prefix.
OWN_NAMES = Names(vpc="{prefix}-vpc", private_subnet="{prefix}-private-{az}")


def env(name: str, **changes) -> NetworkConfig:
    return dataclasses.replace(NetworkConfig(environment=name, name_prefix=f"p-{name}", names=OWN_NAMES), **changes)


def test_the_committed_environments_pass_the_fleet_checks():
    configs = fleet.load(environ={})
    assert [c.environment for c in configs] == ["default", "production", "staging"]
    assert fleet.check(configs) == []
    assert len({c.region for c in configs}) == 2, "one environment lives in another region"
    assert [c.environment for c in fleet.apply_order(configs)] == ["default", "staging", "production"]


def test_a_shared_state_object_is_refused():
    with pytest.raises(ConfigError) as caught:
        fleet.check([env("a", state_key="net/terraform.tfstate", vpc_cidr="10.1.0.0/16"),
                     env("b", state_key="net/terraform.tfstate")])
    assert any(p.startswith("state_key: 'net/terraform.tfstate' of 'b' puts environments 'a' and 'b' in one state "
                            "object")
               and "fix:" in p for p in caught.value.problems)


def test_a_duplicated_stack_name_is_refused():
    with pytest.raises(ConfigError) as caught:
        fleet.check([env("a"), env("a", vpc_cidr="10.1.0.0/16")])
    assert any("the same stack name" in p for p in caught.value.problems)


def test_overlapping_cidrs_in_one_account_and_region_are_refused_with_a_free_range():
    with pytest.raises(ConfigError) as caught:
        fleet.check([env("a"), env("b", vpc_cidr="10.0.128.0/17", state_key="b/{environment}")])
    (problem,) = [p for p in caught.value.problems if p.startswith("vpc_cidr:")]
    assert "overlaps 10.0.0.0/16 of 'a' in one account and region" in problem and "'10.1.0.0/16'" in problem


def test_a_pod_cidr_overlapping_another_environments_block_in_one_account_and_region_is_refused():
    b_vpc = {"vpc_cidr": "10.1.0.0/16", "state_key": "b/{environment}"}
    with pytest.raises(ConfigError) as caught:
        fleet.check([env("a", pod_cidr="100.64.0.0/16"), env("b", pod_cidr="100.64.0.0/17", **b_vpc)])
    (problem,) = [p for p in caught.value.problems if p.startswith("pod_cidr:")]
    assert problem.startswith("pod_cidr: '100.64.0.0/16' of 'a' overlaps 100.64.0.0/17 of 'b' in one account and "
                              "region") and "100.65.0.0/16" in problem
    with pytest.raises(ConfigError, match="pod_cidr: '10.1.0.0/20' of 'a' overlaps 10.1.0.0/16 of 'b'"):
        fleet.check([env("a", pod_cidr="10.1.0.0/20"), env("b", **b_vpc)])
    assert fleet.check([env("a", pod_cidr="100.64.0.0/16"), env("b", pod_cidr="100.65.0.0/16", **b_vpc)]) == []


def test_overlaps_across_regions_are_reported_unless_accepted():
    elsewhere = env("b", region="eu-west-1", azs=("eu-west-1a", "eu-west-1b"))
    (note,) = fleet.check([env("a"), elsewhere])
    assert note.startswith("note: vpc_cidr 10.0.0.0/16 of 'b' overlaps") and "cidr_overlap_ok" in note
    assert fleet.check([env("a"), dataclasses.replace(elsewhere, cidr_overlap_ok=("a",))]) == []


def test_a_shared_name_prefix_in_one_account_and_region_is_refused():
    with pytest.raises(ConfigError) as caught:
        fleet.check([env("a"), env("b", vpc_cidr="10.1.0.0/16", name_prefix="p-a")])
    assert any(p.startswith("name_prefix: 'p-a' of 'b' is shared by environments 'a' and 'b'")
               for p in caught.value.problems)
    other_account = env("b", vpc_cidr="10.1.0.0/16", name_prefix="p-a", account_id="123456789012")
    assert fleet.check([env("a"), other_account]) == []


def test_a_literal_name_shared_in_one_account_and_region_is_refused_naming_who_set_it():
    literal = dataclasses.replace(OWN_NAMES, vpc="shared-vpc")
    with pytest.raises(ConfigError) as caught:
        fleet.check([env("a", names=literal), env("b", vpc_cidr="10.1.0.0/16", names=literal)])
    assert caught.value.problems == [
        "names.vpc: 'shared-vpc' of 'b' gives environments 'a' and 'b' the same Name 'shared-vpc' in one account "
        "and region (ap-southeast-1) — fix: keep {prefix} in the template, or give each environment its own name"]
    # The spec's own literal names collide too once two environments keep them; neither set it, so the later
    # one is named.
    spec_names = env("b", vpc_cidr="10.1.0.0/16", names=Names())
    with pytest.raises(ConfigError, match=r"names.private_subnet: 'mlops-eks-private-workloads-\{az\}' of 'b'"):
        fleet.check([env("a", names=dataclasses.replace(Names(), vpc="x-vpc")), spec_names])
    assert fleet.check([env("a", names=literal), env("b", vpc_cidr="10.1.0.0/16", names=literal,
                                                   region="eu-west-1", azs=("eu-west-1a", "eu-west-1b"))]) == []


def test_a_conflict_names_the_environment_that_introduced_it():
    with pytest.raises(ConfigError) as caught:
        fleet.check([env("a", state_key="production-network/b/terraform.tfstate", vpc_cidr="10.1.0.0/16"), env("b")])
    assert any(p.startswith("state_key: 'production-network/b/terraform.tfstate' of 'a' puts environments 'a' and "
                            "'b' in one state object") for p in caught.value.problems), caught.value.problems
    with pytest.raises(ConfigError) as caught:
        fleet.check([env("a", vpc_cidr="10.0.128.0/17"), env("b")])
    assert any(p.startswith("vpc_cidr: '10.0.128.0/17' of 'a' overlaps 10.0.0.0/16 of 'b'")
               for p in caught.value.problems), caught.value.problems


def test_promote_after_must_name_an_environment_and_not_loop():
    with pytest.raises(ConfigError, match="promote_after: 'stagin' of 'b' names no environment"):
        fleet.check([env("a"), env("b", vpc_cidr="10.1.0.0/16", promote_after="stagin")])
    with pytest.raises(ConfigError, match="makes a cycle"):
        fleet.check([env("a", promote_after="b"), env("b", vpc_cidr="10.1.0.0/16", promote_after="a")])


def test_bad_fleets_stop_synth_and_review_with_exit_2_and_write_nothing(tmp_path):
    folder = tmp_path / "environments"
    shutil.copytree(settings.ENVIRONMENTS_DIR, folder)
    (folder / "copy.toml").write_text('state_key = "production-network/staging/terraform.tfstate"\n' +
                                      (folder / "staging.toml").read_text())
    base = {k: v for k, v in os.environ.items() if not k.startswith("NETWORK_")}
    variables = {**base, "NETWORK_ENVIRONMENTS_DIR": str(folder), "CDKTF_OUTDIR": str(tmp_path / "out"),
                 "NETWORK_OUTDIR": str(tmp_path / "out")}
    synth = subprocess.run([sys.executable, "main.py"], cwd=ROOT, capture_output=True, text=True,
                           env={**variables, "NETWORK_ENV": "staging,copy"}, timeout=600)
    assert synth.returncode == 2, synth.stderr
    assert "puts environments 'staging' and 'copy' in one state object" in synth.stderr
    assert "overlaps 10.1.0.0/16 of 'staging' in one account and region" in synth.stderr
    assert "is shared by environments 'staging' and 'copy'" in synth.stderr
    listed = subprocess.run([sys.executable, "-m", "ops", "environments"], cwd=ROOT, capture_output=True, text=True,
                            env=variables, timeout=600)
    assert listed.returncode == 2 and "one state object" in listed.stderr
    assert not (tmp_path / "out").exists()
