"""The committed workflows, rehearsed job by job on the emulator as GitHub would run them after a push,
a pull request and a daily drift run (tests/e2e/rehearsal.py says what stands in for GitHub's own
steps). In order: the first push plans and applies every environment, staging before production; a
second push plans no changes, applies nothing, and still reaches production; a pull request that
changes staging's file plans and comments on staging alone; a change made by hand is what the drift
run's issue reports."""
from __future__ import annotations

import pytest

from ops.aws_clients import client

from .conftest import cli
from .rehearsal import Rehearsal

ENVIRONMENTS = ("default", "staging", "production")
PUSH = {"event_name": "push", "repository": "octo/network", "ref": "refs/heads/main", "run_id": "4242"}
PULL_REQUEST = {"event_name": "pull_request", "repository": "octo/network", "base_ref": "main", "run_id": "4243",
                "event": {"pull_request": {"head": {"repo": {"full_name": "octo/network"}}}}}


@pytest.fixture(scope="module")
def rehearsal(new_deployment, tmp_path_factory):
    # One account for every environment: their state buckets in one region, as the emulator is one account.
    deployment = new_deployment("rehearsal", NETWORK_STATE_REGION="ap-southeast-1")
    deployment.start_emulator()
    env = {k: v for k, v in deployment.env.items() if k != "NETWORK_OUTDIR"}  # each job's clone its own
    for name in ENVIRONMENTS:  # docs/ci.md's one-time setup: the state bucket exists
        result = cli(deployment.env, "bootstrap", "--env", name)
        assert result.returncode == 0, result.stderr
    roles = {f"PLAN_ROLE_ARN_{name.upper()}": f"arn:aws:iam::123456789012:role/network-plan-{name}"
             for name in ENVIRONMENTS} | {"APPLY_ROLE_ARN": "arn:aws:iam::123456789012:role/network-apply"}
    staged = Rehearsal(tmp_path_factory.mktemp("rehearsal"), env, {"PLAN_ENCRYPTION_KEY": "rehearsal-secret"}, roles)
    staged.deployment = deployment
    return staged


def assert_succeeded(job) -> None:
    assert job.result == "success", f"{job.name}: {job.failed_step()}"


def test_the_first_push_plans_and_applies_every_environment_in_order(rehearsal):
    jobs = rehearsal.workflow("apply.yml", PUSH)
    for name in ENVIRONMENTS:
        plan, apply = jobs[f"plan-{name}"], jobs[f"apply-{name}"]
        assert_succeeded(plan)
        assert plan.outputs == {"changes": "true"}
        assert f"network-{name}" in plan.summary, "the approver reads the review on the job's summary page"
        assert_succeeded(apply)
        assert any("Apply complete!" in step.stdout for step in apply.steps), apply.steps
        kept = sorted(p.name for p in (rehearsal.artifacts / f"reviewed-plan-{name}").iterdir())
        assert kept == ["network.tfplan.enc", "review.md", "review.plan.txt"], "only the sealed plan travels"
    order = list(jobs)
    assert order.index("apply-staging") < order.index("plan-production"), order


def test_a_second_push_applies_nothing_and_still_reaches_production(rehearsal):
    jobs = rehearsal.workflow("apply.yml", PUSH)
    for name in ENVIRONMENTS:
        assert_succeeded(jobs[f"plan-{name}"])
        assert jobs[f"plan-{name}"].outputs == {"changes": "false"}
        assert jobs[f"apply-{name}"].result == "skipped"


def test_a_pull_request_plans_and_comments_on_the_environment_it_changes(rehearsal):
    rehearsal.commit_to_branch("tag-staging", "environments/staging.toml", 'Owner = "ml-platform"\n')
    jobs = rehearsal.workflow("plan-review.yml", PULL_REQUEST, ref="tag-staging")
    assert jobs["fork"].result == "skipped"
    assert_succeeded(jobs["environments"])
    assert list(jobs) == ["fork", "environments", "review[staging]"]
    review = jobs["review[staging]"]
    assert_succeeded(review)
    (comment,) = review.comments
    assert comment["header"] == "network-plan-review-staging"
    assert "network-staging" in comment["body"] and "Owner" in comment["body"]


def test_a_change_made_by_hand_is_what_the_drift_issue_reports(rehearsal):
    config = rehearsal.deployment.config  # default
    ec2 = client(config, "ec2")
    (vpc,) = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": [config.name("vpc")]}])["Vpcs"]
    ec2.create_tags(Resources=[vpc["VpcId"]], Tags=[{"Key": "Environment", "Value": "changed-by-hand"}])
    earlier = [{"number": 7, "title": "Drift: network-staging", "labels": [{"name": "network-drift"}]}]
    jobs = rehearsal.workflow("drift.yml", {**PUSH, "event_name": "schedule"}, existing_issues=earlier)
    drifted, clean = jobs["review[default]"], jobs["review[staging]"]
    assert_succeeded(drifted)
    (create,) = [params for call, params in drifted.api_calls if call == "issues.create"]
    assert create["title"] == "Drift: network-default" and create["labels"] == ["network-drift"]
    assert "changed-by-hand" in create["body"] and create["body"].startswith(drifted.summary.strip()[:200])
    listing = [params for call, params in drifted.api_calls if call.startswith("paginate:")]
    assert listing == [{"owner": "octo", "repo": "network", "state": "open", "labels": "network-drift",
                        "creator": "github-actions[bot]"}]
    # A clean environment closes the issue its earlier drift opened.
    assert_succeeded(clean)
    assert [call for call, _ in clean.api_calls] == ["paginate:issues.listForRepo", "issues.createComment",
                                                      "issues.update"]
    assert jobs["review[production]"].api_calls[1:] == []
