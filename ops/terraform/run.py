"""Runs terraform and the cdktf CLI for a synthesized stack, with the project's CLI config."""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable

from deploy import settings
from deploy.schema import NetworkConfig
from deploy.settings import CDKTF_BIN, ROOT

from ..emulator import process as emulator
from ..errors import CommandError, EmulatorError, Interrupted, StalledError, UsageError
from .cli_config import write_config
from .stall import StallWatch


def environment(config: NetworkConfig | None = None, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {**os.environ, **(extra or {})}
    # Always ours: it points Terraform at the provider mirror where there is one (cli_config.py).
    env["TF_CLI_CONFIG_FILE"] = str(write_config())
    settings.PLUGIN_CACHE_DIR.mkdir(parents=True, exist_ok=True)
    env.setdefault("TF_PLUGIN_CACHE_DIR", str(settings.PLUGIN_CACHE_DIR))
    env.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    env.setdefault("CHECKPOINT_DISABLE", "1")
    # Each AWS provider process builds its 1,500-resource schema, allocation-heavy work; halving
    # the Go garbage collector's frequency saves time on every terraform run for a little memory (docs/performance.md).
    env.setdefault("GOGC", "200")
    env["TF_IN_AUTOMATION"] = "1"
    if config is not None:
        env["NETWORK_ENV"] = config.environment
        if config.target == "emulator":
            # These would outrank the emulator profile's endpoint_url (deploy/target.py).
            for name in [n for n in env if n.startswith("AWS_ENDPOINT_URL")]:
                del env[name]
            env.pop("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", None)
    return env


def default_outdir(environ: dict[str, str] | None = None) -> Path:
    """Where synthesized stacks go: ``NETWORK_OUTDIR`` (tests use a temporary one) or ``cdktf.out``."""
    return settings.outdir(environ)


def stack_dir(config: NetworkConfig, outdir: Path | None = None) -> Path:
    return (outdir or default_outdir()) / "stacks" / config.stack_name


def run(args: list[str], *, cwd: Path, env: dict[str, str], capture: bool = True,
        ok_codes: tuple[int, ...] = (0,), config: NetworkConfig | None = None,
        echo: Callable[[str], None] | None = None, watch: StallWatch | None = None,
        timeout: float | None = None) -> subprocess.CompletedProcess:
    """Runs a command in its own process group. On the emulator target a watchdog checks the emulator
    every second and stops the command within seconds if it died, instead of letting the provider retry.
    ``echo`` receives each line of standard output as it comes (progress), which is also captured;
    ``watch`` reads them too, says what is waited on for long, and ends a stalled run (stall.py);
    past ``timeout`` seconds the command is stopped as a stalled one is and the run fails."""
    pipe = subprocess.PIPE if capture or echo or watch else None
    process = subprocess.Popen(args, cwd=cwd, env=env, text=True, stdin=subprocess.DEVNULL, stdout=pipe,
                               stderr=pipe, start_new_session=True)
    # Only an emulator that was there when the command started can "stop responding" during it.
    watched = config is not None and config.target == "emulator" and emulator.alive(config.emulator_port)
    out: list[str] = []
    err: list[str] = []
    pumps = [threading.Thread(target=_pump, args=(stream, sink, show, seen), daemon=True)
             for stream, sink, show, seen in ((process.stdout, out, echo, watch and watch.line),
                                              (process.stderr, err, None, None)) if stream]
    for pump in pumps:
        pump.start()
    try:
        _wait(process, watched, config, args, watch, None if timeout is None else time.monotonic() + timeout)
    except KeyboardInterrupt as stop:
        # Ctrl-C or SIGTERM: Terraform's own graceful stop, which finishes what is in flight, records it
        # and releases the state lock. Only a second Ctrl-C stops it at once, as in Terraform itself.
        signum = getattr(stop, "signum", signal.SIGINT)
        _interrupt_gracefully(process, watched, config, args)
        for pump in pumps:
            pump.join()
        raise Interrupted(signum, " ".join(args[:2])) from None
    except BaseException:
        _stop_group(process)  # a failure here must not leave terraform running alone
        raise
    for pump in pumps:
        pump.join()
    result = subprocess.CompletedProcess(args, process.returncode, "".join(out), "".join(err))
    if result.returncode not in ok_codes:
        if watched and not emulator.alive(config.emulator_port):
            raise emulator_gone(config, ' '.join(args[:2]))
        detail = (result.stderr or result.stdout or "")[-4000:] if pipe else ""
        how = f"was killed by signal {-result.returncode}" if result.returncode < 0 else \
            f"exited {result.returncode}"
        raise CommandError(f"`{' '.join(args)}` in {cwd} {how}\n{detail}")
    return result


def _wait(process: subprocess.Popen, watched: bool, config: NetworkConfig | None, args: list[str],
          watch: StallWatch | None = None, deadline: float | None = None) -> None:
    next_check = time.monotonic() + 1.0
    while process.poll() is None:
        if deadline is not None and time.monotonic() > deadline:
            raise _stalled(process, " ".join(args[:2]), "it did not finish within its time limit", config)
        time.sleep(0.05)  # a /proc read per look: cheap, and a dead emulator is noticed at once
        if watched and not emulator.alive(config.emulator_port):
            _stop_group(process)
            raise emulator_gone(config, " ".join(args[:2])) from None
        if watch is not None and time.monotonic() >= next_check:
            next_check = time.monotonic() + 1.0
            why = watch.check()
            if why:
                raise _stalled(process, " ".join(args[:2]), why, config)


def _stalled(process: subprocess.Popen, what: str, why: str, config: NetworkConfig | None) -> StalledError:
    """Stops a stalled run the way Ctrl-C does (Terraform's graceful stop records what it made and
    releases the state lock); a second SIGINT after a minute, then the group is killed."""
    print(f"      stopping `{what}`: {why}", file=sys.stderr, flush=True)
    for signum, grace in ((signal.SIGINT, 60), (signal.SIGINT, 15)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signum)
        try:
            process.wait(timeout=grace)
            break
        except subprocess.TimeoutExpired:
            continue
    clean = process.poll() is not None and grace == 60
    if process.poll() is None:
        _stop_group(process)
    log = f"; emulator log: {emulator.log_file(config.emulator_port)}" if config and config.target == "emulator" else ""
    stopped = ("Terraform was stopped cleanly: what it finished is in the state and the state lock is released"
               if clean else "Terraform did not stop cleanly and was killed: its state lock may still be held "
               "(bin/net unlock)")
    return StalledError(f"`{what}` stalled: {why}. {stopped}. Next: run the same command again (it converges); "
                        f"if it stalls again, bin/net emulator stop && bin/net up starts a new emulator{log}")


def _interrupt_gracefully(process: subprocess.Popen, watched: bool, config: NetworkConfig | None,
                          args: list[str]) -> None:
    """Passes one SIGINT to the command's process group (its own session: a terminal's Ctrl-C reaches
    only us), then waits for it to exit, passing on each further Ctrl-C."""
    if process.poll() is not None:
        return
    print(f"\ninterrupted: `{' '.join(args[:2])}` is stopping cleanly, finishing what is in flight and recording "
          "it in the state (Ctrl-C again stops it at once, which can leave resources outside the state)",
          file=sys.stderr, flush=True)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGINT)
    while True:
        try:
            _wait(process, watched, config, args)
            return
        except KeyboardInterrupt:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGINT)


