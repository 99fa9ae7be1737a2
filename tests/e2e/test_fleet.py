"""Environments side by side on one emulator: each deployed with `--env`, a change to one leaves the
other's plan empty, `review --all` gives one summary with a section each and one exit code (0 none,
2 some changes, 1 a failure), and the eks-fully-private profile hands eksctl a working private cluster."""
from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest
import yaml

from deploy import settings
from deploy.loader import load_config
from ops.state import read as state_read
from tests.e2e.conftest import Deployment


class Fleet(Deployment):
    def config_of(self, name: str):
        return load_config(name, environ=self.env)


@pytest.fixture(scope="module")
def fleet(tmp_path_factory):
    """The committed environments less staging (two regions: default and production), deployed."""
    folder = tmp_path_factory.mktemp("environments")
    shutil.copy(settings.ENVIRONMENTS_DIR / "production.toml", folder)
    (folder / "production.toml").write_text((folder / "production.toml").read_text().replace(
        'promote_after = "staging"\n', ""))
    fleet = Fleet(tmp_path_factory.mktemp("fleet-out"), NETWORK_ENVIRONMENTS_DIR=str(folder))
    fleet.folder = folder
    fleet.start_emulator()
    try:  # a failed deploy must not leave its emulator running
        for name in ("default", "production"):
            up = fleet.cli("up", "--env", name)
            assert up.returncode == 0, up.stdout[-3000:] + up.stderr[-3000:]
        yield fleet
    finally:
        fleet.stop()


def test_the_inventory_lists_both_with_their_region_state_and_files(fleet):
    listed = fleet.cli("environments")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[1].split()[:2] == ["default", "ap-southeast-1"] and lines[2].split()[:2] == ["production", "eu-west-1"]
    assert "s3://mlops-retail-forecast-tfstate-eu/production-network/production/terraform.tfstate" in listed.stdout


def test_review_all_of_an_unchanged_fleet_exits_0_with_a_section_each(fleet):
    outputs = fleet.outdir / "github-output-all"
    result = fleet.cli("review", "--all", "--no-scan", GITHUB_OUTPUT=str(outputs))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    # the same step outputs a single-environment review leaves, for the workflow's next step
    assert outputs.read_text().splitlines() == ["changes=false", "drift=false", "findings=0", "failed="]
    assert result.stdout.startswith("## Fleet review: 2 environment(s)")
    assert result.stdout.count("**No changes.**") == 2
    assert "### Plan review: `network-default` (emulator, ap-southeast-1)" in result.stdout
    assert "### Plan review: `network-production` (emulator, eu-west-1)" in result.stdout


@contextlib.contextmanager
def edited(path: Path, old: str, new: str):
    """The file with ``old`` replaced by ``new`` for the block, as it was after."""
    original = path.read_text()
    assert old in original
    path.write_text(original.replace(old, new))
    try:
        yield
    finally:
        path.write_text(original)


def test_a_change_to_one_environment_leaves_the_others_plan_empty(fleet):
    with edited(fleet.folder / "production.toml", 'CostCenter = "ml-platform"', 'CostCenter = "ml-serving"'):
        some = fleet.cli("review", "--all", "--no-scan")
        alone = fleet.cli("review", "--env", "default", "--no-scan")
    assert some.returncode == 2, some.stdout[-3000:] + some.stderr[-3000:]
    sections = some.stdout.split("### Plan review: ")
    default = next(s for s in sections if s.startswith("`network-default`"))
    production_section = next(s for s in sections if s.startswith("`network-production`"))
    assert "**No changes.**" in default
    assert "to change" in production_section and "`tags_all.CostCenter`: `ml-platform` → `ml-serving`" in \
        production_section
    assert alone.returncode == 0 and "**No changes.**" in alone.stdout


def test_review_all_with_a_failing_environment_exits_1_and_still_reviews_the_others(fleet):
    with edited(fleet.folder / "production.toml", "mlops-retail-forecast-tfstate-eu", "no-such-state-bucket-here"):
        failed = fleet.cli("review", "--all", "--no-scan")
    assert failed.returncode == 1, failed.stdout[-2000:] + failed.stderr[-2000:]
    assert "### Plan review: `network-production` failed" in failed.stdout
    assert failed.stdout.index("`network-production` failed") < failed.stdout.index("`network-default` (emulator")
    assert "**No changes.**" in failed.stdout and "error: production:" in failed.stderr


def test_the_fully_private_profile_hands_eksctl_a_cluster_with_every_endpoint_it_requires(fleet):
    result = fleet.cli("outputs", "--env", "production", "--format", "eksctl")
    assert result.returncode == 0, result.stderr
    document = yaml.safe_load(result.stdout)
    outputs = state_read.outputs(fleet.config_of("production"), Path(fleet.env["NETWORK_OUTDIR"]))
    assert document["metadata"]["region"] == "eu-west-1" and document["vpc"]["id"] == outputs["vpc_id"]
    assert {az: s["id"] for az, s in document["vpc"]["subnets"]["private"].items()} == outputs["private_subnet_ids"]
    assert document["privateCluster"] == {"enabled": True, "skipEndpointCreation": True}
    assert {"ec2", "ecr.api", "ecr.dkr", "s3", "sts"} <= set(outputs["vpc_endpoint_ids"])
    refused = fleet.cli("outputs", "--env", "default", "--format", "eksctl")
    assert refused.returncode == 1 and "needs the ec2 endpoint(s)" in refused.stderr
