"""Times `bin/net review --all --no-scan` for fleets of 1, 2, 4 and 8 deployed environments on the emulator
(wall seconds and the peak memory of the whole process tree), and prints each size against one:

    pipenv run python bench/fleet.py [--sizes 1,2,4,8] [--repeats 3]

Each fleet is the built-in default and a folder of environment files (distinct CIDRs, prefixes and state
keys), deployed with `bin/net up --env NAME` on an emulator of its own before it is timed. Benchmarks print figures; no test
times anything.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import machine  # noqa: E402
from deploy.settings import ROOT  # noqa: E402
from ops.emulator import process as emulator  # noqa: E402


def tree_rss_mb(root: int) -> float:
    """Resident memory of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue
        pid = int(status.parent.name)
        children.setdefault(int(fields["PPid"]), []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0])
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total / 1024


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak tree memory (MB, sampled every 50 ms) of one command."""
    started = time.perf_counter()
    process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = [0.0]

    def sample() -> None:
        while process.poll() is None:
            peak[0] = max(peak[0], tree_rss_mb(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = process.communicate()
    elapsed = time.perf_counter() - started
    sampler.join()
    if process.returncode not in (0, 2):
        raise SystemExit(f"failed: {' '.join(args)}\n{err[-3000:]}")
    return elapsed, peak[0]


def fleet_folder(work: Path, size: int) -> Path:
    folder = work / f"fleet-{size}"
    folder.mkdir()
    for i in range(1, size):  # with the built-in default, `size` environments
        (folder / f"env{i}.toml").write_text(
            f'name_prefix = "bench-{i}"\nvpc_cidr = "10.{10 + i}.0.0/16"\n'
            f'public_subnet_cidrs = ["10.{10 + i}.1.0/24", "10.{10 + i}.2.0/24"]\n'
            f'private_subnet_cidrs = ["10.{10 + i}.101.0/24", "10.{10 + i}.102.0/24"]\n'
            '[names]\nvpc = "{prefix}-vpc"\nprivate_subnet = "{prefix}-private-{az}"\n')
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,2,4,8")
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args()
    sizes = [int(size) for size in options.sizes.split(",")]
    python = str(ROOT / ".venv" / "bin" / "python")
    print(f"Benchmarking on {machine()}", flush=True)
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        for size in sizes:
            port = emulator.free_port()
            env = {k: v for k, v in os.environ.items() if not k.startswith("NETWORK_")}
            env.update(NETWORK_EMULATOR_PORT=str(port), NETWORK_STATE_BUCKET="bench-fleet-tfstate",
                       NETWORK_OUTDIR=str(work / f"out-{size}"), NETWORK_ENVIRONMENTS_DIR=str(fleet_folder(work, size)),
                       NETWORK_FLOW_LOGS="false")
            emulator.start("127.0.0.1", port)
            try:
                print(f"  {size} environment(s): deploying ...", flush=True)
                for name in ["default", *(f"env{i}" for i in range(1, size))]:
                    timed([python, "-m", "ops", "up", "--env", name], env)
                timed([python, "-m", "ops", "review", "--all", "--no-scan"], env)  # warm: synthesized, initialized
                runs = [timed([python, "-m", "ops", "review", "--all", "--no-scan"], env)
                        for _ in range(options.repeats)]
            finally:
                emulator.stop(port)
            seconds = statistics.median(r[0] for r in runs)
            memory = max(r[1] for r in runs)
            rows.append((size, seconds, memory, [r[0] for r in runs]))
            print(f"    review --all: median {seconds:.2f} s, peak {memory:.0f} MB", flush=True)
    one_seconds, one_memory = rows[0][1], rows[0][2]
    print(f"\n{'environments':>12} {'median s':>9} {'x one':>6} {'added per env (x one)':>22} {'peak MB':>8} "
          f"{'x one':>6}  runs")
    for size, seconds, memory, runs in rows:
        added = (seconds / one_seconds - 1) / (size - 1) if size > 1 else 0.0
        print(f"{size:>12} {seconds:>9.2f} {seconds / one_seconds:>6.2f} {added:>22.2f} {memory:>8.0f} "
              f"{memory / one_memory:>6.2f}  {', '.join(f'{r:.1f}' for r in runs)}")
    print(f"machine: {machine()}")


if __name__ == "__main__":
    main()
