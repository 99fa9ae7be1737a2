"""``python -m ops <command>``: the same as ``bin/net <command>`` without the install step."""
import atexit
import os
import sys

from deploy import accelerator

accelerator.enable()  # before anything imports cdktf or constructs

from .cli import main  # noqa: E402

try:
    code = main()
    sys.stdout.flush()
except BrokenPipeError:
    # The reader went away (`bin/net outputs | head`): not an error of ours, and no traceback.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    code = 0
# A normal interpreter exit frees every object one by one (docs/performance.md, "No interpreter teardown at exit"), mostly
# botocore's service models. The exit handlers still run (jsii stops its Node kernel), the streams are
# flushed, and the operating system reclaims the rest at once. Errors above still exit the usual way.
atexit._run_exitfuncs()
sys.stderr.flush()
os._exit(code)
