"""The review's Markdown: drift, every change (destroys and replacements first) with what changes in it,
the scan, the cost delta and Terraform's plan text collapsed, within GitHub's comment limit."""
from __future__ import annotations

import re

from deploy.schema import NetworkConfig

from .plan_model import MARKED, Change, Review
from .prices import HOURS_PER_MONTH

#: GitHub refuses a comment longer than this (characters).
COMMENT_LIMIT = 65_536
#: Attribute lines shown per resource before "… and N more".
ATTRIBUTES_SHOWN = 8


def markdown(config: NetworkConfig, review: Review, limit: int = COMMENT_LIMIT) -> str:
    """The summary, within ``limit`` characters: when it would pass it, Terraform's plan text is cut
    first, then the change rows, each with a note saying where the whole of it is."""
    text = _markdown(config, review, review.plan_text, review.changes)
    if len(text) <= limit:
        return text
    where = review.full_text_at or "the plan file's `terraform show`"
    note = f"\n… shortened to stay within GitHub's comment limit: the whole plan text is in {where}.\n"
    budget = max(0, len(review.plan_text) - (len(text) - limit) - len(note) - 200)
    text = _markdown(config, review, review.plan_text[:budget].rsplit("\n", 1)[0] + note, review.changes)
    rows = len(review.changes)
    while len(text) > limit and rows > 0:
        rows = max(0, rows - max(1, rows // 10))
        text = _markdown(config, review, note, review.changes[:rows], shortened=len(review.changes) - rows,
                         where=where)
    return text


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    """A value as inline code inside a table cell: a backtick inside it takes a double-backtick span
    (CommonMark, code spans), and ``|`` is escaped so it does not end the cell (GFM tables)."""
    text = _cell(text)
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def _what_changes(change: Change) -> str:
    if change.kind in ("create", "destroy"):
        return _cell(change.keys)
    lines = []
    if change.replace_paths:
        lines.append("forced by " + ", ".join(f"`{p}`" for p in change.replace_paths)
                     + (f" (the replacement of `{change.forced_by}`)" if change.forced_by else ""))
    if change.forces:
        lines.append(f"forces {len(change.forces)} more replacement(s): "
                     + ", ".join(f"`{a}`" for a in change.forces))
    for attribute in change.attributes[:ATTRIBUTES_SHOWN]:
        lines.append(f"{_code(attribute.path)}: {_code(attribute.before)} → {_code(attribute.after)}")
    if len(change.attributes) > ATTRIBUTES_SHOWN:
        lines.append(f"… and {len(change.attributes) - ATTRIBUTES_SHOWN} more (the plan text below)")
    if not lines and change.reason:
        lines.append(change.reason.replace("_", " "))
    return "<br>".join(lines)


def _drift_section(review: Review) -> list[str]:
    if not review.drift:
        return []
    lines = ["", "#### Changed outside Terraform since the last apply", ""]
    for item in review.drift:
        if item.deleted:
            again = "**this plan creates it again**" if item.reverted else f"this plan keeps it deleted: {item.kept_because}"
            without = f" Until then: {_inline(item.breaks)}." if item.breaks else ""
            lines.append(f"- {item.label} (`{item.address}`): **deleted outside Terraform**; {again}.{without}")
            continue
        shown = "; ".join(f"{_code(c.path)}: {_code(c.before)} → {_code(c.after)}"
                          for c in item.changes[:ATTRIBUTES_SHOWN])
        more = f"; … and {len(item.changes) - ATTRIBUTES_SHOWN} more" if len(item.changes) > ATTRIBUTES_SHOWN else ""
        if item.reverted:
            verdict = "**this plan reverts it**"
        elif len(item.kept) < len(item.changes):
            verdict = f"**this plan reverts it** except {', '.join(f'`{p}`' for p in item.kept)}: {item.kept_because}"
        else:
            verdict = f"this plan keeps it: {item.kept_because}"
        lines.append(f"- {item.label} (`{item.address}`): {shown}{more}; {verdict}.")
    return lines


def _live_section(review: Review) -> list[str]:
    if not review.live_differences:
        return []
    lines = ["", "#### Added outside Terraform, managed by no resource", "",
             "Terraform cannot plan these away: remove them by hand, or manage them in the configuration.", ""]
    return lines + [f"- {_inline(item)}" for item in review.live_differences]


def _inline(text: str) -> str:
    """Text set as Markdown prose, with the characters Markdown would read as markup escaped."""
    return re.sub(r"([\\`*_|<>\[\]])", r"\\\1", text.replace("\n", " "))


def _markdown(config: NetworkConfig, review: Review, plan_text: str, shown: list[Change], shortened: int = 0,
              where: str = "") -> str:
    n = review.counts
    lines = [f"### Plan review: `{config.stack_name}` ({config.target}, {config.region})", ""]
    if not review.differs:
        lines.append("**No changes.** The live network matches the configuration.")
    elif not review.changes:
        lines.append("**No changes planned, but the live network differs from the configuration** (below): "
                     "this plan does not put it back.")
    else:
        t = review.terraform_counts
        replaced = f" ({n['replace']} of them replacements)" if n["replace"] else ""
        lines.append(f"**{t['add']} to add, {t['change']} to change, {t['destroy']} to destroy{replaced}.**")
        if n["destroy"] or n["replace"]:
            lines += ["", f"> **Warning:** {n['destroy'] + n['replace']} resource(s) will be destroyed or "
                          "replaced (listed first, each chain of replacements from the resource that forces it). "
                          "Destroy first means a gap while the successor is made: check what depends on it."]
    lines += _drift_section(review) + _live_section(review)
    if review.changes:
        lines += ["", "| Action | Resource | What changes |", "|---|---|---|"]
        for change in shown:
            action = f"**{change.kind.upper()}**" if change.kind in MARKED else change.kind
            if change.order:
                action += f" ({change.order})"
            what = f"{change.label}<br>`{change.address}`" if change.label else f"`{change.address}`"
            lines.append(f"| {action} | {what} | {_what_changes(change)} |")
        if shortened:
            lines.append(f"| … | {shortened} more change(s) | shortened: the whole plan text is in {where} |")
    lines += ["", "#### Security scan (checkov, `terraform_plan`)", ""]
    if not review.scanned:
        lines.append("Not scanned (`--no-scan`): run the review without it before this plan is applied.")
    elif review.findings:
        lines += [f"**{len(review.findings)} finding(s)** not in `.checkov.yaml`'s deliberate skips:", "",
                  "| Check | Resource | |", "|---|---|---|"]
        lines += [f"| {f.check_id} | `{f.resource}` | {f.name} |" for f in review.findings]
    else:
        lines.append(f"No findings ({len(review.skipped)} deliberate skips in `.checkov.yaml`).")
    sign = "+" if review.cost_delta >= 0 else "-"
    lines += ["", "#### Cost (§8)", "",
              f"Hourly charges change by **{sign}${abs(review.cost_delta):.2f} per month** "
              f"({HOURS_PER_MONTH} h; before per-GB and LCU usage; {config.region} list prices, "
              "`ops/reports/prices.py`)."]
    if review.capacity:
        lines += ["", "#### Pod capacity (`bin/net capacity`)", "", _inline(review.capacity) + "."]
    if plan_text.strip():
        fence = "````" if "```" in plan_text else "```"
        lines += ["", f"<details><summary>Terraform's plan ({plan_text.count(chr(10)) + 1} lines)</summary>", "",
                  f"{fence}text", plan_text.rstrip("\n"), fence, "", "</details>"]
    return "\n".join(lines) + "\n"


_PROGRESS_LINE = re.compile(r"^\S+: (Refreshing state\.\.\.|Reading\.\.\.|Read complete after)")


def plan_text_of(plan_output: str) -> str:
    """What `terraform show` would print for the saved plan, from `terraform plan`'s own output: without
    the refresh progress lines, and without the closing "Saved the plan to: <path>" note."""
    lines = [line for line in plan_output.splitlines() if not _PROGRESS_LINE.match(line)]
    for index, line in enumerate(lines):
        if line.startswith("Saved the plan to:"):
            while index and (not lines[index - 1].strip() or set(lines[index - 1].strip()) == {"─"}):
                index -= 1
            lines = lines[:index]
            break
    return "\n".join(lines).strip("\n") + "\n"
