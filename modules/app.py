"""Builds the cdktf app: validated configs in, one NetworkStack per environment, Terraform JSON out."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

from .config import ConfigError, NetworkConfig, load_config

LOCK_FILE = Path(__file__).resolve().parent.parent / "terraform" / ".terraform.lock.hcl"


def build_app(configs: list[NetworkConfig], outdir: str | None = None):
    from cdktf import App

    from .stack import NetworkStack

    app = App(outdir=outdir) if outdir else App()
    for config in configs:
        NetworkStack(app, config)
    return app


def synth(environments: list[str], outdir: str | None = None) -> int:
    """Validates every environment first, so bad input writes nothing; returns an exit code."""
    try:
        configs = [load_config(env.strip()) for env in environments if env.strip()]
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    app = build_app(configs, outdir)
    app.synth()
    install_lock_file(Path(app.outdir), configs)
    return 0


def install_lock_file(outdir: Path, configs: list[NetworkConfig]) -> None:
    """Every stack starts from the committed provider lock, so `terraform init` is reproducible."""
    for config in configs:
        target = outdir / "stacks" / config.stack_name / ".terraform.lock.hcl"
        if LOCK_FILE.is_file() and target.parent.is_dir():
            shutil.copyfile(LOCK_FILE, target)
