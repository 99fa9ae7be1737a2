"""Nothing changes AWS behind a running apply: our out-of-band commands take Terraform's own state lock,
refuse while another holder has it, and Ctrl-C stops Terraform the graceful way. Each test runs both
sides for real on an emulator of its own: a plain `terraform apply` of the synthesized stack (a
colleague's `cdktf deploy`, a CI runner) beside `bin/net`."""
from __future__ import annotations

import os
import signal

import pytest

from ops.aws_clients import client
from ops.state import terraform_lock
from tests.e2e.conftest import Deployment, wait_for


class Target(Deployment):
    def prepare(self) -> None:
        """The bucket, and the stack synthesized and initialized (review plans, applying nothing)."""
        assert self.cli("bootstrap").returncode == 0
        assert self.cli("review", "--no-scan").returncode == 2

    def lock(self) -> dict | None:
        return terraform_lock.state_lock(self.config)


@pytest.fixture
def target(tmp_path):
    target = Target(tmp_path / "out", NETWORK_STATE_BUCKET="lock-network-tfstate")
    target.start_emulator()
    yield target
    target.stop()


def test_orphans_delete_during_a_plain_apply_is_refused_naming_the_lock_and_deletes_nothing(target):
    target.prepare()
    apply = target.plain_terraform("apply", "-auto-approve")
    wait_for(lambda: target.vpcs() and target.lock(), 120, "the apply to hold the lock and create the VPC")

    listed = target.cli("orphans")  # read-only: it runs, and says what it reads may be mid-change
    assert "is locked by" in listed.stderr and "may be mid-change" in listed.stderr, listed.stderr
    refused = target.cli("orphans", "--delete", "--yes")
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "not starting bin/net orphans --delete" in refused.stderr and "OperationTypeApply" in refused.stderr
    assert "Traceback" not in refused.stderr and "orphan:" not in refused.stdout

    _, err = apply.communicate(timeout=300)
    assert apply.returncode == 0, err[-3000:]
    assert len(target.vpcs()) == 1
    assert target.cli("orphans").returncode == 0, "the apply recorded everything it made"
    assert target.lock() is None


def test_an_apply_started_while_orphans_delete_holds_the_lock_fails_on_it_and_a_retry_converges(target):
    assert target.cli("up").returncode == 0
    s3 = client(target.config, "s3")
    s3.delete_object(Bucket=target.config.state_bucket, Key=target.config.rendered_state_key)  # all orphans now

    deleting = target.start("orphans", "--delete", "--yes")
    wait_for(lambda: (target.lock() or {}).get("Operation") == "bin/net orphans --delete", 60, "our lock")
    # Paused while it holds the lock, so the apply surely starts within the hold (it takes seconds to
    # reach the lock; the deletion can be quicker), then let go.
    os.kill(deleting.pid, signal.SIGSTOP)
    try:
        blocked = target.plain_terraform("apply", "-auto-approve")
        out, err = blocked.communicate(timeout=120)
    finally:
        os.kill(deleting.pid, signal.SIGCONT)
    assert blocked.returncode != 0, out[-2000:]
    assert "Error acquiring the state lock" in err and "bin/net orphans --delete" in err, err[-3000:]

    _, deleted_err = deleting.communicate(timeout=300)
    assert deleting.returncode == 0, deleted_err
    assert target.vpcs() == [] and target.lock() is None

    retry = target.plain_terraform("apply", "-auto-approve")
    _, err = retry.communicate(timeout=300)
    assert retry.returncode == 0, err[-3000:]
    assert len(target.vpcs()) == 1


def test_state_restore_during_an_apply_is_refused_before_reading_anything(target):
    target.prepare()
    apply = target.plain_terraform("apply", "-auto-approve")
    wait_for(target.lock, 120, "the apply's lock")
    # No version has been written yet: only the lock can be why it stops.
    refused = target.cli("state", "restore", "no-such-version", "--yes")
    assert refused.returncode == 1, refused.stderr
    assert "not starting bin/net state restore" in refused.stderr and "is locked by" in refused.stderr
    assert "is not a stored version" not in refused.stderr
    _, err = apply.communicate(timeout=300)
    assert apply.returncode == 0, err[-3000:]


