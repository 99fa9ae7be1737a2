"""The fleet as CI sees it: one entry per environment (where its state lives, which repository variable
holds its plan role, which files' change affects it), and the environments a change touches
(``--changed-since``)."""
from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass

from deploy import settings
from deploy.schema import ConfigError, NetworkConfig

#: Files whose change affects every environment: what is synthesized, what plans and applies it (our
#: commands, their locked dependencies, Terraform's lock and CLI config), what scans it (checkov's config
#: and lock) and the CI that runs them. Each environment's own file affects only it.
SHARED_FILES = ("main.py", "cdktf.json", "modules/**/*", "deploy/**/*", "ops/**/*", "bin/**/*", "Pipfile",
                "Pipfile.lock", "package.json", "package-lock.json", "terraform/**/*", ".checkov.yaml",
                "tools/checkov/Pipfile", "tools/checkov/Pipfile.lock", ".github/actions/**/*",
                ".github/workflows/**/*")


@dataclass(frozen=True)
class Entry:
    """One environment as CI and the docs see it."""
    name: str
    region: str
    account_id: str
    target: str
    backend: str
    state: str
    stack: str
    vpc_cidr: str
    promote_after: str
    files: tuple[str, ...]
    plan_role_variable: str   # the repository variable with this environment's plan role ARN


def inventory(configs: list[NetworkConfig]) -> list[Entry]:
    entries = []
    for c in configs:
        state = {"s3": f"s3://{c.state_bucket}/{c.rendered_state_key}",
                 "hcp": f"hcp://{c.hcp_organization}/{c.rendered_hcp_workspace}"}.get(c.backend, "local")
        # default.toml is optional, but once written it is default's own file like any other environment's.
        own = (f"environments/{c.environment}.toml",)
        entries.append(Entry(c.environment, c.region, c.account_id, c.target, c.backend, state, c.stack_name,
                             c.vpc_cidr, c.promote_after, (*own, *SHARED_FILES),
                             "PLAN_ROLE_ARN_" + c.environment.upper().replace("-", "_")))
    return entries


def _pattern(glob: str) -> re.Pattern:
    """A repository glob as Atlantis and GitHub read it: ``**/`` any folders, ``*`` within one."""
    text = re.escape(glob).replace(r"\*\*/", "(?:.*/)?").replace(r"\*", "[^/]*")
    return re.compile(f"^{text}$")


def affected(entries: list[Entry], changed: list[str]) -> list[Entry]:
    """The environments a change to these files touches: its own file, or any shared file."""
    return [e for e in entries if any(_pattern(glob).match(path) for glob in e.files for path in changed)]


def changed_files(since: str) -> list[str]:
    """Files changed between ``since`` and HEAD (``git diff --name-only since...HEAD``)."""
    result = subprocess.run(["git", "diff", "--name-only", f"{since}...HEAD"], cwd=settings.ROOT, text=True,
                            capture_output=True)
    if result.returncode:
        raise ConfigError([f"--changed-since: {since!r} is not a commit git knows here ({result.stderr.strip()}) "
                           "— fix: fetch it first (actions/checkout with fetch-depth: 0)"])
    return result.stdout.split()
