"""GitHub Actions' rules, as far as our workflows use them, for the tests that rehearse the workflows here.

Expressions (docs: "Evaluate expressions in workflows and actions"): ``!``, ``&&``, ``||``, ``==``, ``!=``,
parentheses, string literals, context lookups (``needs.<job>.result``, ``steps.<id>.outputs.<name>``,
``github.*``, ``matrix.*``, ``secrets.*``, ``vars[...]``) and the functions ``success()``, ``failure()``, ``cancelled()``,
``always()``, ``hashFiles(path)``. A job-level ``if:`` without a status function is ``success() && (...)``
("A default status check of success() is applied unless you include one of these functions").

Jobs (workflow syntax, ``jobs.<job_id>.needs``): "If a job fails or is skipped, all jobs that need it are
skipped unless the jobs use a conditional expression that causes the job to continue. If a run contains a
series of jobs that need each other, a failure or skip applies to all jobs in the dependency chain from
the point of failure or skip onwards" (the transitive case: actions/runner issue 2205): ``success()`` is
false once anything up the chain failed or was skipped, ``failure()`` true once anything up it failed.
"""
from __future__ import annotations

import re
from typing import Callable

STATUS_FUNCTIONS = ("success()", "failure()", "cancelled()", "always()")
TOKEN = re.compile(r"\s*(\(|\)|\[|\]|,|&&|\|\||==|!=|!|'[^']*'|[A-Za-z_][\w.-]*(?:\(\))?)")
EMBEDDED = re.compile(r"\$\{\{(.*?)\}\}")


class Expression:
    def __init__(self, text: str, context: dict, functions: dict[str, Callable]):
        self.tokens = TOKEN.findall(text)
        assert "".join(self.tokens).replace(" ", "") == text.replace(" ", ""), f"cannot read {text!r}"
        self.context, self.functions, self.at = context, functions, 0

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
        return self._chain("||", self._and, lambda left, right: left or right)

    def _and(self):
        return self._chain("&&", self._compare, lambda left, right: left and right)

    def _chain(self, operator: str, operand, combine):
        """``operand (operator operand)*``, left to right; both sides are read, as GitHub reads them."""
        left = operand()
        while self._peek() == operator:
            self._take()
            left = combine(left, operand())
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
        token = self._take()
        if self._peek() == "(":  # a function with arguments
            self._take("(")
            args = [self._or()]
            while self._peek() == ",":
                self._take()
                args.append(self._or())
            self._take(")")
            return self.functions[token](*args)
        value = self._atom(token)
        while self._peek() == "[":  # an index: vars[matrix.plan_role_variable]
            self._take("[")
            key = self._or()
            self._take("]")
            value = value.get(key, "") if isinstance(value, dict) else ""
        return value

    def _atom(self, token: str):
        if token.startswith("'"):
            return token[1:-1]
        if token.endswith("()"):
            return self.functions[token.removesuffix("()")]()
        value = self.context
        for part in token.split("."):
            value = value.get(part, "") if isinstance(value, dict) else ""
        return value


def condition(text: str | None, context: dict, functions: dict[str, Callable]) -> bool:
    """A job's or step's ``if:``, with the implicit ``success()`` where no status function is named."""
    text = str(text if text is not None else "success()").strip()
    text = text.removeprefix("${{").removesuffix("}}").strip()
    if not any(function in text for function in STATUS_FUNCTIONS):
        text = f"success() && ({text})"
    return bool(Expression(text, context, functions).value())


def expand(text: str, context: dict, functions: dict[str, Callable] | None = None) -> str:
    """A value with ``${{ ... }}`` inside, as the runner expands it before the step sees it."""
    return EMBEDDED.sub(lambda m: str(Expression(m.group(1).strip(), context, functions or {}).value()), text)


def needs_of(job: dict) -> list[str]:
    needs = job.get("needs", [])
    return [needs] if isinstance(needs, str) else list(needs)


def ancestors(jobs: dict, name: str) -> set[str]:
    found: set[str] = set()
    for need in needs_of(jobs[name]):
        found |= {need} | ancestors(jobs, need)
    return found


def job_order(jobs: dict) -> list[str]:
    ordered: list[str] = []
    while len(ordered) < len(jobs):
        ordered += [n for n in jobs if n not in ordered and set(needs_of(jobs[n])) <= set(ordered)]
    return ordered


def status_functions(jobs: dict, name: str, results: dict[str, str]) -> dict[str, Callable]:
    chain = [results[a] for a in ancestors(jobs, name)]
    return {"success": lambda: all(r == "success" for r in chain), "failure": lambda: "failure" in chain,
            "cancelled": lambda: False, "always": lambda: True}


def needs_context(jobs: dict, name: str, results: dict[str, str], outputs: dict[str, dict]) -> dict:
    return {"needs": {n: {"result": results[n], "outputs": outputs.get(n, {})} for n in needs_of(jobs[name])}}


def simulate(jobs: dict, outcome: dict[str, tuple[str, dict]], context: dict | None = None) -> dict[str, str]:
    """Each job's result when the jobs that run end as ``outcome`` says (default: success, no outputs)."""
    results: dict[str, str] = {}
    outputs: dict[str, dict] = {}
    for name in job_order(jobs):
        here = {**(context or {}), **needs_context(jobs, name, results, outputs)}
        if condition(jobs[name].get("if"), here, status_functions(jobs, name, results)):
            results[name], outputs[name] = outcome.get(name, ("success", {}))
        else:
            results[name], outputs[name] = "skipped", {}
    return results
