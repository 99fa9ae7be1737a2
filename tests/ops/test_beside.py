"""The checks ``up`` runs beside the synth: values in order, errors raised as themselves, from a
forked child and from the thread used where fork is missing."""
from __future__ import annotations

import multiprocessing
import os
import threading
import time

import pytest
from botocore.exceptions import ClientError

from ops import beside
from ops.beside import Beside
from ops.errors import NetError, StackBusyError


def two_values_then(error: BaseException | None):
    yield os.getpid()
    yield {"state": {"outputs": {"vpc_id": "vpc-1"}}}
    if error is not None:
        raise error


class Unpicklable(Exception):
    def __init__(self, handle):
        super().__init__("held a lock")
        self.handle = handle


@pytest.fixture(params=["fork", "thread"])
def mode(request, monkeypatch):
    if request.param == "thread":
        monkeypatch.setattr(beside.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    return request.param


def test_values_come_back_in_order_from_a_child_process(mode):
    checks = Beside(two_values_then, None)
    try:
        pid = checks.next_value()
        assert (pid != os.getpid()) == (mode == "fork")
        assert checks.next_value() == {"state": {"outputs": {"vpc_id": "vpc-1"}}}
    finally:
        checks.close()


@pytest.mark.parametrize("error", [
    StackBusyError("the state of network-default is locked by someone"),
    ClientError({"Error": {"Code": "AccessDenied", "Message": "no"}}, "HeadBucket"),
])
def test_an_error_in_the_checks_is_raised_as_itself(mode, error):
    checks = Beside(two_values_then, error)
    try:
        checks.next_value(), checks.next_value()
        with pytest.raises(type(error)) as raised:
            checks.next_value()
        assert str(raised.value) == str(error)
    finally:
        checks.close()


def test_an_error_that_cannot_cross_processes_still_says_what_it_was(mode):
    checks = Beside(two_values_then, Unpicklable(threading.Lock()))
    try:
        checks.next_value(), checks.next_value()
        with pytest.raises(NetError, match="Unpicklable: held a lock"):
            checks.next_value()
    finally:
        checks.close()


def slow():
    yield "first"
    time.sleep(60)
    yield "never read"


def test_close_stops_a_child_whose_values_nobody_reads():
    checks = Beside(slow)
    assert checks.next_value() == "first"
    started = time.monotonic()
    checks.close()
    assert time.monotonic() - started < 5
    assert not multiprocessing.active_children()