def test_ctrl_c_during_up_lets_terraform_record_what_it_made_and_the_next_up_converges(target, monkeypatch):
    # The emulator holds the first CreateInternetGateway until its client gives up, so the apply is
    # certainly mid-way when the interrupt comes, however busy the machine (no race against its end).
    target.stop()
    monkeypatch.setenv("NETWORK_EMULATOR_FAULTS", "CreateInternetGateway=hold")
    target.start_emulator()
    monkeypatch.delenv("NETWORK_EMULATOR_FAULTS")
    up = target.start("up")  # its own group, as a terminal's foreground job
    up.wait_for_line("aws_internet_gateway.")
    wait_for(lambda: target.vpcs(), 60, "the VPC, made before the gateway")
    up.interrupt(signal.SIGINT)  # what Ctrl-C in a terminal sends
    out, err = up.communicate(timeout=300)
    assert up.returncode == 130, out[-3000:] + err[-3000:]
    assert "Traceback" not in err and "BrokenPipeError" not in err
    assert "interrupted (SIGINT): `terraform apply` stopped cleanly" in err and "lock is released" in err, err
    assert "Next: bin/net up" in err
    assert target.lock() is None

    again = target.cli("up")
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    assert "are not in the state" not in again.stderr
    assert len(target.vpcs()) == 1 and target.cli("orphans").returncode == 0


def test_a_create_aws_applied_as_ctrl_c_stopped_terraform_is_deleted_and_the_next_up_converges(target, monkeypatch):
    """At Ctrl-C the provider cancels its requests in flight; a create AWS applied whose answer never came
    back is in no state, an orphan the next `up` would refuse. The emulator applies the first
    CreateVpcEndpoint and keeps its answer until the client goes (`lose`), which makes that certain."""
    target.stop()
    monkeypatch.setenv("NETWORK_EMULATOR_FAULTS", "CreateVpcEndpoint=lose")
    target.start_emulator()
    monkeypatch.delenv("NETWORK_EMULATOR_FAULTS")
    up = target.start("up")
    up.wait_for_line("aws_vpc_endpoint.")
    ec2 = client(target.config, "ec2")
    wait_for(lambda: ec2.describe_vpc_endpoints()["VpcEndpoints"], 120, "the endpoint AWS made")
    up.interrupt(signal.SIGINT)
    out, err = up.communicate(timeout=300)
    assert up.returncode == 130, out[-3000:] + err[-3000:]
    assert "whose answer never reached Terraform, were deleted (VpcEndpoint vpce-" in err, err
    assert target.cli("orphans").returncode == 0, "nothing is left outside the state"

    again = target.cli("up")
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    assert len(target.vpcs()) == 1 and target.cli("orphans").returncode == 0


def test_unlock_refuses_a_live_runs_lock_unless_forced(target):
    target.prepare()
    apply = target.plain_terraform("apply", "-auto-approve")
    wait_for(target.lock, 120, "the apply's lock")

    refused = target.cli("unlock", "--yes")
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "not clearing the lock" in refused.stderr and "younger than 60 minutes" in refused.stderr
    assert "terraform (pid" in refused.stderr and "bin/net unlock --force" in refused.stderr
    assert "OperationTypeApply" in refused.stdout and " ago " in refused.stdout  # holder and age shown
    assert target.lock() is not None

    forced = target.cli("unlock", "--force", "--yes")
    assert forced.returncode == 0 and "unlocked" in forced.stdout, forced.stderr
    assert "warning: clearing a lock that may belong to a live run" in forced.stderr
    assert target.lock() is None
    apply.communicate(timeout=300)
