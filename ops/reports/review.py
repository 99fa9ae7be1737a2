"""Plan review for CI: synth → terraform init → plan → show → a Markdown summary a reviewer can decide
from: what changed outside Terraform, every change (destroys and replacements first) with what changes
in it and which thing it is, the checkov scan of the plan, the §8 cost delta, and Terraform's own plan
text collapsed, the whole within GitHub's comment limit.

No side effects beyond the plan: no state bucket bootstrap, no emulator start on target ``aws``. The
plan JSON stays beside the plan file in the stack folder and is never part of the summary (it can hold
secrets); values Terraform marks sensitive are masked in the summary as in its own plan text. Exit codes: 0 no changes, 2 changes, 1 an error or a scan finding not skipped in
``.checkov.yaml`` (``EXIT_CODES`` in ``errors.py``).
"""
from __future__ import annotations

import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from deploy.capacity import plan_for
from deploy.schema import NetworkConfig

from ..errors import NetError
from ..live import instance_limits
from ..terraform import run as terraform_run
from . import capacity, drift, plan_diff
from .cost import rates_for
from .plan_model import Review, changes, cost_delta
from .scan import scan, skipped_checks
from .summary import COMMENT_LIMIT, markdown, plan_text_of


def review(config: NetworkConfig, say, plan_file: Path | None = None, security_scan: bool = True,
           full_text_at: str = "", prepared: bool = False, limit: int = COMMENT_LIMIT, lock: bool = True) -> Review:
    """``prepared``: the stack is synthesized and initialized already (``review_many`` does both).
    ``lock=False``: a read-only review, planned without the state lock (``-lock=false``), so it never makes
    an apply that starts meanwhile fail on the lock; its plan file is still refused if stale."""
    if not prepared:
        say("synthesizing")
        terraform_run.synth(config)
        say("terraform init")
        terraform_run.init(config)
    plan_file = (plan_file or terraform_run.stack_dir(config) / "plan.tfplan").resolve()
    plan_file.parent.mkdir(parents=True, exist_ok=True)
    # No separate `terraform validate`: the plan validates the configuration first and reports the
    # same errors, and a second process would load the provider's schema a second time.
    say(f"terraform plan (saved to {plan_file})")
    planned = terraform_run.terraform(config, "plan", "-input=false", "-detailed-exitcode", f"-out={plan_file}",
                                      *(() if lock else ("-lock=false",)), ok_codes=(0, 2))
    plan_json = plan_file.with_suffix(".json")
    plan_json.write_text(terraform_run.terraform(config, "show", "-json", str(plan_file)).stdout)
    # The plan's own text, as `terraform plan` printed it, without a `terraform show` process more.
    plan_text = plan_text_of(planned.stdout)
    plan_file.with_suffix(".txt").write_text(plan_text)
    plan = json.loads(plan_json.read_text())
    if security_scan:
        say("checkov scan of the plan")
    paths = plan_diff.construct_paths(terraform_run.stack_dir(config) / "cdk.tf.json")
    result = Review(changes(plan, paths), scan(plan_json) if security_scan else [], skipped_checks(),
                    cost_delta(plan, len(config.azs), rates_for(config.region)), plan_file,
                    scanned=security_scan, drift=drift.drift(plan, paths), plan_text=plan_text,
                    full_text_at=full_text_at, live_differences=live_differences(config),
                    capacity=capacity.line(plan_for(config, instance_limits.limits(config)[0])))
    result.summary = markdown(config, result, limit)
    return result


def live_differences(config: NetworkConfig) -> list[str]:
    """What the deployed network holds that no resource manages (``live.extras``): a rule or route added by
    hand, which Terraform's plan cannot show. Nothing for a network not deployed yet."""
    from ..live import extras
    from ..state import read as state_read

    stack = json.loads((terraform_run.stack_dir(config) / "cdk.tf.json").read_text())
    return extras.unmanaged(config, state_read.document(config), stack)


@dataclass
class FleetReview:
    reviews: dict[str, Review]      # by environment, in the order of the summary
    errors: dict[str, str]          # environments whose review failed, and why
    summary: str

    @property
    def findings(self) -> int:
        return sum(len(r.findings) for r in self.reviews.values())

    @property
    def has_changes(self) -> bool:
        return any(r.has_changes for r in self.reviews.values())

    @property
    def drifted(self) -> bool:
        return any(r.drifted for r in self.reviews.values())

    @property
    def differs(self) -> bool:
        return any(r.differs for r in self.reviews.values())


def parallel_limit(count: int) -> int:
    """Plans at once: one per core (each terraform plan keeps a core busy loading the provider and
    refreshing), never more than there are environments."""
    return max(1, min(count, os.cpu_count() or 1))


def review_many(configs: list[NetworkConfig], say, security_scan: bool = True, lock: bool = True) -> FleetReview:
    """Each environment planned in its own stack folder and plan file, side by side up to
    ``parallel_limit``, after one synth of them all; one summary, a section per environment, those that
    destroy or replace first, then failures, then the rest."""
    from deploy.app import synth_unless_unchanged

    say(f"synthesizing {len(configs)} environments")
    synth_unless_unchanged(configs, terraform_run.default_outdir())
    limit = COMMENT_LIMIT // len(configs)
    say(f"planning {len(configs)} environments, {parallel_limit(len(configs))} at a time")
    installing = threading.Lock()  # one init at a time: the shared plugin cache is not safe for concurrent installs

    def one(config: NetworkConfig) -> Review:
        with installing:
            terraform_run.init(config)
        return review(config, lambda _message: None, security_scan=security_scan, prepared=True, limit=limit,
                      lock=lock, full_text_at=f"`plan.txt` in {terraform_run.stack_dir(config)}")

    reviews, errors = {}, {}
    with ThreadPoolExecutor(max_workers=parallel_limit(len(configs))) as pool:
        running = {config.environment: pool.submit(one, config) for config in configs}
        for name, future in running.items():
            try:
                reviews[name] = future.result()
            except NetError as error:
                errors[name] = str(error)
    marked = [n for n, r in reviews.items() if r.counts["destroy"] or r.counts["replace"]]
    order = marked + list(errors) + [n for n in reviews if n not in marked]
    sections = [f"## Fleet review: {len(configs)} environment(s)", ""]
    for name in order:
        if name in errors:
            sections += [f"### Plan review: `network-{name}` failed", "", "```text", errors[name][-3000:], "```", ""]
        else:
            sections.append(reviews[name].summary)
    return FleetReview({n: reviews[n] for n in order if n in reviews}, errors, "\n".join(sections))
