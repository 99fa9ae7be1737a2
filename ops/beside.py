"""Checks that run beside the synth in a child process, so the two do not share one interpreter lock.

``up`` synthesizes (Python and jsii's Node process taking turns) while the state bucket, lock and
orphan checks make their boto3 clients and parse AWS's answers. On a thread those checks took the
interpreter lock from the synth and delayed the apply (docs/performance.md, "The checks beside the synth
run in a child process"). Where ``fork`` is missing, a thread.
"""
from __future__ import annotations

import multiprocessing
import os
import pickle
import queue
import signal
import threading
from collections.abc import Callable, Iterator

from .errors import NetError


class Beside:
    """Runs ``steps(*args)``, a generator, and hands its values back in order with ``next_value()``;
    an exception it raises is raised by ``next_value()`` (as itself where it can be pickled)."""

    def __init__(self, steps: Callable[..., Iterator], *args) -> None:
        self._process = None
        if "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            self._receive, send = context.Pipe(duplex=False)
            self._process = context.Process(target=_child, args=(steps, args, send), daemon=True)
            self._process.start()
            send.close()
        else:
            values: queue.Queue = queue.Queue()
            self._receive = _QueueEnd(values)
            threading.Thread(target=_run, args=(steps, args, values.put), daemon=True).start()

    def next_value(self):
        try:
            ok, value = self._receive.recv()
        except EOFError:
            raise NetError("the checks beside the synth stopped without an answer") from None
        if not ok:
            raise value
        return value

    def close(self) -> None:
        """Stops the child if it still runs (the command failed before reading every value)."""
        if self._process is not None:
            if self._process.is_alive():
                self._process.terminate()
            self._process.join()
            self._receive.close()


class _QueueEnd:
    def __init__(self, values: queue.Queue) -> None:
        self._values = values

    def recv(self):
        return self._values.get()


def _run(steps: Callable[..., Iterator], args: tuple, put: Callable[[tuple], None]) -> None:
    try:
        for value in steps(*args):
            put((True, value))
    except BaseException as error:  # noqa: B036  handed to the parent, which raises it
        put((False, _picklable(error)))


def _child(steps: Callable[..., Iterator], args: tuple, send) -> None:
    # A terminal's Ctrl-C reaches the whole process group; the parent decides, and stops this child.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        _run(steps, args, send.send)
        send.close()
    finally:
        # The parent's exit handlers and objects are not the child's to run or free.
        os._exit(0)


def _picklable(error: BaseException) -> BaseException:
    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:
        return NetError(f"{type(error).__name__}: {error}")
