"""The fleet: every environment (the built-in default and each file in ``environments/``), what each is
(region, account, state, stack, CIDR, the files whose change affects it), and the checks that only make
sense across environments. They run before anything else whenever more than one is loaded: two
environments must never share a state object or a stack, nor overlapping CIDRs or Name prefixes where
they would meet (one account and region: peering, Transit Gateway and the console all collide there).
"""
from __future__ import annotations

import ipaddress
from itertools import combinations
from typing import Mapping

from . import settings
from .loader import load_config
from .schema import ConfigError, NetworkConfig


def names(environ: Mapping[str, str] | None = None) -> list[str]:
    """``default`` and every environment file's name, in order; a missing folder is an error, not a
    fleet of one (the CI matrix would shrink without a word)."""
    folder = settings.environments_dir(environ)
    if not folder.is_dir():
        raise ConfigError([f"NETWORK_ENVIRONMENTS_DIR: {str(folder)!r} is not a folder: point it at the folder "
                           "of environment files (default: environments/), or unset it"])
    files = sorted(p.stem for p in folder.glob("*.toml"))
    return ["default", *(name for name in files if name != "default")]


def load(selected: list[str] | None = None, environ: Mapping[str, str] | None = None,
         notes: list[str] | None = None) -> list[NetworkConfig]:
    """The selected environments (all of them when None), each validated, then the fleet checks when there
    is more than one. Every problem is reported at once; what is only worth saying goes into ``notes``."""
    chosen = selected or names(environ)
    configs, problems = [], []
    for name in chosen:
        try:
            configs.append(load_config(name, environ=environ))
        except ConfigError as error:
            problems.extend(error.problems)
    if problems:
        raise ConfigError(problems)
    if len(configs) > 1:
        found = check(configs, all_known=names(environ))
        if notes is not None:
            notes.extend(found)
    return configs


def _place(c: NetworkConfig) -> tuple[str, str]:
    return (c.account_id or "(the credentials' account)", c.region)


def _problem(field: str, value: object, why: str, fix: str) -> str:
    return f"{field}: {value!r} {why} — fix: {fix}"


def check(configs: list[NetworkConfig], all_known: list[str] | None = None) -> list[str]:
    """Raises ConfigError on what two environments may not share; returns the notes (overlapping CIDRs
    across accounts or regions that no environment accepts)."""
    problems, notes = [], []
    known = set(all_known or []) | {c.environment for c in configs}
    for a, b in combinations(configs, 2):
        pair = f"environments {a.environment!r} and {b.environment!r}"
        if a.stack_name == b.stack_name:
            problems.append(_problem("environment", a.environment, f"gives {pair} the same stack name",
                                     "name each environment once"))
        if a.backend == b.backend == "s3" and (a.state_bucket, a.rendered_state_key) == (
                b.state_bucket, b.rendered_state_key):
            problems.append(_problem("state_key", b.state_key, f"puts {pair} in one state object "
                                     f"({a.state_bucket}/{a.rendered_state_key}): each would destroy the other's "
                                     "network", "keep {environment} in state_key, or give each its own key"))
        if a.backend == b.backend == "hcp" and (a.hcp_organization, a.rendered_hcp_workspace) == (
                b.hcp_organization, b.rendered_hcp_workspace):
            problems.append(_problem("hcp_workspace", b.hcp_workspace, f"puts {pair} in one workspace",
                                     "keep {environment} in hcp_workspace"))
        same_place = _place(a) == _place(b)
        if same_place and a.name_prefix == b.name_prefix:
            problems.append(_problem("name_prefix", b.name_prefix, f"is shared by {pair} in one account and region "
                                     f"({a.region}): their resources would carry the same Name tags",
                                     "give each environment its own name_prefix"))
        if ipaddress.ip_network(a.vpc_cidr).overlaps(ipaddress.ip_network(b.vpc_cidr)):
            if same_place:
                problems.append(_problem("vpc_cidr", b.vpc_cidr, f"overlaps {a.vpc_cidr} of {a.environment!r} in one "
                                         f"account and region ({a.region}), which blocks peering and Transit "
                                         "Gateway between them", "give each environment its own range, e.g. "
                                         f"{_free_range(configs)!r}"))
            elif b.environment not in a.cidr_overlap_ok and a.environment not in b.cidr_overlap_ok:
                notes.append(f"note: vpc_cidr {b.vpc_cidr} of {b.environment!r} overlaps {a.vpc_cidr} of "
                             f"{a.environment!r} (other account or region: allowed, but they can never be "
                             f"peered); list {a.environment!r} in cidr_overlap_ok of {b.environment!r} to "
                             "say it is meant")
    for c in configs:
        if c.promote_after and c.promote_after not in known:
            problems.append(_problem("promote_after", c.promote_after, f"of {c.environment!r} names no environment",
                                     f"use one of {sorted(known - {c.environment})}"))
        elif c.promote_after == c.environment:
            problems.append(_problem("promote_after", c.promote_after, "names the environment itself",
                                     "name the environment that applies first"))
    by_name = {c.environment: c for c in configs}
    for c in configs:
        seen, step = {c.environment}, c.promote_after
        while step in by_name:
            if step in seen:
                problems.append(_problem("promote_after", c.promote_after, f"of {c.environment!r} makes a cycle",
                                         "order the environments in one line"))
                break
            seen.add(step)
            step = by_name[step].promote_after
    if problems:
        raise ConfigError(problems)
    return notes


def _free_range(configs: list[NetworkConfig]) -> str:
    used = [ipaddress.ip_network(c.vpc_cidr) for c in configs]
    for second in range(256):
        candidate = ipaddress.ip_network(f"10.{second}.0.0/16")
        if not any(candidate.overlaps(u) for u in used):
            return str(candidate)
    return "10.x.0.0/16"


def apply_order(configs: list[NetworkConfig]) -> list[NetworkConfig]:
    """Each environment after the one it is promoted from; otherwise in the inventory's order."""
    ordered, placed = [], set()
    remaining = list(configs)
    while remaining:
        ready = [c for c in remaining if not c.promote_after or c.promote_after in placed or
                 c.promote_after not in {r.environment for r in configs}]
        if not ready:  # a cycle, which check() refuses first
            raise ConfigError([f"promote_after: the environments {[c.environment for c in remaining]} wait on "
                               "each other — fix: order them in one line"])
        for c in ready:
            ordered.append(c)
            placed.add(c.environment)
            remaining.remove(c)
    return ordered
