"""Skips a synth whose inputs are unchanged since the last synth into the same output folder.

`cdktf deploy` always runs the app; on a no-op deploy a synth would write the same bytes again
(docs/performance.md). The key covers everything the Terraform JSON depends on: our source, the
environment files, the provider lock, the installed package versions, the Python version, the
validated configurations (so any spelling of the same configuration hits) and the cdktf variables that
change the output (``synth_variables``). The output files must still match the hashes recorded when
they were written, so an edited or deleted output is synthesized again. NETWORK_SYNTH_CACHE=off turns
the cache off.
"""
from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import asdict
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Callable, Mapping

from .schema import NetworkConfig
from .settings import BINDINGS_DIR, ROOT, SOURCE_PACKAGES, synth_cache_on

RECORD = ".network-synth.json"
# Every Python file of the packages the JSON comes from, at any depth: a new subpackage counts too.
SOURCES = ("main.py", "cdktf.json", *(f"{package}/**/*.py" for package in SOURCE_PACKAGES),
           "environments/*.toml", "terraform/.terraform.lock.hcl")
PACKAGES = ("cdktf", "cdktn", "cdktf-cdktf-provider-aws", "constructs", "jsii")
# Set by the cdktf CLI for every synth without changing what it writes: the output folder (the record
# lives inside it), how errors are reported, logging. Keyed on, `cdktf deploy` and `python main.py`
# would never share a cache entry.
NOT_INPUTS = ("CDKTF_OUTDIR", "CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS", "CDKTF_LOG_LEVEL",
              "CDKTF_LOG_FILE_DIRECTORY", "CDKTF_DISABLE_PLUGIN_CACHE_ENV", "CDKTF_HOME")


def enabled(environ: Mapping[str, str]) -> bool:
    return synth_cache_on(environ)


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "absent"


def inputs_key(configs: list[NetworkConfig], environ: Mapping[str, str]) -> str:
    digest = hashlib.sha256()
    for pattern in SOURCES:
        for path in sorted(ROOT.glob(pattern)):
            digest.update(f"{path.relative_to(ROOT)}\0".encode() + path.read_bytes() + b"\0")
    digest.update(json.dumps({
        "python": sys.version,
        "packages": {name: _package_version(name) for name in PACKAGES},
        # The validated configurations, not the variables they came from: `NETWORK_DEMO_ALB=false` and
        # no variable at all are the same input.
        "configs": [asdict(config) for config in configs],
        "variables": synth_variables(environ),
        "core": environ.get("NETWORK_CDK_CORE") or "cdktf",
        "bindings": _bindings(environ),
    }, sort_keys=True).encode())
    return digest.hexdigest()


def _bindings(environ: Mapping[str, str]) -> str:
    """Which provider bindings; generated ones by what the generator wrote (bin/net bindings records its hash)."""
    if (environ.get("NETWORK_PROVIDER_BINDINGS") or "prebuilt") != "generated":
        return "prebuilt"
    stamp = BINDINGS_DIR / "SHA256"
    return "generated " + (stamp.read_text().strip() if stamp.is_file() else "missing")


def synth_variables(environ: Mapping[str, str]) -> dict:
    """The cdktf variables that change the Terraform JSON, with the cdktf CLI's defaults (an empty
    context, no local modules, JSON not HCL) as if unset."""
    found = {k: v for k, v in environ.items() if k.startswith("CDKTF_") and k not in NOT_INPUTS}
    try:
        context = json.loads(found.pop("CDKTF_CONTEXT_JSON", "") or "{}")
    except ValueError:
        context = environ["CDKTF_CONTEXT_JSON"]
    if isinstance(context, dict) and not context.get("cdktfRelativeModules", True):
        del context["cdktfRelativeModules"]
    if context:
        found["CDKTF_CONTEXT_JSON"] = context
    if environ.get("SYNTH_HCL_OUTPUT", "false").lower() != "false":
        found["SYNTH_HCL_OUTPUT"] = environ["SYNTH_HCL_OUTPUT"]
    return dict(sorted(found.items()))


def _outputs(outdir: Path, configs: list[NetworkConfig]) -> list[Path]:
    """The files a synth writes: cdktf's manifest and stack JSON, our lock and target files."""
    files = [outdir / "manifest.json"]
    for config in configs:
        stack = outdir / "stacks" / config.stack_name
        files += [stack / "cdk.tf.json", stack / ".terraform.lock.hcl"]
        files += [path for path in [stack / "aws-emulator.config"] if config.target == "emulator"]
    return files


def _hashes(outdir: Path, configs: list[NetworkConfig]) -> dict[str, str] | None:
    files = _outputs(outdir, configs)
    if not all(path.is_file() for path in files):
        return None
    return {str(path.relative_to(outdir)): hashlib.sha256(path.read_bytes()).hexdigest() for path in files}


def _record(outdir: Path, key: str, configs: list[NetworkConfig]) -> dict | None:
    outputs = _hashes(outdir, configs)
    return None if outputs is None else {"key": key, "outputs": outputs}


def reuse_or_write(outdir: Path, configs: list[NetworkConfig], environ: Mapping[str, str],
                   write: Callable[[], None]) -> bool:
    """Calls ``write`` unless the cache vouches for the output in ``outdir``; True when it was reused."""
    key = inputs_key(configs, environ) if enabled(environ) else None
    record_file = outdir / RECORD
    if key:
        try:
            if json.loads(record_file.read_text()) == _record(outdir, key, configs):
                return True
        except (OSError, ValueError):
            pass
    # Forgotten first, so a failed synth never leaves a record that vouches for its output.
    record_file.unlink(missing_ok=True)
    write()
    if key and (record := _record(outdir, key, configs)):
        record_file.write_text(json.dumps(record, indent=1) + "\n")
    return False
