"""Runs terraform and the cdktf CLI for a synthesized stack, with the project's CLI config."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from deploy.paths import CDKTF_BIN, DEFAULT_OUTDIR, ROOT
from deploy.schema import NetworkConfig

from .errors import CommandError
from .terraform_cli import write_config


def environment(config: NetworkConfig | None = None, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {**os.environ, **(extra or {})}
    # Always ours: it points Terraform at the provider mirror where there is one (terraform_cli.py).
    env["TF_CLI_CONFIG_FILE"] = str(write_config())
    env.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    env.setdefault("CHECKPOINT_DISABLE", "1")
    # Each AWS provider process builds its 1,500-resource schema, allocation-heavy work; halving
    # the Go garbage collector's frequency saves ~0.4 s per terraform run for ~40 MB (README).
    env.setdefault("GOGC", "200")
    env["TF_IN_AUTOMATION"] = "1"
    if config is not None:
        env["NETWORK_ENV"] = config.environment
        if config.target == "emulator":
            # These would outrank the emulator profile's endpoint_url (modules/target.py).
            for name in [n for n in env if n.startswith("AWS_ENDPOINT_URL")]:
                del env[name]
            env.pop("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", None)
    return env


def default_outdir(environ: dict[str, str] | None = None) -> Path:
    """Where synthesized stacks go: ``NETWORK_OUTDIR`` (tests use a temporary one) or ``cdktf.out``."""
    return Path((environ or os.environ).get("NETWORK_OUTDIR") or DEFAULT_OUTDIR)


def stack_dir(config: NetworkConfig, outdir: Path | None = None) -> Path:
    return (outdir or default_outdir()) / "stacks" / config.stack_name


def run(args: list[str], *, cwd: Path, env: dict[str, str], capture: bool = True,
        ok_codes: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess:
    result = subprocess.run(args, cwd=cwd, env=env, text=True, stdin=subprocess.DEVNULL,
                            capture_output=capture)
    if result.returncode not in ok_codes:
        detail = (result.stderr or result.stdout or "")[-4000:] if capture else ""
        raise CommandError(f"`{' '.join(args)}` in {cwd} exited {result.returncode}\n{detail}")
    return result


def terraform(config: NetworkConfig, *args: str, outdir: Path | None = None, capture: bool = True,
              ok_codes: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess:
    return run(["terraform", *args, "-no-color"], cwd=stack_dir(config, outdir), env=environment(config),
               capture=capture, ok_codes=ok_codes)


def init(config: NetworkConfig, *, backend: bool = True, outdir: Path | None = None) -> None:
    terraform(config, "init", "-input=false", f"-backend={'true' if backend else 'false'}", "-reconfigure",
              outdir=outdir)


def outputs(config: NetworkConfig, outdir: Path | None = None) -> dict:
    raw = terraform(config, "output", "-json", outdir=outdir).stdout
    return {name: item["value"] for name, item in json.loads(raw or "{}").items()}


def forget_backend_cache(config: NetworkConfig, outdir: Path) -> None:
    """Drops terraform's local copy of the backend settings (not the state, which is remote), so a
    changed emulator port or a switch to real AWS re-initializes instead of asking to migrate."""
    (stack_dir(config, outdir) / ".terraform" / "terraform.tfstate").unlink(missing_ok=True)


def cdktf(config: NetworkConfig, *args: str, extra_env: dict[str, str] | None = None) -> None:
    """Runs the project's pinned cdktf CLI, streaming its progress to the terminal."""
    env = environment(config, extra_env)
    outdir = default_outdir(env)
    if config.backend == "s3":
        forget_backend_cache(config, outdir)
    # The pinned local CLI directly: npx would only look it up, for ~0.5 s.
    command = [str(CDKTF_BIN)] if CDKTF_BIN.exists() else ["npx", "--no-install", "cdktf"]
    run([*command, *args, "--output", str(outdir)], cwd=ROOT, env=env, capture=False)
