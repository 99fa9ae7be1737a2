"""Builds the cdktf app: validated configs in, one NetworkStack per environment, Terraform JSON out."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import TextIO

from . import accelerator, fleet, settings, synth_cache
from .schema import ConfigError, NetworkConfig
from .settings import DEFAULT_OUTDIR, PROVIDER_LOCK
from .target import write_target_files


def use_chosen_bindings() -> None:
    """The generated provider bindings (``NETWORK_PROVIDER_BINDINGS=generated``) instead of the prebuilt
    package: importable from .bindings/, the same submodule names (bin/net bindings writes them)."""
    if settings.provider_bindings() != "generated":
        return
    if not (settings.BINDINGS_DIR / "aws" / "__init__.py").is_file():
        raise ConfigError([f"$NETWORK_PROVIDER_BINDINGS: 'generated', but {settings.BINDINGS_DIR / 'aws'} is missing — "
                           "fix: bin/net bindings (writes them in seconds), or unset it for the prebuilt ones"])
    if str(settings.BINDINGS_DIR) not in sys.path:
        sys.path.insert(0, str(settings.BINDINGS_DIR))
    from modules.aws import aws

    aws.use("aws")


def build_app(configs: list[NetworkConfig], outdir: str | None = None):
    accelerator.start_if_requested()  # before cdktf: an entry point that asked for it gets it here
    use_chosen_bindings()
    from .cdk import App
    from .stack import NetworkStack

    app = App(outdir=outdir) if outdir else App()
    for config in configs:
        NetworkStack(app, config)
    return app


def synth(environments: list[str], outdir: str | None = None, log: TextIO = sys.stderr) -> int:
    """Validates every environment first, so bad input writes nothing; returns an exit code. Notes go
    to ``log``: main.py passes stdout, because the cdktf CLI shows all of an app's stderr as errors."""
    names = [env.strip() for env in environments if env.strip()]
    notes: list[str] = []
    try:
        settings.cdk_core()
        settings.provider_bindings()
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        configs = fleet.load(names, notes=notes)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for note in notes:
        print(note, file=log)
    synth_unless_unchanged(configs, Path(outdir or os.environ.get("CDKTF_OUTDIR") or DEFAULT_OUTDIR), log)
    return 0


def synth_unless_unchanged(configs: list[NetworkConfig], target: Path, log: TextIO = sys.stderr) -> bool:
    """Writes the stacks of validated configs unless the synth cache vouches for what ``target`` holds;
    True when it was reused."""
    if synth_cache.reuse_or_write(target, configs, os.environ, lambda: synth_configs(configs, str(target))):
        print(f"synth: inputs unchanged, reusing {target} (NETWORK_SYNTH_CACHE=off synthesizes anyway)", file=log)
        return True
    return False


def synth_configs(configs: list[NetworkConfig], outdir: str | None = None) -> Path:
    """Writes the Terraform JSON of already-validated configs; returns the output folder."""
    app = build_app(configs, outdir)
    app.synth()
    for config in configs:
        stack_dir = Path(app.outdir) / "stacks" / config.stack_name
        # Every stack starts from the committed provider lock, so `terraform init` is reproducible.
        shutil.copyfile(PROVIDER_LOCK, stack_dir / ".terraform.lock.hcl")
        write_target_files(config, stack_dir)
    return Path(app.outdir)