def _pump(stream, sink: list[str], echo: Callable[[str], None] | None,
          seen: Callable[[str], None] | None = None) -> None:
    for line in stream:
        sink.append(line)
        if seen is not None:
            seen(line)
        if echo is not None:
            echo(line)


def _stop_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def emulator_gone(config: NetworkConfig, what: str) -> EmulatorError:
    return EmulatorError(
        f"the emulator at {config.emulator_url} stopped responding while `{what}` ran, so it "
        f"was stopped (emulator log: {emulator.log_file(config.emulator_port)}). The emulator keeps "
        "everything in memory: start over with bin/net emulator stop && bin/net up")


def terraform(config: NetworkConfig, *args: str, outdir: Path | None = None, capture: bool = True,
              ok_codes: tuple[int, ...] = (0,), echo: Callable[[str], None] | None = None,
              timeout: float | None = None) -> subprocess.CompletedProcess:
    watch = stall_watch(config, echo is not None) if args and args[0] in ("apply", "destroy") else None
    return run(["terraform", *args, "-no-color"], cwd=stack_dir(config, outdir), env=environment(config),
               capture=capture, ok_codes=ok_codes, config=config, echo=echo, watch=watch, timeout=timeout)


def stall_watch(config: NetworkConfig, to_stdout: bool) -> StallWatch:
    """The watch of an apply or destroy: notes where its progress goes; a stall limit on the emulator only."""
    def say(message: str) -> None:
        print(f"      {message}", file=sys.stdout if to_stdout else sys.stderr, flush=True)

    on_emulator = config.target == "emulator"
    return StallWatch(say, journal=emulator.journal_file(config.emulator_port) if on_emulator else None,
                      note_after=settings.wait_note_seconds(),
                      stall_after=settings.stall_seconds() if on_emulator else None)


def indented(line: str) -> None:
    if line.strip():
        print(f"      {line.rstrip()}", flush=True)


