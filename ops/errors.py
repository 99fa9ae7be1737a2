"""One error type per failure class, and the exit codes, named once.

Every command exits with one of ``EXIT_CODES``; ``bin/net help`` prints them, and each command's help the
ones it can exit with (``ops/commands`` declares them per command, review's in ``REVIEW_EXIT_CODES``).
"""
from __future__ import annotations

OK = 0
FAILED = 1
USAGE = 2
CHANGES = 2  # review only, as terraform plan -detailed-exitcode: the plan has changes
NOT_RUNNING = 3
INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C; SIGTERM gives 143

EXIT_CODES = {
    OK: "success: what the command promised now exists (or, for checks, holds); review: no changes",
    FAILED: "a command, an AWS call or a check failed; the message says which and what to do; review: also "
            "bad configuration and security scan findings",
    USAGE: "invalid configuration or usage; nothing was written, started or deployed; review: the plan has "
           "changes",
    NOT_RUNNING: "`emulator status` only: the emulator is not running",
    INTERRUPTED: "interrupted by Ctrl-C (SIGINT; 143 for SIGTERM): a running Terraform was stopped cleanly, "
                 "recording what it made; the message says what is left and what to run next",
}
#: review and plan answer a CI gate, as ``terraform plan -detailed-exitcode`` does: 2 can only mean changes.
REVIEW_EXIT_CODES = {
    OK: "no changes: the live network matches the configuration",
    CHANGES: "the plan has changes (0 with --changes-ok)",
    FAILED: "anything wrong: a failed command or check, bad configuration or usage, security scan findings",
    INTERRUPTED: EXIT_CODES[INTERRUPTED],
}


class Interrupted(KeyboardInterrupt):
    """SIGINT (Ctrl-C) or SIGTERM reached the command. ``during`` names the Terraform command that was
    running and stopped cleanly, if one was; the command exits 128 + the signal's number."""

    def __init__(self, signum: int = 2, during: str = ""):
        super().__init__(signum, during)
        self.signum, self.during = signum, during


class NetError(Exception):
    """A failure the CLI reports as one line on stderr (no traceback) with its exit code."""

    exit_code = FAILED


class UsageError(NetError):
    exit_code = USAGE


class CommandError(NetError):
    """terraform or the cdktf CLI exited with an unexpected code."""


class EmulatorError(NetError):
    """The local AWS emulator could not be started, or is not there when it is needed."""


class AwsError(NetError):
    """An AWS API call (emulator or real AWS) failed."""


class StalledError(NetError):
    """A Terraform run on the emulator stopped moving (no resource finished for minutes, or repeated 5xx)."""


class NotDeployedError(NetError):
    """Nothing is deployed (or synthesized) for the command to read."""


class StackBusyError(NetError):
    """Another command of ours, or another Terraform run, holds the stack."""


class OrphansError(NetError):
    """Tagged resources of this environment that its state does not hold."""
