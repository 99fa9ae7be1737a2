"""A reviewed plan sealed for the trip from the plan job to the apply job: a plan file holds every value
in clear, sensitive ones included (Terraform's docs on saved plans), and a workflow artifact can be read
by anyone who can read the repository's runs. The plan is encrypted with a key from a repository secret
(``NETWORK_PLAN_KEY``) by OpenSSL, which every GitHub-hosted runner carries: AES-256-CBC, its key
derived by PBKDF2 with a random salt. It is not authenticated: what guards the contents is Terraform,
which refuses a plan that does not match the configuration and state it is applied to."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

from ..errors import NetError, UsageError

KEY_VARIABLE = "NETWORK_PLAN_KEY"
SUFFIX = ".enc"
# OWASP's 2023 figure for PBKDF2-HMAC-SHA256.
ITERATIONS = "600000"


def require_key() -> None:
    if not os.environ.get(KEY_VARIABLE, ""):
        raise UsageError(f"{KEY_VARIABLE} is empty: the plan is sealed with it — set it from the repository "
                         "secret PLAN_ENCRYPTION_KEY (docs/ci.md), the same in the plan and the apply job")


def _openssl(source: Path, target: Path, opening: bool) -> None:
    require_key()
    direction = ["-d"] if opening else ["-salt"]
    result = subprocess.run(["openssl", "enc", "-aes-256-cbc", "-pbkdf2", "-iter", ITERATIONS, "-md", "sha256",
                             "-pass", f"env:{KEY_VARIABLE}", *direction, "-in", str(source), "-out", str(target)],
                            capture_output=True, text=True, timeout=120)
    if result.returncode:
        why = result.stderr.strip().splitlines()[0] if result.stderr.strip() else "no reason given"
        hint = f" (is {KEY_VARIABLE} the key the plan job sealed it with?)" if opening else ""
        raise NetError(f"openssl could not {'open' if opening else 'seal'} the plan: {why}{hint}")


def seal(plan_file: Path) -> Path:
    """The plan encrypted beside it (``network.tfplan.enc``)."""
    sealed = plan_file.with_name(plan_file.name + SUFFIX)
    _openssl(plan_file, sealed, opening=False)
    return sealed


def is_sealed(path: Path) -> bool:
    return path.name.endswith(SUFFIX)


def unseal(sealed: Path) -> Path:
    """The plan decrypted beside the sealed file, under its own name without ``.enc``."""
    if not sealed.is_file():
        raise NetError(f"no sealed plan at {sealed}: run bin/net review --seal first")
    plan_file = sealed.with_name(sealed.name.removesuffix(SUFFIX))
    _openssl(sealed, plan_file, opening=True)
    return plan_file
