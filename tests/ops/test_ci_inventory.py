"""The fleet as CI sees it: which environments a change touches, and which role variable each plans with."""
import pytest

from deploy import fleet
from ops.ci import inventory


def entries():
    return inventory.inventory(fleet.load(environ={}))


def test_the_files_that_affect_an_environment():
    every = entries()
    assert [e.name for e in inventory.affected(every, ["environments/staging.toml"])] == ["staging"]
    assert len(inventory.affected(every, ["modules/props/network.py"])) == 3
    assert len(inventory.affected(every, ["deploy/app.py", "README.md"])) == 3
    assert inventory.affected(every, ["README.md", "docs/ci.md", "tests/test_docs.py"]) == []


@pytest.mark.parametrize("path", ["ops/reports/review.py", "bin/net", ".checkov.yaml", "tools/checkov/Pipfile.lock",
                                  ".github/actions/setup/action.yml", ".github/workflows/plan-review.yml",
                                  "terraform/.terraform.lock.hcl", "Pipfile"])
def test_what_plans_scans_or_runs_the_network_affects_every_environment(path):
    """A pull request that changes only the review, the scanner's config or the CI is planned and scanned too."""
    assert len(inventory.affected(entries(), [path])) == len(entries())


def test_each_environment_plans_with_its_own_role_variable():
    assert {e.name: e.plan_role_variable for e in entries()} == {
        "default": "PLAN_ROLE_ARN_DEFAULT", "staging": "PLAN_ROLE_ARN_STAGING",
        "production": "PLAN_ROLE_ARN_PRODUCTION"}


def test_default_toml_is_defaults_own_file_like_any_other():
    """default.toml is optional, but a change to it plans default alone (Atlantis's when_modified too)."""
    assert [e.name for e in inventory.affected(entries(), ["environments/default.toml"])] == ["default"]
