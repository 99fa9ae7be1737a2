"""End-to-end tests: real terraform and the real provider against the embedded AWS emulator. Everything
here carries the ``emulator`` marker, so ``bin/net test -m "not emulator"`` stays the fast loop.

One harness for every module: ``Deployment`` is an isolated deployment (no NETWORK_* of the caller's, an
emulator port, state bucket and synth folder of its own, so modules run side by side under pytest-xdist),
and every process it starts is bounded: past its time limit it is stopped (SIGTERM: bin/net stops
Terraform cleanly) and the test fails with the command's output.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from deploy.settings import ROOT

HERE = Path(__file__).parent
#: The longest any one command of a test may take on a loaded 2-core machine (a quiet `up` takes ~40 s).
COMMAND_SECONDS = 900


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(item.fspath).parents:
            item.add_marker(pytest.mark.emulator)


def isolated_env(outdir: Path, **variables: str) -> dict[str, str]:
    """This process's environment without any NETWORK_* of the caller's, on an emulator port of its own."""
    from ops.emulator import process as emulator

    env = {k: v for k, v in os.environ.items() if not k.startswith("NETWORK_")}
    env.update(NETWORK_EMULATOR_PORT=str(emulator.free_port()), NETWORK_OUTDIR=str(outdir), **variables)
    return env


class Running:
    """A started command: ``finish`` waits for it within a limit and fails the test past it."""

    def __init__(self, args: list[str], env: dict[str, str], cwd: Path = ROOT):
        self.args = args
        # Its own session: a terminal's Ctrl-C reaches a foreground job's whole group, as ``interrupt`` does.
        self.process = subprocess.Popen(args, cwd=cwd, env=env, text=True, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, start_new_session=True)
        self.pid = self.process.pid
        self.lines: list[str] = []

    @property
    def returncode(self) -> int | None:
        return self.process.returncode

    def communicate(self, timeout: float = COMMAND_SECONDS) -> tuple[str, str]:
        """(stdout, stderr) once it finished within ``timeout``; past it, the test fails with its output."""
        done = self.finish(timeout)
        return done.stdout, done.stderr

    def interrupt(self, signum: int = signal.SIGINT) -> None:
        os.killpg(self.process.pid, signum)

    def wait_for_line(self, text: str, seconds: float = COMMAND_SECONDS) -> str:
        """Reads standard output until a line holds ``text``: a state the command itself reports."""
        deadline = time.monotonic() + seconds
        for line in self.process.stdout:
            self.lines.append(line)
            if text in line:
                return line
            if time.monotonic() > deadline:
                break
        self._fail(f"never printed {text!r} within {seconds:.0f} s")

    def finish(self, seconds: float = COMMAND_SECONDS) -> subprocess.CompletedProcess:
        try:
            out, err = self.process.communicate(timeout=seconds)
        except subprocess.TimeoutExpired:
            self._stop()
            self._fail(f"did not finish within {seconds:.0f} s")
        return subprocess.CompletedProcess(self.args, self.process.returncode, "".join(self.lines) + out, err)

    def _stop(self) -> None:
        for signum, grace in ((signal.SIGTERM, 60), (signal.SIGKILL, 10)):
            try:
                os.killpg(self.process.pid, signum)
                self.process.wait(timeout=grace)
                return
            except (ProcessLookupError, subprocess.TimeoutExpired):
                continue

    def _fail(self, why: str) -> None:
        if self.process.poll() is None:
            self._stop()
        out, err = self.process.communicate()
        pytest.fail(f"`{' '.join(self.args)}` {why}; its output:\n{(''.join(self.lines) + out)[-4000:]}\n"
                    f"{err[-4000:]}", pytrace=False)


def run(args: list[str], env: dict[str, str], seconds: float = COMMAND_SECONDS, cwd: Path = ROOT
        ) -> subprocess.CompletedProcess:
    """A command as a user runs it, without a terminal, within ``seconds``."""
    return Running(args, env, cwd).finish(seconds)


def cli(env: dict[str, str], *args: str, seconds: float = COMMAND_SECONDS, **variables: str
        ) -> subprocess.CompletedProcess:
    """`bin/net <args>` as a user runs it, without a terminal, within ``seconds``."""
    return run([sys.executable, "-m", "ops", *args], {**env, **variables}, seconds)


def wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


class Deployment:
    """An isolated deployment of the network on an emulator of its own (``stop`` ends it)."""

    def __init__(self, outdir: Path, **variables: str):
        self.outdir = outdir
        self.env = isolated_env(outdir, **variables)

    @property
    def config(self):
        from deploy.loader import load_config

        return load_config(environ=self.env)

    @property
    def port(self) -> int:
        return int(self.env["NETWORK_EMULATOR_PORT"])

    @property
    def stack(self) -> Path:
        from ops.terraform import run as terraform_run

        return terraform_run.stack_dir(self.config, self.outdir)

    def cli(self, *args: str, seconds: float = COMMAND_SECONDS, **variables: str) -> subprocess.CompletedProcess:
        return cli(self.env, *args, seconds=seconds, **variables)

    def start(self, *args: str, **variables: str) -> Running:
        """`bin/net <args>` started, not waited for (``finish`` waits, bounded)."""
        return Running([sys.executable, "-m", "ops", *args], {**self.env, **variables})

    def start_emulator(self) -> None:
        from ops.emulator import process as emulator

        emulator.start(self.config.emulator_host, self.port)

    def stop(self) -> None:
        from ops.emulator import process as emulator

        emulator.stop(self.port)

    def synth(self, **overrides: str) -> None:
        result = run([sys.executable, "main.py"], {**self.env, "CDKTF_OUTDIR": str(self.outdir), **overrides}, 600)
        assert result.returncode == 0, result.stderr

    def terraform(self, *args: str, ok_codes=(0,)) -> subprocess.CompletedProcess:
        from ops.terraform import run as terraform_run

        return terraform_run.terraform(self.config, *args, outdir=self.outdir, ok_codes=ok_codes,
                                      timeout=COMMAND_SECONDS)

    def plain_terraform(self, *args: str) -> Running:
        """Plain terraform in the stack folder, as a user runs it next to us."""
        from ops.terraform import run as terraform_run

        return Running(["terraform", *args, "-no-color", "-input=false"], terraform_run.environment(self.config),
                       cwd=self.stack)

    def planned_changes(self) -> dict[str, list[str]]:
        self.terraform("plan", "-input=false", "-out=step.tfplan")
        plan = json.loads(self.terraform("show", "-json", "step.tfplan").stdout)
        return {change["address"]: change["change"]["actions"] for change in plan.get("resource_changes", [])
                if change["change"]["actions"] != ["no-op"]}

    def vpcs(self) -> list[str]:
        """This environment's VPCs on the emulator, by its tags."""
        from ops.aws_clients import client

        config = self.config
        tags = [{"Name": f"tag:{k}", "Values": [v]} for k, v in config.all_tags.items()]
        return [v["VpcId"] for v in client(config, "ec2").describe_vpcs(Filters=tags)["Vpcs"]]

    def terraform_pids(self) -> list[int]:
        from ops.state import local_lock

        return local_lock.terraform_pids(self.stack)


@pytest.fixture(scope="module")
def new_deployment(tmp_path_factory):
    """Makes isolated deployments for a module and stops their emulators after it."""
    made: list[Deployment] = []

    def make(name: str, **variables: str) -> Deployment:
        deployment = Deployment(tmp_path_factory.mktemp(name), NETWORK_STATE_BUCKET=f"{name}-network-tfstate",
                                **variables)
        made.append(deployment)
        return deployment
    yield make
    for deployment in made:
        deployment.stop()
