"""Plan review, of one environment or several side by side, with the exit code a CI gate reads."""
from __future__ import annotations

import contextlib
import sys

from deploy.schema import NetworkConfig

from .. import flags
from ..ci import outputs as ci_outputs
from ..ci import sealed_plan
from ..errors import CHANGES, FAILED, OK, UsageError
from ..state import local_lock, terraform_lock
from .common import Progress, load_fleet, require_emulator


def cmd_review(config: NetworkConfig, args) -> int:
    from ..reports import review

    if args.seal:
        if not args.plan_file:
            raise UsageError("--seal needs --plan-file: it seals the plan written there")
        sealed_plan.require_key()
    require_emulator(config)
    say = Progress(3 if args.no_scan else 4, stream=sys.stderr)
    with local_lock.stack_lock(config, args.command):
        if not args.no_lock:
            terraform_lock.require_unlocked(config)
        plan_text = args.summary.with_suffix(".plan.txt") if args.summary else None
        where = (f"`{plan_text.name}` beside this summary (the workflow's artifact)" if plan_text else
                 "the `.txt` file beside the plan file")
        result = review.review(config, say, args.plan_file, security_scan=not args.no_scan, full_text_at=where,
                               lock=not args.no_lock)
    if args.summary:
        args.summary.parent.mkdir(parents=True, exist_ok=True)
        plan_text.write_text(result.plan_text)
    plan_file = sealed_plan.seal(result.plan_file) if args.seal else result.plan_file
    ci_outputs.write(changes=result.has_changes, drift=result.drifted, findings=len(result.findings),
                     plan_file=plan_file,
                     **({"summary": args.summary.resolve()} if args.summary else {}))
    return _review_verdict(args, result.summary, len(result.findings), result.differs)


def _review_verdict(args, summary: str, findings: int, differs: bool, failed: bool = False) -> int:
    """Prints (and writes) the summary; the exit code of `terraform plan -detailed-exitcode`, scan findings
    and failures counting as errors."""
    print(summary)
    ci_outputs.summary(summary)
    if args.summary:
        args.summary.parent.mkdir(parents=True, exist_ok=True)
        args.summary.write_text(summary)
    if findings:
        print(f"error: the security scan found {findings} problem(s) not skipped in .checkov.yaml "
              "(listed in the summary)", file=sys.stderr)
    if findings or failed:
        return FAILED
    return CHANGES if differs and not args.changes_ok else OK


def cmd_review_many(args) -> int:

    from ..reports import review

    if args.plan_file or args.seal:
        raise UsageError("--plan-file and --seal are for one environment: each of several is planned in its own stack folder")
    from deploy import fleet

    configs = load_fleet(flags.environment_list(args.env, args.all, fleet.names()))
    for config in configs:
        require_emulator(config)
    say = Progress(2, stream=sys.stderr)
    with contextlib.ExitStack() as held:
        for config in configs:
            held.enter_context(local_lock.stack_lock(config, args.command))
            if not args.no_lock:
                terraform_lock.require_unlocked(config)
        result = review.review_many(configs, say, security_scan=not args.no_scan, lock=not args.no_lock)
    for name, why in result.errors.items():
        print(f"error: {name}: {why.splitlines()[0]}", file=sys.stderr)
    ci_outputs.write(changes=result.has_changes, drift=result.drifted, findings=result.findings,
                     failed=",".join(result.errors),
                     **({"summary": args.summary.resolve()} if args.summary else {}))
    return _review_verdict(args, result.summary, result.findings, result.differs, failed=bool(result.errors))

