"""Runs the committed GitHub workflows here, job by job, against the emulator.

Every ``run:`` step runs exactly as committed, in ``bash -e`` as GitHub's Linux runners run it, with
``$GITHUB_OUTPUT`` and ``$GITHUB_STEP_SUMMARY`` files; the jobs' ``if:``, outputs and matrices follow
GitHub's rules (tests/github_actions.py). What only GitHub has is stood in for:
- ``actions/checkout``: a clean clone of the repository at the pushed commit (each job its own).
- ``./.github/actions/setup``: the four folders its caches restore (the Python and checkov environments,
  the npm packages, the Terraform plugin cache) linked from this checkout, as a cache hit restores them.
- ``aws-actions/configure-aws-credentials``: the emulator (``NETWORK_TARGET=emulator``); its records are
  this checkout's ``.emulator/``, shared by every job as one AWS account is. The role it would assume
  must expand to an ARN from the variables docs/ci.md says to set.
- ``actions/upload-artifact`` / ``download-artifact``: the declared paths carried to the next job's clone.
- ``marocchino/sticky-pull-request-comment``: the comment recorded (header and body).
- ``actions/github-script``: the committed script run by Node with GitHub's API recorded
  (``github.paginate``, ``github.rest.issues.*``), answering ``existing_issues``.
"""
from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from deploy.settings import ROOT
from tests.github_actions import condition, expand, job_order, needs_context, status_functions

from .conftest import COMMAND_SECONDS, run

CACHED = (".venv", "tools/checkov/.venv", "node_modules", ".terraform-cli/plugin-cache")
SCRIPT_HOST = r"""
const fs = require('fs');
const calls = [];
const existing = JSON.parse(process.env.REHEARSAL_EXISTING_ISSUES || '[]');
const record = (name) => async (params) => { calls.push([name, params]); return { data: {} }; };
const github = {
  paginate: async (method, params) => { calls.push(['paginate:' + method.rehearsalName, params]); return existing; },
  rest: { issues: { listForRepo: Object.assign(() => {}, { rehearsalName: 'issues.listForRepo' }),
                    create: record('issues.create'), update: record('issues.update'),
                    createComment: record('issues.createComment') } },
};
const context = { repo: { owner: 'octo', repo: 'network' }, serverUrl: 'https://github.com', runId: 4242 };
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
new AsyncFunction('require', 'github', 'context', 'core', fs.readFileSync(process.env.REHEARSAL_SCRIPT, 'utf8'))(
  require, github, context, {}).then(() => console.log(JSON.stringify(calls)),
  (error) => { console.error(error); process.exit(1); });
"""


@dataclass
class Step:
    name: str
    code: int
    stdout: str = ""
    stderr: str = ""


@dataclass
class JobRun:
    name: str
    result: str = "skipped"
    outputs: dict = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)
    summary: str = ""
    comments: list[dict] = field(default_factory=list)
    api_calls: list = field(default_factory=list)

    def failed_step(self) -> str:
        step = next((s for s in self.steps if s.code), None)
        return f"{step.name} exited {step.code}:\n{step.stdout[-3000:]}\n{step.stderr[-3000:]}" if step else ""


