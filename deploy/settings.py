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
}
_OFF = ("off", "0", "false", "no")


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


def provider_mirror(environ: Mapping[str, str] | None = None) -> str:
    return _get(environ, "NETWORK_PROVIDER_MIRROR")
