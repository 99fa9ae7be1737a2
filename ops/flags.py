"""Flag values checked before any command uses them: each refusal names the flag, the value and the fix.

argparse checks a flag's form (a number, a choice); these check what it means here: environment lists,
git refs (resolved by git itself, never passed where they could become an option), AWS account ids and
GitHub repository names in their own forms.
"""
from __future__ import annotations

import re
import subprocess

from deploy.settings import ROOT

from .errors import UsageError

_ACCOUNT = re.compile(r"\d{12}")
# GitHub: an owner is 1-39 letters, digits or single hyphens, not at either end; a repository 1-100 of
# letters, digits, '.', '-', '_', and not '.' or '..'.
_OWNER = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")
_REPOSITORY = re.compile(r"[A-Za-z0-9._-]{1,100}")


def environment_list(value: str | None, every: bool, known: list[str]) -> list[str] | None:
    """The names ``--env A,B`` gives (None with ``--all``: every environment), each known, none twice."""
    if every and value is not None:
        raise UsageError(f"--all and --env {value!r} were both given: pass --all for every environment, or "
                         "--env with the ones you want")
    if every:
        return None
    if value is None:
        return None
    names = [name.strip() for name in value.split(",")]
    if not value.strip() or any(not name for name in names):
        raise UsageError(f"--env {value!r} has an empty name: give names separated by single commas, e.g. "
                         f"--env {','.join(known[:2])}")
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise UsageError(f"--env {value!r} names {', '.join(repeated)} more than once: name each environment once")
    unknown = [name for name in names if name not in known]
    if unknown:
        raise UsageError(f"--env {value!r}: no environment {', '.join(map(repr, unknown))}; the environments "
                         f"are {', '.join(known)} (bin/net environments)")
    return names


def one_environment(value: str | None, known: list[str]) -> str | None:
    """``--env NAME`` of a command that works on one environment."""
    if value is None:
        return None
    if "," in value:
        raise UsageError(f"--env {value!r}: this command works on one environment; run it once per environment "
                         "(review takes several)")
    (name,) = environment_list(value, False, known)
    return name


def git_commit(ref: str, flag: str = "--changed-since") -> str:
    """The commit ``ref`` names, as git resolves it; a value starting with '-' cannot become an option."""
    result = subprocess.run(["git", "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"],
                            cwd=ROOT, text=True, capture_output=True, timeout=60, stdin=subprocess.DEVNULL)
    if result.returncode or not result.stdout.strip():
        raise UsageError(f"{flag} {ref!r} is not a commit git knows in this clone: give a branch, tag or commit "
                         "id, and fetch it first (in GitHub Actions: actions/checkout with fetch-depth: 0)")
    return result.stdout.strip()


def account_id(value: str) -> str:
    if not _ACCOUNT.fullmatch(value):
        raise UsageError(f"--account {value!r} is not an AWS account id: it is 12 digits, e.g. 123456789012 "
                         "(aws sts get-caller-identity shows yours)")
    return value


def repository(value: str) -> str:
    owner, _, name = value.partition("/")
    if not (_OWNER.fullmatch(owner) and _REPOSITORY.fullmatch(name) and name not in (".", "..")):
        raise UsageError(f"--repo {value!r} is not a GitHub repository: give OWNER/REPO, e.g. acme/ml-network "
                         "(an owner is letters, digits and single inner hyphens; a name letters, digits, . - _)")
    return value