class Rehearsal:
    """The repository as a remote (``origin``), the emulator as the AWS account, artifacts kept between jobs."""

    def __init__(self, folder: Path, env: dict[str, str], secrets: dict[str, str], variables: dict[str, str]):
        self.folder, self.env, self.secrets, self.variables = folder, env, secrets, variables
        self.origin = folder / "origin.git"
        self.artifacts = folder / "artifacts"
        self.runs = 0
        run(["git", "init", "--quiet", "--bare", str(self.origin)], env, 120)
        head = run(["git", "rev-parse", "HEAD"], env, 60, cwd=ROOT).stdout.strip()
        run(["git", "push", "--quiet", str(self.origin), f"{head}:refs/heads/main"], env, 300, cwd=ROOT)

    def commit_to_branch(self, branch: str, path: str, text: str) -> None:
        """A pull request's commit: ``path`` appended to on ``branch``, pushed to origin."""
        work = self._clone("main", self.folder / f"author-{branch}")
        with (work / path).open("a") as handle:
            handle.write(text)
        git = {**self.env, "GIT_AUTHOR_NAME": "rehearsal", "GIT_AUTHOR_EMAIL": "r@example.com",
               "GIT_COMMITTER_NAME": "rehearsal", "GIT_COMMITTER_EMAIL": "r@example.com"}
        for args in (["checkout", "--quiet", "-b", branch], ["commit", "--quiet", "-am", f"change {path}"],
                     ["push", "--quiet", "origin", branch]):
            result = run(["git", *args], git, 120, cwd=work)
            assert result.returncode == 0, result.stderr

    def _clone(self, ref: str, into: Path) -> Path:
        result = run(["git", "clone", "--quiet", "--branch", ref, str(self.origin), str(into)], self.env, 300)
        assert result.returncode == 0, result.stderr
        return into

    def workflow(self, name: str, github: dict, ref: str = "main",
                 existing_issues: list | None = None) -> dict[str, JobRun]:
        """Every job of ``.github/workflows/<name>`` in order; a matrix job's instances as ``job[name]``."""
        self.runs += 1
        document = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())
        jobs, results, outputs, done = document["jobs"], {}, {}, {}
        base_env = {**document.get("env", {})}
        for job_id in job_order(jobs):
            job = jobs[job_id]
            context = {"github": github, "secrets": self.secrets, "vars": self.variables,
                       **needs_context(jobs, job_id, results, outputs)}
            if not condition(job.get("if"), context, status_functions(jobs, job_id, results)):
                results[job_id], outputs[job_id] = "skipped", {}
                done[job_id] = JobRun(job_id)
                continue
            matrix = job.get("strategy", {}).get("matrix", {}).get("include")
            instances = [None] if matrix is None else json.loads(
                context["needs"]["environments"]["outputs"]["matrix"])
            runs = []
            for instance in instances:
                label = job_id if instance is None else f"{job_id}[{instance['name']}]"
                one = self._job(label, job, {**context, "matrix": instance or {}}, base_env, ref, existing_issues)
                done[label] = one
                runs.append(one)
            results[job_id] = "failure" if any(r.result == "failure" for r in runs) else "success"
            outputs[job_id] = runs[0].outputs if len(runs) == 1 else {}
        return done

    def _job(self, label: str, job: dict, context: dict, base_env: dict, ref: str,
             existing_issues: list | None) -> JobRun:
        here = self.folder / f"run{self.runs}-{label.replace('[', '-').rstrip(']')}"
        here.mkdir()
        workspace = here / "workspace"
        output, summary = here / "output", here / "summary"
        summary.touch()
        env = {**self.env, **{k: expand(str(v), context) for k, v in {**base_env, **job.get("env", {})}.items()},
               "GITHUB_STEP_SUMMARY": str(summary)}
        one = JobRun(label, result="success")
        steps_context: dict[str, dict] = {}
        for step in job["steps"]:
            step_context = {**context, "steps": steps_context}
            functions = {"success": lambda: one.result == "success", "failure": lambda: one.result == "failure",
                         "always": lambda: True, "cancelled": lambda: False,
                         "hashFiles": lambda path: "h" if (workspace / path).exists() else ""}
            if not condition(step.get("if"), step_context, functions):
                continue
            output.write_text("")
            step_env = {**env, **{k: expand(str(v), step_context) for k, v in step.get("env", {}).items()},
                        "GITHUB_OUTPUT": str(output)}
            code = self._step(step, step_context, step_env, workspace, ref, one, existing_issues)
            if code:
                one.result = "failure"
            if "id" in step:
                steps_context[step["id"]] = {"outputs": _outputs(output.read_text())}
            if step.get("uses", "").startswith("aws-actions/configure-aws-credentials"):
                env["NETWORK_TARGET"] = "emulator"
        one.outputs = {k: expand(str(v), {**context, "steps": steps_context}) for k, v in job.get("outputs", {}).items()}
        one.summary = summary.read_text()
        return one

    def _step(self, step: dict, context: dict, env: dict, workspace: Path, ref: str, one: JobRun,
              existing_issues: list | None) -> int:
        uses = step.get("uses", "").split("@")[0]
        given = {k: expand(str(v), context) for k, v in step.get("with", {}).items()} if uses else {}
        if "run" in step:
            result = run(["bash", "-e", "-c", step["run"]], env, COMMAND_SECONDS, cwd=workspace)
            one.steps.append(Step(step.get("name", step["run"]), result.returncode, result.stdout, result.stderr))
            return result.returncode
        if uses == "actions/checkout":
            self._clone(ref, workspace)
        elif uses == "./.github/actions/setup":
            for folder in CACHED:
                (workspace / folder).parent.mkdir(parents=True, exist_ok=True)
                (workspace / folder).symlink_to(ROOT / folder)
            (workspace / ".emulator").symlink_to(ROOT / ".emulator")
        elif uses == "aws-actions/configure-aws-credentials":
            # The role comes from a repository or environment variable that the docs say to set.
            assert given["role-to-assume"].startswith("arn:aws:iam::"), step["with"]["role-to-assume"]
        elif uses == "actions/upload-artifact":
            paths = given["path"].split()
            missing = [p for p in paths if not (workspace / p).exists()]
            if missing:
                one.steps.append(Step(f"upload {given['name']}", 1, stderr=f"no file {missing}"))
                return 1 if given.get("if-no-files-found") == "error" else 0
            # The artifact holds each file below the paths' least common ancestor (upload-artifact's README).
            common = Path(os.path.commonpath([str(Path(p).parent) for p in paths]))
            for path in paths:
                kept = self.artifacts / given["name"] / Path(path).relative_to(common)
                kept.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(workspace / path, kept)
        elif uses == "actions/download-artifact":
            kept = self.artifacts / given["name"]
            shutil.copytree(kept, workspace / given["path"], dirs_exist_ok=True)
        elif uses == "marocchino/sticky-pull-request-comment":
            one.comments.append({"header": given["header"], "body": (workspace / given["path"]).read_text()})
        elif uses == "actions/github-script":
            return self._script(given["script"], env, workspace, one, existing_issues)
        else:
            raise AssertionError(f"no stand-in for {uses}")
        one.steps.append(Step(uses, 0))
        return 0

    def _script(self, script: str, env: dict, workspace: Path, one: JobRun, existing_issues: list | None) -> int:
        (workspace / ".rehearsal-script.js").write_text(script)
        (workspace / ".rehearsal-host.js").write_text(SCRIPT_HOST)
        result = run(["node", ".rehearsal-host.js"], {**env, "REHEARSAL_SCRIPT": ".rehearsal-script.js",
                                                      "REHEARSAL_EXISTING_ISSUES": json.dumps(existing_issues or [])},
                     120, cwd=workspace)
        one.steps.append(Step("github-script", result.returncode, result.stdout, result.stderr))
        if result.returncode == 0:
            one.api_calls = json.loads(result.stdout.strip().splitlines()[-1])
        return result.returncode


def _outputs(text: str) -> dict[str, str]:
    """``$GITHUB_OUTPUT`` as the runner reads it: ``name=value`` lines and ``name<<DELIMITER`` blocks."""
    found, lines = {}, text.splitlines()
    while lines:
        line = lines.pop(0)
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            value = []
            while lines and lines[0] != delimiter:
                value.append(lines.pop(0))
            lines.pop(0)
            found[name] = "\n".join(value)
        elif "=" in line:
            name, value = line.split("=", 1)
            found[name] = value
    return found

