"""The stall watch (ops/terraform/stall.py) on a clock the test moves: what it says and when it stops a run."""
import time

import pytest

from ops.emulator.answers import Journal
from ops.terraform.stall import StallWatch


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


def watch(clock, said, journal=None, stall_after=300.0):
    """The journal stamps real time, so the watch's wall clock is real time moved as the test's clock moves."""
    started = time.time()
    return StallWatch(said.append, journal=journal, stall_after=stall_after, clock=clock,
                      wall=lambda: started + (clock.now - 1000.0))


def test_a_resource_waited_on_for_two_minutes_is_named_once_per_two_minutes(clock):
    said: list[str] = []
    w = watch(clock, said)
    w.line("aws_default_network_acl.nacl: Creating...\n")
    w.line("aws_vpc.vpc: Creating...\n")
    clock.now += 5
    w.line("aws_vpc.vpc: Creation complete after 5s [id=vpc-1]\n")
    clock.now += 100
    assert w.check() is None and said == []
    clock.now += 20
    assert w.check() is None
    assert said == ["still waiting to create aws_default_network_acl.nacl after 2m05s: AWS has not finished it "
                    "yet (on AWS some resources take minutes)"]
    clock.now += 60
    w.check()
    assert len(said) == 1
    clock.now += 60
    w.check()
    assert len(said) == 2 and "after 4m05s" in said[1]


def test_no_resource_finished_for_five_minutes_is_a_stall_naming_it_and_the_emulators_errors(clock, tmp_path):
    said: list[str] = []
    journal = tmp_path / "errors.jsonl"
    w = watch(clock, said, journal=journal)
    w.line("aws_default_network_acl.nacl: Creating...\n")
    clock.now += 30
    Journal(journal).record("ec2", "ReplaceNetworkAclAssociation", 400,
                            b"<Response><Errors><Error><Code>InvalidAssociationID.NotFound</Code></Error></Errors>")
    clock.now += 260
    assert w.check() is None
    clock.now += 11
    why = w.check()
    assert why.startswith("no resource finished for 5m01s; waiting to create aws_default_network_acl.nacl for 5m01s")
    assert "ReplaceNetworkAclAssociation → 400 InvalidAssociationID.NotFound" in why


def test_a_finished_resource_restarts_the_stall_clock(clock):
    w = watch(clock, [])
    w.line("aws_subnet.a: Creating...\n")
    w.line("aws_subnet.b: Creating...\n")
    clock.now += 250
    w.line("aws_subnet.a: Creation complete after 4m10s [id=subnet-1]\n")
    clock.now += 100
    assert w.check() is None


def test_repeated_5xx_from_the_emulator_is_a_stall_at_once(clock, tmp_path):
    journal = tmp_path / "errors.jsonl"
    w = watch(clock, [], journal=journal)
    w.line("aws_internet_gateway.igw: Creating...\n")
    for _ in range(4):
        Journal(journal).record("ec2", "CreateInternetGateway", 503, b"<Code>InternalError</Code>")
    assert w.check() is None
    Journal(journal).record("ec2", "CreateInternetGateway", 503, b"<Code>InternalError</Code>")
    why = w.check()
    assert why.startswith("the emulator answered 5 requests with 5xx within a minute")
    assert "CreateInternetGateway → 503 InternalError" in why


def test_on_real_aws_long_waits_are_progress_never_a_stall(clock):
    said: list[str] = []
    w = watch(clock, said, stall_after=None)
    w.line("aws_vpc_endpoint.sts: Creating...\n")
    clock.now += 3600
    assert w.check() is None
    assert said == ["still waiting to create aws_vpc_endpoint.sts after 60m00s: AWS has not finished it yet "
                    "(on AWS some resources take minutes)"]
