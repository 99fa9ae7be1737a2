"""Promotion in order, whatever an earlier environment did: the committed apply workflow's job graph
evaluated under GitHub's documented rules (tests/github_actions.py cites them). A rejected approval, or
one not given within 30 days, fails the job: "If a job is rejected, the workflow will fail" (Reviewing
deployments)."""
from __future__ import annotations

import pytest
import yaml

from deploy.settings import ROOT
from tests.github_actions import simulate


def committed_jobs() -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / "apply.yml").read_text())["jobs"]


CHANGES = ("success", {"changes": "true"})
NO_CHANGES = ("success", {"changes": "false"})
FAILED = ("failure", {})

SCENARIOS = {
    # staging's outcome → (does production plan?, does production apply?) when production has changes
    "staging had nothing to apply": ({"plan-staging": NO_CHANGES}, "success", "success"),
    "staging applied": ({"plan-staging": CHANGES, "apply-staging": ("success", {})}, "success", "success"),
    "staging's approval was rejected": ({"plan-staging": CHANGES, "apply-staging": FAILED}, "skipped", "skipped"),
    "staging's apply failed": ({"plan-staging": CHANGES, "apply-staging": FAILED}, "skipped", "skipped"),
    "staging's plan failed": ({"plan-staging": FAILED}, "skipped", "skipped"),
}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_production_follows_staging_whatever_staging_did(scenario):
    staging, plans, applies = SCENARIOS[scenario]
    results = simulate(committed_jobs(), {**staging, "plan-default": NO_CHANGES, "plan-production": CHANGES})
    assert (results["plan-production"], results["apply-production"]) == (plans, applies)


def test_an_environment_with_nothing_to_apply_skips_only_its_own_apply():
    results = simulate(committed_jobs(), {"plan-default": NO_CHANGES, "plan-staging": CHANGES,
                                          "plan-production": NO_CHANGES})
    assert results == {"plan-default": "success", "apply-default": "skipped", "plan-staging": "success",
                           "apply-staging": "success", "plan-production": "success", "apply-production": "skipped"}


def test_the_simulator_reproduces_the_skip_that_stopped_production_before():
    """The previous form of the jobs: production's apply had an `if:` without a status function, so the
    implicit success() saw the skipped apply-staging up its chain and production was never applied."""
    before = {
        "plan-staging": {}, "apply-staging": {"needs": "plan-staging",
                                              "if": "needs.plan-staging.outputs.changes == 'true'"},
        "plan-production": {"needs": "apply-staging", "if": "${{ !failure() && !cancelled() }}"},
        "apply-production": {"needs": "plan-production", "if": "needs.plan-production.outputs.changes == 'true'"},
    }
    results = simulate(before, {"plan-staging": NO_CHANGES, "plan-production": CHANGES})
    assert results["plan-production"] == "success" and results["apply-production"] == "skipped"
