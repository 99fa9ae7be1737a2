"""Stress run of the emulator: `pipenv run python bench/stress.py [--cycles 30] [--loaders 2] [--loaded]`.

One measured loop deploys, plans and destroys the default network `--cycles` times on its own emulator,
while `--loaders` more loops do the same on emulators of their own, and `--loaded` keeps one busy process
on every core besides (a developer's or CI's machine doing other work). Every Terraform run keeps its debug
log while it runs, and each cycle is checked for what went wrong under load before:
- a failure: the apply, the no-change plan after it, or the destroy fails (a stall ends a run in minutes:
  ops/terraform/stall.py);
- a resend: the SDK's "retrying request" in the debug log (the emulator answers no 5xx and no throttle, so
  any resend follows a lost response);
- a duplicate: a resource tagged with the environment that the state does not hold, after the apply.
Prints each loop's cycles, failures, resends, duplicates and slowest cycle; ``--debug-logs DIR`` keeps the
debug log of every run that failed or resent. Figures and history: docs/emulator.md.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deploy.loader import load_config  # noqa: E402
from deploy.settings import ROOT  # noqa: E402
from ops.emulator import process as emulator  # noqa: E402
from ops.errors import NetError  # noqa: E402
from ops.live import orphans  # noqa: E402
from ops.state.bucket import bootstrap  # noqa: E402
from ops.terraform import run as terraform_run  # noqa: E402

_RESEND = re.compile(r"retrying request (\S+), attempt (\d+)")
#: A busy process ends by itself when the run that started it is gone, or after this long.
BUSY_LIMIT_SECONDS = 6 * 3600


class Loop:
    def __init__(self, name: str, workdir: Path, debug_logs: Path | None = None):
        self.name, self.cycles, self.failures, self.stop = name, 0, [], threading.Event()
        self.resends: list[str] = []
        self.duplicates: list[str] = []
        self.slowest = 0.0
        self.debug_logs, self.workdir = debug_logs, workdir
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("NETWORK_")}
        self.env.update(NETWORK_EMULATOR_PORT=str(emulator.free_port()), NETWORK_STATE_BUCKET=f"stress-{name}",
                        NETWORK_OUTDIR=str(workdir / name))
        self.config = load_config(environ=self.env)

    def terraform(self, *args: str, ok=(0,)):
        """One run with Terraform's debug log: its resends are counted, the log kept if it failed or resent."""
        log = self.workdir / f"{self.name}-cycle{self.cycles}-{args[0]}.log"
        env = terraform_run.environment(self.config, {"TF_LOG": "DEBUG", "TF_LOG_PATH": str(log)})
        watch = terraform_run.stall_watch(self.config, False) if args[0] in ("apply", "destroy") else None
        failed = True
        try:
            result = terraform_run.run(["terraform", *args, "-no-color"], cwd=terraform_run.stack_dir(
                self.config, Path(self.env["NETWORK_OUTDIR"])), env=env, ok_codes=ok, config=self.config, watch=watch)
            failed = False
            return result
        finally:
            resent = _RESEND.findall(log.read_text(errors="replace")) if log.is_file() else []
            self.resends += [f"cycle {self.cycles} {args[0]}: {operation} attempt {attempt}"
                             for operation, attempt in resent]
            if self.debug_logs and (failed or resent):
                log.replace(self.debug_logs / log.name)
            log.unlink(missing_ok=True)

    def prepare(self) -> None:
        emulator.start(self.config.emulator_host, self.config.emulator_port)
        bootstrap(self.config)
        subprocess.run([sys.executable, "main.py"], cwd=ROOT, check=True, capture_output=True, timeout=600,
                       env={**self.env, "CDKTF_OUTDIR": self.env["NETWORK_OUTDIR"]})
        self.terraform("init", "-input=false")

    def run(self, cycles: int | None) -> None:
        while not self.stop.is_set() and (cycles is None or self.cycles < cycles):
            self.cycles += 1
            started = time.monotonic()
            try:
                self.terraform("apply", "-auto-approve", "-input=false")
                doubled = orphans.find(self.config)
                self.duplicates += [f"cycle {self.cycles}: {item}" for item in doubled]
                plan = self.terraform("plan", "-detailed-exitcode", "-input=false", ok=(0, 2))
                if plan.returncode == 2:
                    self.failures.append(f"cycle {self.cycles}: changes planned right after the apply")
                self.terraform("destroy", "-auto-approve", "-input=false")
            except NetError as error:
                # The resource and the API's own words (code, request id) are what a diagnosis needs.
                lines = [line.strip() for line in str(error).splitlines()]
                wanted = [line for line in lines if line.startswith(("Error:", "with ")) or "api error" in line
                          or "StatusCode" in line or "RequestID" in line or "stalled" in line]
                self.failures.append(f"cycle {self.cycles}: " + " | ".join(wanted or lines[:6]))
                try:
                    self.terraform("destroy", "-auto-approve", "-input=false", ok=(0, 1))
                except NetError as again:
                    self.failures.append(f"cycle {self.cycles}: the clean-up destroy failed too: {str(again)[:200]}")
            self.slowest = max(self.slowest, time.monotonic() - started)

    def finish(self) -> None:
        emulator.stop(self.config.emulator_port)


def busy_processes() -> list[subprocess.Popen]:
    """One spinning process per core; each stops when its parent is gone or after BUSY_LIMIT_SECONDS."""
    code = (f"import os, time\nparent, end = os.getppid(), time.monotonic() + {BUSY_LIMIT_SECONDS}\n"
            "while os.getppid() == parent and time.monotonic() < end:\n    sum(range(100000))\n")
    return [subprocess.Popen([sys.executable, "-c", code]) for _ in range(os.cpu_count() or 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=30)
    parser.add_argument("--loaders", type=int, default=2)
    parser.add_argument("--loaded", action="store_true", help="also keep one busy process on every core")
    parser.add_argument("--debug-logs", type=Path, metavar="DIR",
                        help="keep Terraform's debug log of every run that failed or resent a request in DIR")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="network-stress-") as scratch:
        if args.debug_logs:
            args.debug_logs.mkdir(parents=True, exist_ok=True)
        measured = Loop("measured", Path(scratch), args.debug_logs)
        loaders = [Loop(f"load{i}", Path(scratch), args.debug_logs) for i in range(args.loaders)]
        busy = busy_processes() if args.loaded else []
        started = time.monotonic()
        threads = []
        try:
            for loop in [measured, *loaders]:
                loop.prepare()
            threads = [threading.Thread(target=loop.run, args=(None,)) for loop in loaders]
            for thread in threads:
                thread.start()
            measured.run(args.cycles)
        finally:
            for loop in loaders:
                loop.stop.set()
            for thread in threads:
                thread.join()
            for process in busy:
                process.kill()
            for loop in [measured, *loaders]:
                loop.finish()
        minutes = (time.monotonic() - started) / 60
        print(f"{args.cycles} measured deploy/plan/destroy cycles with {args.loaders} loading loops"
              f"{f' and {len(busy)} busy processes' if busy else ''}, {minutes:.1f} min, {os.cpu_count()} cores")
        for loop in [measured, *loaders]:
            print(f"  {loop.name:<9} {loop.cycles:>3} cycles  {len(loop.failures):>2} failures  "
                  f"{len(loop.resends):>2} resends  {len(loop.duplicates):>2} duplicates  "
                  f"slowest cycle {loop.slowest:.0f} s")
            for problem in loop.failures + loop.resends + loop.duplicates:
                print(f"    {problem}")


if __name__ == "__main__":
    main()
