"""Benchmarks the project and prints median/min/max seconds per phase, plus synth's peak memory.

    pipenv run python bench/run.py [--repeats 5] [--deploy-repeats 3] [--with-tests]

Synth phases run with the synth cache off except the cache-hit row; the no-op deploy is timed both
ways. Emulator phases use their own emulator on a free port and their own state bucket. Benchmarks
print figures; no test times anything.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Run as a script: the repository root (this file's grandparent) must be importable first.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deploy.loader import load_config  # noqa: E402
from deploy.settings import ROOT  # noqa: E402
from ops.emulator import process as emulator
from ops.state.bucket import bootstrap  # noqa: E402
from ops.terraform import run as terraform_run


def measure(args: list[str], env: dict[str, str], cwd: Path = ROOT) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of the process tree, from wait4's rusage."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(args, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=output, stderr=output)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            output.seek(0)
            raise SystemExit(f"benchmark step failed: {' '.join(args)}\n{output.read().decode()[-5000:]}")
    return elapsed, usage.ru_maxrss / 1024


class Table:
    def __init__(self):
        self.rows: dict[str, list[float]] = {}

    def run(self, name: str, args: list[str], env: dict[str, str], repeats: int, cwd: Path = ROOT) -> list[float]:
        print(f"  {name} x{repeats} ...", file=sys.stderr, flush=True)
        results = [measure(args, env, cwd) for _ in range(repeats)]
        self.rows[name] = [seconds for seconds, _ in results]
        return [rss for _, rss in results]

    def median(self, name: str) -> float:
        return statistics.median(self.rows[name])

    def print(self) -> None:
        print(f"{'phase':<44} {'runs':>4} {'median s':>9} {'min s':>7} {'max s':>7}")
        for name, values in self.rows.items():
            print(f"{name:<44} {len(values):>4} {statistics.median(values):>9.2f} {min(values):>7.2f} "
                  f"{max(values):>7.2f}")


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    memory = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal"))) / 1024 / 1024
    return f"{os.cpu_count()} cores ({model}), {memory:.0f} GiB, Python {platform.python_version()}"



def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--deploy-repeats", type=int, default=3)
    parser.add_argument("--with-tests", action="store_true", help="also time the whole test suite once")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="network-bench-"))
    port = emulator.free_port()
    env = {**terraform_run.environment(), "NETWORK_EMULATOR_PORT": str(port),
           "NETWORK_STATE_BUCKET": "bench-network-tfstate", "NETWORK_OUTDIR": str(work / "out"),
           "CDKTF_OUTDIR": str(work / "out"), "NETWORK_ENV": "default"}
    env.pop("NETWORK_DEMO_ALB", None)
    python, table, n = sys.executable, Table(), options.repeats
    print(f"Benchmarking on {machine()}", file=sys.stderr)

    table.run("plain import of the provider package", [python, "-c", "import cdktf_cdktf_provider_aws"], env, n)
    cold = {**env, "NETWORK_SYNTH_CACHE": "off"}
    synth_rss = table.run("synth, default config (main.py)", [python, "main.py"], cold, n)
    table.run("synth, plain provider import", [python, "main.py"], {**cold, "NETWORK_PROVIDER_IMPORT": "plain"}, n)
    subprocess.run([python, "main.py"], cwd=ROOT, env=env, check=True, capture_output=True)
    table.run("synth, inputs unchanged (cache hit)", [python, "main.py"], env, n)
    table.run("synth, 1 stack in one app", [python, "bench/many_stacks.py", "1", str(work / "one")], env, n)
    table.run("synth, 20 stacks in one app", [python, "bench/many_stacks.py", "20", str(work / "twenty")], env, n)

    config = load_config(environ=env)
    stack = terraform_run.stack_dir(config, work / "out")
    subprocess.run([python, "main.py"], cwd=ROOT, env=env, check=True, capture_output=True)
    table.run("terraform validate", ["sh", "-c", "terraform init -backend=false -input=false >/dev/null && "
                                     "terraform validate -no-color"], env, n, cwd=stack)

    emulator.start(config.emulator_host, port)
    try:
        bootstrap(config)
        cdktf = ["npx", "--no-install", "cdktf"]
        deploy = [*cdktf, "deploy", config.stack_name, "--auto-approve", "--output", str(work / "out")]
        destroy = [*cdktf, "destroy", config.stack_name, "--auto-approve", "--output", str(work / "out")]
        full, gone = [], []
        for _ in range(options.deploy_repeats):
            print("  full deploy / destroy ...", file=sys.stderr, flush=True)
            full.append(measure(deploy, env)[0])
            gone.append(measure(destroy, env)[0])
        table.rows["cdktf deploy, full (default config)"] = full
        table.rows["cdktf destroy, full"] = gone
        measure(deploy, env)
        table.run("terraform plan, no changes", ["terraform", "plan", "-input=false", "-no-color"], env, n, cwd=stack)
        table.run("cdktf deploy, no-op", deploy, env, n)
        table.run("cdktf deploy, no-op, synth cache off", deploy, cold, n)
        measure(destroy, env)
    finally:
        emulator.stop(port)
    if options.with_tests:
        table.run("test suite (pytest)", [python, "-m", "pytest", "-q", "-p", "no:cacheprovider"], env, 1)

    table.print()
    print(f"\nsynth peak memory (Python + jsii node, max of {n}): {max(synth_rss):.0f} MB")
    ratio = table.median("synth, default config (main.py)") / table.median("plain import of the provider package")
    print(f"synth / plain provider import: {ratio:.2f} (target <= 0.25)")
    many = table.median("synth, 20 stacks in one app") / table.median("synth, 1 stack in one app")
    print(f"20 stacks / 1 stack: {many:.2f}x (target <= 1.6x)")
    print(f"machine: {machine()}")


if __name__ == "__main__":
    main()