def progress_without_outputs() -> Callable[[str], None]:
    """Echoes an apply's progress and stops at its ``Outputs:`` block: the command prints the outputs
    once, itself, at the end."""
    state = {"outputs": False}

    def echo(line: str) -> None:
        state["outputs"] = state["outputs"] or line.startswith("Outputs:")
        if not state["outputs"]:
            indented(line)
    return echo


_PROGRESS = re.compile(r"(Plan: |No changes\.|Apply complete!|Destroy complete!|Interrupt received|Stopping operation"
                       r"|\S+: (Creating|Modifying|Destroying|Creation complete|Modifications complete"
                       r"|Destruction complete|Still ))")


def apply_progress(line: str) -> None:
    """An apply's verdict and each resource's progress, for the emulator: no plan body, no refresh lines."""
    if _PROGRESS.match(line):
        indented(line)


def changed(apply_output: str) -> bool:
    """Whether an apply added, changed or destroyed anything, from its closing line."""
    found = re.search(r"Resources: (\d+) added, (\d+) changed, (\d+) destroyed", apply_output) or \
        re.search(r"Resources: (\d+) destroyed", apply_output)
    return found is not None and any(int(count) for count in found.groups())


def synth(config: NetworkConfig) -> bool:
    """Synthesizes the environment's stack where our commands run Terraform (``stack_dir``); True when
    the synth cache found its inputs unchanged and kept the output."""
    try:
        core = settings.cdk_core()
    except ValueError as error:
        raise UsageError(str(error)) from None
    if core == "cdktn":
        return _synth_with_cdk_terrain(config)
    from deploy.app import synth_unless_unchanged

    return synth_unless_unchanged([config], default_outdir())


def _synth_with_cdk_terrain(config: NetworkConfig) -> bool:
    """CDK Terrain lives in its own locked environment (tools/cdktn/): the app runs there, as ``main.py``
    with this process's configuration."""
    if not settings.CDKTN_PYTHON.exists():
        raise UsageError(f"NETWORK_CDK_CORE=cdktn needs CDK Terrain's environment, {settings.CDKTN_PYTHON}, which "
                         "is missing — fix: run the command through bin/net, which sets it up from tools/cdktn/Pipfile.lock "
                         "when NETWORK_CDK_CORE=cdktn")
    env = {**os.environ, "NETWORK_ENV": config.environment, "CDKTF_OUTDIR": str(default_outdir())}
    done = subprocess.run([str(settings.CDKTN_PYTHON), "main.py"], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise CommandError(f"synth with CDK Terrain failed (exit {done.returncode}):\n{done.stderr.strip()[-3000:]}")
    return "inputs unchanged" in done.stdout


def init(config: NetworkConfig, *, backend: bool = True, outdir: Path | None = None) -> None:
    """``terraform init``, skipped when what it reads (the stack's ``terraform`` block: backend and
    providers; the lock file; the CLI config) is unchanged since the last init of this folder."""
    folder = stack_dir(config, outdir)
    marker = folder / ".terraform" / "network-init-inputs"
    inputs = _init_inputs(folder, backend)
    if marker.is_file() and marker.read_text() == inputs and (folder / ".terraform" / "providers").is_dir():
        return
    marker.unlink(missing_ok=True)
    terraform(config, "init", "-input=false", f"-backend={'true' if backend else 'false'}", "-reconfigure",
              outdir=outdir)
    marker.write_text(inputs)


def _init_inputs(folder: Path, backend: bool) -> str:
    document = json.loads((folder / "cdk.tf.json").read_text())
    parts = [json.dumps(document.get("terraform", {}), sort_keys=True), str(backend)]
    for path in (folder / ".terraform.lock.hcl", Path(write_config())):
        parts.append(path.read_text() if path.is_file() else "")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def forget_backend_cache(config: NetworkConfig, outdir: Path) -> None:
    """Drops terraform's local copy of the backend settings (not the state, which is remote), so a
    changed emulator port or a switch to real AWS re-initializes instead of asking to migrate."""
    (stack_dir(config, outdir) / ".terraform" / "terraform.tfstate").unlink(missing_ok=True)


def cdktf(config: NetworkConfig, *args: str, extra_env: dict[str, str] | None = None) -> None:
    """Runs the project's pinned cdktf CLI, streaming its progress to the terminal."""
    env = environment(config, extra_env)
    if not sys.stdout.isatty():
        # No colours and no live-redrawn progress (cursor movements) in a log or a pipe.
        env.update(FORCE_COLOR="0", CI=env.get("CI") or "1")
    outdir = default_outdir(env)
    if config.backend == "s3":
        forget_backend_cache(config, outdir)
    # The pinned local CLI directly: npx would only look it up, slowly.
    command = [str(CDKTF_BIN)] if CDKTF_BIN.exists() else ["npx", "--no-install", "cdktf"]
    run([*command, *args, "--output", str(outdir)], cwd=ROOT, env=env, capture=False, config=config)
