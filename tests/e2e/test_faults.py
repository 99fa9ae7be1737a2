"""Fault paths on the emulator, as a user meets them: nothing deployed yet, a terraform killed during an
apply (stale lock, orphans, recovery), a wrong state key, two commands at once, the emulator dying.
Each promise fails loudly here if it breaks: never a second VPC, never a silent success."""
from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from ops.aws_clients import client
from ops.emulator import process as emulator
from ops.state import terraform_lock
from ops.terraform import run as terraform_run
from tests.e2e.conftest import run, wait_for

pytestmark = [pytest.mark.emulator, pytest.mark.faults]


@pytest.fixture(scope="module")
def target(new_deployment):
    target = new_deployment("faults")
    target.start_emulator()
    return target


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
    assert up.finish(120).returncode != 0, "a killed apply must not exit 0"

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
    done = demo.finish(300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "ok   §5.1 demo ALB exists" in done.stdout and ", 0 failed" in done.stdout


def test_plain_cdktf_after_bin_net_env_deploys_the_same_network_with_an_empty_plan(target):
    """The third way users run this: `eval "$(bin/net env)"` then plain `npx cdktf deploy`, here on a
    random emulator port, from scratch (no converging re-apply anywhere)."""
    outdir = target.env["NETWORK_OUTDIR"]
    assert target.cli("bootstrap").returncode == 0
    script = (f'eval "$(bin/net env)" && npx cdktf destroy network-default --auto-approve --output {outdir} '
              f'&& npx cdktf deploy network-default --auto-approve --output {outdir}')
    result = run(["bash", "-c", script], {**target.env, "NETWORK_DEMO_ALB": "false"})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    plan = terraform_run.terraform(target.config, "plan", "-detailed-exitcode", "-input=false",
                                   outdir=Path(outdir), ok_codes=(0, 2))
    assert plan.returncode == 0, plan.stdout[-3000:]
    verified = target.cli("verify")
    assert verified.returncode == 0 and ", 0 failed" in verified.stdout, verified.stdout[-2000:]


def test_the_emulator_dying_mid_apply_stops_the_command_within_seconds(target):
    demo = target.start("demo", "on")
    demo.wait_for_line(": Creating...")  # the apply has begun changing the network
    emulator.stop(target.config.emulator_port)
    stopped = time.monotonic()
    down = demo.finish(120)
    err = down.stderr
    assert time.monotonic() - stopped < 20
    assert down.returncode == 1
    assert f"the emulator at {target.config.emulator_url} stopped responding" in err
    assert "bin/net emulator stop && bin/net up" in err and "Traceback" not in err


def emulator_with(deployment, monkeypatch, faults: str) -> None:
    """The deployment's emulator, answering with the faults (read when it starts)."""
    monkeypatch.setenv("NETWORK_EMULATOR_FAULTS", faults)
    deployment.start_emulator()
    monkeypatch.delenv("NETWORK_EMULATOR_FAULTS")


def test_an_emulator_answering_5xx_ends_the_run_as_stalled_at_once(new_deployment, monkeypatch):
    """The SDK retries a 5xx for minutes; bin/net stops Terraform cleanly after five within a minute."""
    failing = new_deployment("failing")
    emulator_with(failing, monkeypatch, "CreateInternetGateway=503")
    up = failing.cli("up", seconds=300)
    assert up.returncode == 1, up.stdout[-3000:] + up.stderr[-3000:]
    error = up.stderr.strip().splitlines()[-1]
    assert error.startswith("error: `terraform apply` stalled: the emulator answered") and "with 5xx" in error
    assert "CreateInternetGateway → 503 InternalError" in error
    assert "the state lock is released" in error and "Next: run the same command again" in error
    assert "Traceback" not in up.stderr
    assert terraform_lock.state_lock(failing.config) is None


def test_a_resource_waited_on_is_named_and_a_run_without_progress_ends_as_stalled(new_deployment, monkeypatch):
    """The emulator holds the gateway's create: bin/net says what it waits on, then ends the run."""
    waiting = new_deployment("waiting")
    emulator_with(waiting, monkeypatch, "CreateInternetGateway=hold")
    up = waiting.cli("up", seconds=300, NETWORK_WAIT_NOTE_SECONDS="2", NETWORK_STALL_SECONDS="20")
    assert up.returncode == 1, up.stdout[-3000:] + up.stderr[-3000:]
    note = next(line for line in up.stdout.splitlines() if "still waiting to create aws_internet_gateway." in line)
    assert "the emulator answered no error during this run" in note or "error answers" in note
    error = up.stderr.strip().splitlines()[-1]
    assert "stalled: no resource finished for" in error and "waiting to create aws_internet_gateway." in error
    assert "the state lock is released" in error
    assert terraform_lock.state_lock(waiting.config) is None
    again = waiting.cli("up")  # the hold was for the first request only: the next run converges
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    assert len(waiting.vpcs()) == 1
