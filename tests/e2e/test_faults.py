"""Fault paths on the emulator, as a user meets them: nothing deployed yet, a terraform killed during an
apply (stale lock, orphans, recovery), a wrong state key, two commands at once, the emulator dying.
Each promise fails loudly here if it breaks: never a second VPC, never a silent success."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from deploy.loader import load_config
from deploy.settings import ROOT
from ops.aws_clients import client
from ops.emulator import process as emulator
from ops.state import locks
from ops.terraform import run as terraform_run

pytestmark = [pytest.mark.emulator, pytest.mark.faults]


class Target:
    def __init__(self, env: dict[str, str]):
        self.env = env
        self.config = load_config(environ=env)
        self.stack = terraform_run.stack_dir(self.config, Path(env["NETWORK_OUTDIR"]))

    def cli(self, *args: str, **variables: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "ops", *args], cwd=ROOT, text=True, capture_output=True,
                              env={**self.env, **variables}, stdin=subprocess.DEVNULL)

    def start(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "ops", *args], cwd=ROOT, text=True, env=self.env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)

    def vpcs(self) -> list[str]:
        tags = [{"Name": f"tag:{k}", "Values": [v]} for k, v in self.config.all_tags.items()]
        return [v["VpcId"] for v in client(self.config, "ec2").describe_vpcs(Filters=tags)["Vpcs"]]

    def terraform_pids(self) -> list[int]:
        return locks.terraform_pids(self.stack)


def wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


@pytest.fixture(scope="module")
def target(tmp_path_factory):
    port = emulator.free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NETWORK_")}
    env.update(NETWORK_EMULATOR_PORT=str(port), NETWORK_STATE_BUCKET="faults-network-tfstate",
               NETWORK_OUTDIR=str(tmp_path_factory.mktemp("faults-out")))
    target = Target(env)
    emulator.start(target.config.emulator_host, port)
    yield target
    emulator.stop(port)


def test_outputs_and_verify_say_nothing_was_synthesized(target):
    for command in ("outputs", "verify"):
        result = target.cli(command)
        assert result.returncode == 1, result.stderr
        assert "was never synthesized" in result.stderr and "bin/net up" in result.stderr
        assert "Traceback" not in result.stderr


def test_outputs_on_an_empty_state_say_nothing_is_deployed(target):
    assert target.cli("bootstrap").returncode == 0
    assert target.cli("review").returncode == 2  # synthesized and initialized, nothing applied
    result = target.cli("outputs")
    assert result.returncode == 1 and "holds no network: run bin/net up first" in result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr


def test_a_killed_apply_leaves_a_lock_and_orphans_that_are_reported_and_recovered(target):
    up = target.start("up")
    wait_for(lambda: target.vpcs() and target.terraform_pids(), 120, "the apply to create the VPC")
    for pid in target.terraform_pids():
        os.kill(pid, signal.SIGKILL)
    _, err = up.communicate(timeout=120)
    assert up.returncode != 0, "a killed apply must not exit 0"

    locked = target.cli("up")
    assert locked.returncode == 1 and "is locked by" in locked.stderr and "bin/net unlock" in locked.stderr
    not_destroyed = target.cli("down", "--keep-emulator")
    assert not_destroyed.returncode == 1 and "is locked by" in not_destroyed.stderr, not_destroyed.stderr
    assert len(target.vpcs()) == 1, "down destroyed a network whose state another run holds"
    fresh = target.cli("unlock", "--yes")  # seconds old: its run may still be going, on another machine too
    assert fresh.returncode == 1 and "younger than 60 minutes" in fresh.stderr, fresh.stderr
    assert target.cli("unlock", "--force").returncode == 2  # no terminal: it asks for --yes instead of guessing
    unlocked = target.cli("unlock", "--force", "--yes")
    assert unlocked.returncode == 0 and "unlocked" in unlocked.stdout, unlocked.stderr

    refused = target.cli("up")
    assert refused.returncode == 1, refused.stdout[-2000:]
    assert "are not in the state" in refused.stderr and "bin/net orphans --delete" in refused.stderr
    assert len(target.vpcs()) == 1, "a second VPC was built"

    deleted = target.cli("orphans", "--delete")
    assert deleted.returncode == 0, deleted.stderr
    recovered = target.cli("up")
    assert recovered.returncode == 0, recovered.stdout[-3000:] + recovered.stderr[-3000:]
    assert len(target.vpcs()) == 1 and target.cli("orphans").returncode == 0


def test_a_wrong_state_key_is_refused_instead_of_building_a_second_network(target):
    result = target.cli("up", NETWORK_STATE_KEY="elsewhere/{environment}/terraform.tfstate")
    assert result.returncode == 1
    assert "deploying now would build a second network" in result.stderr and "Vpc vpc-" in result.stderr
    assert len(target.vpcs()) == 1


def test_a_lost_state_object_is_restored_from_the_bucket_history(target):
    s3 = client(target.config, "s3")
    s3.delete_object(Bucket=target.config.state_bucket, Key=target.config.rendered_state_key)
    refused = target.cli("up")
    assert refused.returncode == 1 and "are not in the state" in refused.stderr
    listed = target.cli("state", "list")
    assert listed.returncode == 0 and "deleted  (current)" in listed.stdout
    previous = next(line.split()[0] for line in listed.stdout.splitlines() if "resources" in line)
    restored = target.cli("state", "restore", previous, "--yes")
    assert restored.returncode == 0, restored.stderr
    review = target.cli("review")
    assert review.returncode == 0 and "**No changes.**" in review.stdout, review.stdout[-2000:]
    assert target.cli("orphans").returncode == 0


def test_two_commands_at_once_the_second_fails_and_the_first_reports_its_own_result(target):
    demo = target.start("demo", "on")
    lock = target.stack.parent / f".{target.config.stack_name}.lock"
    wait_for(lambda: lock.is_file() and "bin/net demo" in lock.read_text(), 60, "demo on to take the stack")
    second = target.cli("up")
    assert second.returncode == 1 and "another command is working on network-default (bin/net demo" in second.stderr
    out, err = demo.communicate(timeout=300)
    assert demo.returncode == 0, out[-3000:] + err[-3000:]
    assert "ok   §5.1 demo ALB exists" in out and ", 0 failed" in out


def test_plain_cdktf_after_bin_net_env_deploys_the_same_network_with_an_empty_plan(target):
    """The third way users run this: `eval "$(bin/net env)"` then plain `npx cdktf deploy`, here on a
    random emulator port, from scratch (no converging re-apply anywhere)."""
    outdir = target.env["NETWORK_OUTDIR"]
    assert target.cli("bootstrap").returncode == 0
    script = (f'eval "$(bin/net env)" && npx cdktf destroy network-default --auto-approve --output {outdir} '
              f'&& npx cdktf deploy network-default --auto-approve --output {outdir}')
    result = subprocess.run(["bash", "-c", script], cwd=ROOT, text=True, capture_output=True,
                            env={**target.env, "NETWORK_DEMO_ALB": "false"}, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    plan = terraform_run.terraform(target.config, "plan", "-detailed-exitcode", "-input=false",
                                   outdir=Path(outdir), ok_codes=(0, 2))
    assert plan.returncode == 0, plan.stdout[-3000:]
    verified = target.cli("verify")
    assert verified.returncode == 0 and ", 0 failed" in verified.stdout, verified.stdout[-2000:]


def test_the_emulator_dying_mid_apply_stops_the_command_within_seconds(target):
    down = target.start("demo", "on")
    wait_for(lambda: target.terraform_pids(), 120, "terraform to start")
    time.sleep(1)
    emulator.stop(target.config.emulator_port)
    stopped = time.monotonic()
    _, err = down.communicate(timeout=120)
    assert time.monotonic() - stopped < 20
    assert down.returncode == 1
    assert f"the emulator at {target.config.emulator_url} stopped responding" in err
    assert "bin/net emulator stop && bin/net up" in err and "Traceback" not in err
