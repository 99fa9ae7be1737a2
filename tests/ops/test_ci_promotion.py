"""Promotion in order, whatever an earlier environment did: the committed apply workflow's job graph
evaluated under GitHub's documented rules.

The rules the simulator applies, and where GitHub states them:
- "If a job fails or is skipped, all jobs that need it are skipped unless the jobs use a conditional
  expression that causes the job to continue. If a run contains a series of jobs that need each other, a
  failure or skip applies to all jobs in the dependency chain from the point of failure or skip onwards."
  (Workflow syntax, ``jobs.<job_id>.needs``; the transitive case is actions/runner issue 2205.)
- "A default status check of success() is applied unless you include one of these functions" (Expressions,
  status check functions): a job-level ``if:`` without ``success()``, ``failure()``, ``cancelled()`` or
  ``always()`` is ``success() && (...)``; ``success()`` is false once anything up the chain failed or was
  skipped, ``failure()`` true once anything up the chain failed.
- "To reject the job, click Reject. If a job is rejected, the workflow will fail." and a job not approved
  within 30 days fails (Reviewing deployments): a rejected apply job's result is ``failure``.
"""
from __future__ import annotations

import re

import pytest
import yaml

from deploy.settings import ROOT

STATUS_FUNCTIONS = ("success()", "failure()", "cancelled()", "always()")
TOKEN = re.compile(r"\s*(\(|\)|&&|\|\||==|!=|!|'[^']*'|[A-Za-z_][\w.-]*(?:\(\))?)")


class Run:
    """One run of a workflow: each job's result (``success``, ``failure``, ``skipped``) and outputs."""

    def __init__(self, jobs: dict, outcome: dict[str, tuple[str, dict]]):
        self.jobs, self.results, self.outputs = jobs, {}, {}
        for name in self._order():
            if self._condition(name):
                self.results[name], self.outputs[name] = outcome.get(name, ("success", {}))
            else:
                self.results[name], self.outputs[name] = "skipped", {}

    def _needs(self, name: str) -> list[str]:
        needs = self.jobs[name].get("needs", [])
        return [needs] if isinstance(needs, str) else list(needs)

    def _ancestors(self, name: str) -> set[str]:
        found = set()
        for need in self._needs(name):
            found |= {need} | self._ancestors(need)
        return found

    def _order(self) -> list[str]:
        ordered: list[str] = []
        while len(ordered) < len(self.jobs):
            ordered += [n for n in self.jobs if n not in ordered and set(self._needs(n)) <= set(ordered)]
        return ordered

    def _condition(self, name: str) -> bool:
        text = str(self.jobs[name].get("if", "success()")).strip()
        text = text.removeprefix("${{").removesuffix("}}").strip()
        if not any(function in text for function in STATUS_FUNCTIONS):
            text = f"success() && ({text})"
        return bool(Expression(text, self, name).value())


class Expression:
    """The subset of GitHub's expression syntax the workflows use: ``!``, ``&&``, ``||``, ``==``, ``!=``,
    parentheses, string literals, ``needs.<job>.result``, ``needs.<job>.outputs.<name>``, status functions."""

    def __init__(self, text: str, run: Run, job: str):
        self.tokens = [t for t in TOKEN.findall(text)]
        assert "".join(self.tokens).replace(" ", "") == text.replace(" ", ""), f"cannot read {text!r}"
        self.run, self.job, self.at = run, job, 0

    def value(self):
        result = self._or()
        assert self.at == len(self.tokens), self.tokens[self.at:]
        return result

    def _take(self, token: str | None = None) -> str:
        current = self.tokens[self.at]
        assert token is None or current == token, (token, current)
        self.at += 1
        return current

    def _peek(self) -> str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def _or(self):
        left = self._and()
        while self._peek() == "||":
            self._take()
            right = self._and()
            left = left or right
        return left

    def _and(self):
        left = self._compare()
        while self._peek() == "&&":
            self._take()
            right = self._compare()
            left = left and right
        return left

    def _compare(self):
        left = self._unary()
        if self._peek() in ("==", "!="):
            operator, right = self._take(), self._unary()
            return (left == right) if operator == "==" else (left != right)
        return left

    def _unary(self):
        if self._peek() == "!":
            self._take()
            return not self._unary()
        if self._peek() == "(":
            self._take("(")
            inner = self._or()
            self._take(")")
            return inner
        return self._atom(self._take())

    def _atom(self, token: str):
        if token.startswith("'"):
            return token[1:-1]
        ancestors = self.run._ancestors(self.job)
        results = [self.run.results[a] for a in ancestors]
        functions = {"success()": all(r == "success" for r in results), "failure()": "failure" in results,
                     "cancelled()": False, "always()": True}
        if token in functions:
            return functions[token]
        parts = token.split(".")
        assert parts[0] == "needs" and parts[1] in self.run._needs(self.job), f"{self.job}: {token}"
        if parts[2] == "result":
            return self.run.results[parts[1]]
        return self.run.outputs[parts[1]].get(parts[3], "")


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
    run = Run(committed_jobs(), {**staging, "plan-default": NO_CHANGES, "plan-production": CHANGES})
    assert (run.results["plan-production"], run.results["apply-production"]) == (plans, applies)


def test_an_environment_with_nothing_to_apply_skips_only_its_own_apply():
    run = Run(committed_jobs(), {"plan-default": NO_CHANGES, "plan-staging": CHANGES, "plan-production": NO_CHANGES})
    assert run.results == {"plan-default": "success", "apply-default": "skipped", "plan-staging": "success",
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
    run = Run(before, {"plan-staging": NO_CHANGES, "plan-production": CHANGES})
    assert run.results["plan-production"] == "success" and run.results["apply-production"] == "skipped"
