"""``python -m ops <command>``: the same as ``bin/net <command>`` without the install step."""
import atexit
import contextlib
import io
import os
import signal
import sys

from deploy import accelerator

from .cli import main
from .errors import Interrupted

# The fast provider loading, started by the first synth this command makes (none, for most commands).
accelerator.request()


def _terminated(signum, _frame):
    # SIGTERM stops a command as Ctrl-C does: Terraform's graceful stop, then a clean exit (143).
    raise Interrupted(signum)


signal.signal(signal.SIGTERM, _terminated)
try:
    code = main()
    sys.stdout.flush()
except BrokenPipeError:
    # The reader went away (`bin/net outputs | head`): not an error of ours, and no traceback.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    code = 0
# A normal interpreter exit frees every object one by one (docs/performance.md, "No interpreter teardown
# at exit"), mostly botocore's service models. The exit handlers still run (jsii stops its Node kernel),
# the streams are flushed, and the operating system reclaims the rest at once. Errors above still exit
# the usual way. After Ctrl-C a terminal's SIGINT may have stopped jsii's kernel too; its exit handler
# then fails on the closed pipe, which is no news to the user.
with contextlib.redirect_stderr(io.StringIO()) if code > 128 else contextlib.nullcontext():
    atexit._run_exitfuncs()
sys.stderr.flush()
os._exit(code)
