"""The repository's paths and the ``NETWORK_*`` variables that steer the tooling, each read here only.

The variables that configure the network itself (``NETWORK_<FIELD>``, one per configuration field) are
the loader's; the ones below say where things are and how the tools run.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENVIRONMENTS_DIR = ROOT / "environments"
PROVIDER_LOCK = ROOT / "terraform" / ".terraform.lock.hcl"
DEFAULT_OUTDIR = ROOT / "cdktf.out"
EMULATOR_DIR = ROOT / ".emulator"
TERRAFORM_CLI_DIR = ROOT / ".terraform-cli"
#: One provider plugin cache for every stack folder (TF_PLUGIN_CACHE_DIR), so a fleet installs it once.
PLUGIN_CACHE_DIR = TERRAFORM_CLI_DIR / "plugin-cache"
CDKTF_BIN = ROOT / "node_modules" / ".bin" / "cdktf"
CHECKOV_BIN = ROOT / "tools" / "checkov" / ".venv" / "bin" / "checkov"
CHECKOV_CONFIG = ROOT / ".checkov.yaml"
#: NETWORK_CDK_CORE → the package that provides the CDK core (deploy/cdk.py imports it).
CDK_CORES = {"cdktf": "cdktf", "cdktn": "cdktn"}
#: Provider bindings generated for exactly the types the constructs use (bin/net bindings), and the
#: committed hash of what the generator writes for them.
BINDINGS_DIR = ROOT / ".bindings"
BINDINGS_HASH = ROOT / "terraform" / "provider-bindings.sha256"
#: The Python of CDK Terrain's own locked environment (tools/cdktn/Pipfile.lock).
CDKTN_PYTHON = ROOT / "tools" / "cdktn" / ".venv" / "bin" / "python"
DOCS_DIR = ROOT / "docs"
#: The packages whose source the synthesized JSON depends on (the synth cache hashes them).
SOURCE_PACKAGES = ("modules", "deploy")

#: Every tooling variable, with what it does (``bin/net config --table`` and the docs list them).
OVERRIDES = {
    "NETWORK_ENV": "the environment to load (default: default)",
    "NETWORK_ENVIRONMENTS_DIR": "where environment files live (default: environments/)",
    "NETWORK_OUTDIR": "where our commands synthesize stacks (default: cdktf.out)",
    "NETWORK_SYNTH_CACHE": "off synthesizes even when inputs are unchanged",
    "NETWORK_PROVIDER_IMPORT": "plain imports the whole provider package and all of its JavaScript",
    "NETWORK_PROVIDER_MIRROR": "a Terraform provider mirror to use",
    "NETWORK_WAIT_NOTE_SECONDS": "after how long a resource Terraform waits on is named, with what the target "
                                 "last answered (default: 120)",
    "NETWORK_STALL_SECONDS": "on the emulator, how long no resource may finish before the run is stopped as "
                             "stalled (default: 300; 0 never)",
    "NETWORK_EMULATOR_FAULTS": "Action=STATUS,...: the emulator answers these actions with that 5xx status "
                               "(rehearsing an AWS that fails)",
    "NETWORK_CDK_CORE": "cdktf (default) or cdktn: the CDK core the app synthesizes with (cdktn: CDK Terrain, "
                        "run under tools/cdktn/.venv/bin/python; docs/leaving-cdktf.md)",
    "NETWORK_PROVIDER_BINDINGS": "prebuilt (default: cdktf-cdktf-provider-aws) or generated (the bindings "
                                 "`bin/net bindings` writes to .bindings/ for exactly the types we use)",
    "NETWORK_PLAN_KEY": "the key `review --seal` encrypts a plan with and `apply` opens it with (CI: the "
                        "repository secret PLAN_ENCRYPTION_KEY)",
}
_OFF = ("off", "0", "false", "no")


def provider_bindings(environ: Mapping[str, str] = os.environ) -> str:
    """``prebuilt`` or ``generated``; another value raises ValueError naming the variable and the fix."""
    name = environ.get("NETWORK_PROVIDER_BINDINGS") or "prebuilt"
    if name not in ("prebuilt", "generated"):
        raise ValueError(f"$NETWORK_PROVIDER_BINDINGS: {name!r} is not a kind of bindings — fix: use prebuilt (the "
                         "default) or generated (after bin/net bindings)")
    return name


def cdk_core(environ: Mapping[str, str] = os.environ) -> str:
    """The chosen CDK core; an unknown one raises ValueError naming the variable, the value and the fix."""
    name = environ.get("NETWORK_CDK_CORE") or "cdktf"
    if name not in CDK_CORES:
        raise ValueError(f"$NETWORK_CDK_CORE: {name!r} is not a CDK core we synthesize with — fix: use one of "
                         f"{', '.join(CDK_CORES)} (cdktf is the default)")
    return name


def _get(environ: Mapping[str, str] | None, name: str) -> str:
    return (os.environ if environ is None else environ).get(name, "")


def environment_name(environ: Mapping[str, str] | None = None) -> str:
    return _get(environ, "NETWORK_ENV") or "default"


def environments_dir(environ: Mapping[str, str] | None = None) -> Path:
    return Path(_get(environ, "NETWORK_ENVIRONMENTS_DIR") or ENVIRONMENTS_DIR)


def outdir(environ: Mapping[str, str] | None = None) -> Path:
    """Where our commands synthesize stacks; tests use a temporary one."""
    return Path(_get(environ, "NETWORK_OUTDIR") or DEFAULT_OUTDIR)


def synth_cache_on(environ: Mapping[str, str] | None = None) -> bool:
    return (_get(environ, "NETWORK_SYNTH_CACHE") or "on").lower() not in _OFF


def provider_import_fast(environ: Mapping[str, str] | None = None) -> bool:
    return _get(environ, "NETWORK_PROVIDER_IMPORT") != "plain"


class SettingError(ValueError):
    """A NETWORK_* tooling variable with a value it cannot take; the message names it and the fix."""


def _seconds(environ: Mapping[str, str] | None, name: str, default: float) -> float:
    value = _get(environ, name)
    try:
        seconds = float(value) if value else default
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < 86400:
        raise SettingError(f"{name}={value!r} is not a number of seconds from 0 to 86399: set it to, e.g., "
                           f"{default:g}, or unset it")
    return seconds


def wait_note_seconds(environ: Mapping[str, str] | None = None) -> float:
    return _seconds(environ, "NETWORK_WAIT_NOTE_SECONDS", 120) or 120


def stall_seconds(environ: Mapping[str, str] | None = None) -> float | None:
    return _seconds(environ, "NETWORK_STALL_SECONDS", 300) or None


def check(environ: Mapping[str, str] | None = None) -> None:
    """Raises SettingError for the first tooling variable with a value it cannot take."""
    wait_note_seconds(environ)
    stall_seconds(environ)


def provider_mirror(environ: Mapping[str, str] | None = None) -> str:
    return _get(environ, "NETWORK_PROVIDER_MIRROR")
