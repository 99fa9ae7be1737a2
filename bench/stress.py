"""Stress run of the emulator: `pipenv run python bench/stress.py [--cycles 30] [--loaders 2]`.

One measured loop deploys and destroys the default network `--cycles` times on its own emulator, while
`--loaders` more loops do the same on emulators of their own to load the machine. A cycle fails if the
apply, the no-change plan after it, or the destroy fails. Prints each loop's cycles and failures, with
the first lines of every failure; ``--debug-logs DIR`` keeps Terraform's debug log of each failed run.
Before the emulator serialized requests, about 1 in 40 cycles failed (InvalidSubnet.Conflict on create,
InvalidPermission.NotFound on destroy). On 2026-11-27 with serialized requests: one run 1 failure in 90
cycles (a security group rule create, in a loading loop, error text not kept), the next 0 in 91, and
with --loaders 3 --debug-logs 0 in 103.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deploy.loader import load_config  # noqa: E402
from deploy.settings import ROOT  # noqa: E402
from ops.emulator import process as emulator
from ops.errors import NetError  # noqa: E402
from ops.state.bucket import bootstrap  # noqa: E402
from ops.terraform import run as terraform_run


class Loop:
    def __init__(self, name: str, workdir: Path, debug_logs: Path | None = None):
        self.name, self.cycles, self.failures, self.stop = name, 0, [], threading.Event()
        self.debug_logs = debug_logs
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("NETWORK_")}
        self.env.update(NETWORK_EMULATOR_PORT=str(emulator.free_port()), NETWORK_STATE_BUCKET=f"stress-{name}",
                        NETWORK_OUTDIR=str(workdir / name))
        self.config = load_config(environ=self.env)

    def terraform(self, *args: str, ok=(0,)):
        outdir = Path(self.env["NETWORK_OUTDIR"])
        if not self.debug_logs:
            return terraform_run.terraform(self.config, *args, outdir=outdir, ok_codes=ok)
        # The provider's debug log shows every API call and retry, which the error text alone does not.
        log = self.debug_logs / f"{self.name}-cycle{self.cycles}-{args[0]}.log"
        env = terraform_run.environment(self.config, {"TF_LOG": "DEBUG", "TF_LOG_PATH": str(log)})
        result = terraform_run.run(["terraform", *args, "-no-color"], cwd=terraform_run.stack_dir(self.config, outdir),
                                   env=env, ok_codes=ok, config=self.config)
        log.unlink(missing_ok=True)  # kept only when the run failed (run raised)
        return result

    def prepare(self) -> None:
        emulator.start(self.config.emulator_host, self.config.emulator_port)
        bootstrap(self.config)
        subprocess.run([sys.executable, "main.py"], cwd=ROOT, check=True, capture_output=True,
                       env={**self.env, "CDKTF_OUTDIR": self.env["NETWORK_OUTDIR"]})
        self.terraform("init", "-input=false")

    def run(self, cycles: int | None) -> None:
        while not self.stop.is_set() and (cycles is None or self.cycles < cycles):
            self.cycles += 1
            try:
                self.terraform("apply", "-auto-approve", "-input=false")
                plan = self.terraform("plan", "-detailed-exitcode", "-input=false", ok=(0, 2))
                if plan.returncode == 2:
                    self.failures.append(f"cycle {self.cycles}: changes planned right after the apply")
                self.terraform("destroy", "-auto-approve", "-input=false")
            except NetError as error:
                # The resource and the API's own words (code, request id) are what a diagnosis needs.
                lines = [line.strip() for line in str(error).splitlines()]
                wanted = [line for line in lines if line.startswith(("Error:", "with ")) or "api error" in line
                          or "StatusCode" in line or "RequestID" in line]
                self.failures.append(f"cycle {self.cycles}: " + " | ".join(wanted or lines[:6]))
                self.terraform("destroy", "-auto-approve", "-input=false", ok=(0, 1))

    def finish(self) -> None:
        emulator.stop(self.config.emulator_port)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=30)
    parser.add_argument("--loaders", type=int, default=2)
    parser.add_argument("--debug-logs", type=Path, metavar="DIR",
                        help="keep Terraform's debug log of every failed run in DIR")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="network-stress-") as scratch:
        if args.debug_logs:
            args.debug_logs.mkdir(parents=True, exist_ok=True)
        measured = Loop("measured", Path(scratch), args.debug_logs)
        loaders = [Loop(f"load{i}", Path(scratch), args.debug_logs) for i in range(args.loaders)]
        for loop in [measured, *loaders]:
            loop.prepare()
        started = time.monotonic()
        threads = [threading.Thread(target=loop.run, args=(None,)) for loop in loaders]
        for thread in threads:
            thread.start()
        try:
            measured.run(args.cycles)
        finally:
            for loop in loaders:
                loop.stop.set()
            for thread in threads:
                thread.join()
            for loop in [measured, *loaders]:
                loop.finish()
        minutes = (time.monotonic() - started) / 60
        print(f"{args.cycles} measured deploy/destroy cycles with {args.loaders} loading loops, {minutes:.1f} min, "
              f"{os.cpu_count()} cores")
        for loop in [measured, *loaders]:
            print(f"  {loop.name:<9} {loop.cycles:>3} cycles  {len(loop.failures):>2} failures")
            for failure in loop.failures:
                print(f"    {failure}")


if __name__ == "__main__":
    main()
