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
from .schema import NAME_FIELDS, PER_AZ_NAMES, ConfigError, NetworkConfig


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
    for a, b in combinations(configs, 2):
        problems += _shared_state(a, b) + _shared_names(a, b) + _overlap(a, b, configs, notes)
    problems += _promotion(configs, set(all_known or []) | {c.environment for c in configs})
    if problems:
        raise ConfigError(problems)
    return notes


def _pair(a: NetworkConfig, b: NetworkConfig) -> str:
    return f"environments {a.environment!r} and {b.environment!r}"


def _introduced(a: NetworkConfig, b: NetworkConfig, read) -> NetworkConfig:
    """Which of two colliding environments brought the collision in: the one that set the value (the other
    keeps the default), else the later one."""
    default = read(NetworkConfig())
    return a if read(b) == default and read(a) != default else b


def _shared_state(a: NetworkConfig, b: NetworkConfig) -> list[str]:
    out = []
    if a.stack_name == b.stack_name:
        out.append(_problem("environment", b.environment, f"gives {_pair(a, b)} the same stack name",
                            "name each environment once"))
    if a.backend == b.backend == "s3" and (a.state_bucket, a.rendered_state_key) == (
            b.state_bucket, b.rendered_state_key):
        culprit = _introduced(a, b, lambda c: c.state_key)
        out.append(_problem("state_key", culprit.state_key, f"of {culprit.environment!r} puts {_pair(a, b)} in one "
                            f"state object ({a.state_bucket}/{a.rendered_state_key}): each would destroy the "
                            "other's network", "keep {environment} in state_key, or give each its own key"))
    if a.backend == b.backend == "hcp" and (a.hcp_organization, a.rendered_hcp_workspace) == (
            b.hcp_organization, b.rendered_hcp_workspace):
        culprit = _introduced(a, b, lambda c: c.hcp_workspace)
        out.append(_problem("hcp_workspace", culprit.hcp_workspace, f"of {culprit.environment!r} puts "
                            f"{_pair(a, b)} in one workspace", "keep {environment} in hcp_workspace"))
    return out


def rendered_names(c: NetworkConfig) -> dict[str, set[str]]:
    """Every Name tag the environment's resources carry, by template (``names.<kind>``)."""
    def each(kind: str) -> set[str]:
        if kind in PER_AZ_NAMES:
            return {c.name(kind, az=az) for az in c.azs}
        if kind == "interface_endpoint":
            return {c.endpoint_name(service) for service in c.interface_endpoints}
        return {c.name(kind)}
    return {kind: each(kind) for kind in sorted(NAME_FIELDS)}


def _shared_names(a: NetworkConfig, b: NetworkConfig) -> list[str]:
    """Name tags must tell environments apart where they meet: one account and region."""
    if _place(a) != _place(b):
        return []
    if a.name_prefix == b.name_prefix:
        culprit = _introduced(a, b, lambda c: c.name_prefix)
        return [_problem("name_prefix", culprit.name_prefix, f"of {culprit.environment!r} is shared by "
                         f"{_pair(a, b)} in one account and region ({a.region}): their resources would carry the "
                         "same Name tags", "give each environment its own name_prefix")]
    out = []
    theirs = rendered_names(b)
    for kind, names in rendered_names(a).items():
        same = sorted(names & theirs[kind])
        if same:
            culprit = _introduced(a, b, lambda c, kind=kind: getattr(c.names, kind))
            out.append(_problem(f"names.{kind}", getattr(culprit.names, kind), f"of {culprit.environment!r} gives "
                                f"{_pair(a, b)} the same Name {same[0]!r} in one account and region ({a.region})",
                                "keep {prefix} in the template, or give each environment its own name"))
    return out


def _blocks(c: NetworkConfig) -> list[tuple[str, str]]:
    """(field, CIDR) of every block the environment's VPC holds: its primary and its pods' secondary."""
    return [("vpc_cidr", c.vpc_cidr)] + ([("pod_cidr", c.pod_cidr)] if c.pod_cidr else [])


def _pod_overlap(a: NetworkConfig, b: NetworkConfig) -> list[str]:
    """A pod block overlapping another environment's block in the same account and region: their VPCs
    could never be peered or joined by a Transit Gateway, as with vpc_cidr."""
    if _place(a) != _place(b):
        return []
    for (a_field, a_cidr), (b_field, b_cidr) in ((x, y) for x in _blocks(a) for y in _blocks(b)):
        if "pod_cidr" in (a_field, b_field) and ipaddress.ip_network(a_cidr).overlaps(ipaddress.ip_network(b_cidr)):
            culprit, field, cidr, other, other_cidr = (a, a_field, a_cidr, b, b_cidr) if a_field == "pod_cidr" \
                else (b, b_field, b_cidr, a, a_cidr)
            return [_problem(field, cidr, f"of {culprit.environment!r} overlaps {other_cidr} of {other.environment!r} "
                             f"in one account and region ({a.region})", "give each environment its own pod range, "
                             "e.g. 100.64.0.0/16 for one and 100.65.0.0/16 for the next")]
    return []


def _overlap(a: NetworkConfig, b: NetworkConfig, configs: list[NetworkConfig], notes: list[str]) -> list[str]:
    if not ipaddress.ip_network(a.vpc_cidr).overlaps(ipaddress.ip_network(b.vpc_cidr)):
        return _pod_overlap(a, b)
    if _place(a) == _place(b):
        culprit, other = (a, b) if _introduced(a, b, lambda c: c.vpc_cidr) is a else (b, a)
        return [_problem("vpc_cidr", culprit.vpc_cidr, f"of {culprit.environment!r} overlaps {other.vpc_cidr} of "
                         f"{other.environment!r} in one account and region ({a.region}), which blocks peering and "
                         "Transit Gateway between them", "give each environment its own range, e.g. "
                         f"{_free_range(configs)!r}")]
    if b.environment not in a.cidr_overlap_ok and a.environment not in b.cidr_overlap_ok:
        notes.append(f"note: vpc_cidr {b.vpc_cidr} of {b.environment!r} overlaps {a.vpc_cidr} of "
                     f"{a.environment!r} (other account or region: allowed, but they can never be "
                     f"peered); list {a.environment!r} in cidr_overlap_ok of {b.environment!r} to "
                     "say it is meant")
    return []


def _promotion(configs: list[NetworkConfig], known: set[str]) -> list[str]:
    problems = []
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
    return problems


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
