"""Synth of the default stack three ways, interleaved (one of each per round, so a noisy machine slows
all alike), with wall seconds and peak RSS of the process tree (MB):

    pipenv run python bench/bindings.py [--rounds 3]

- prebuilt + accelerator: cdktf-cdktf-provider-aws 20.1.0 with deploy/accelerator (the default);
- prebuilt plain: the same package imported as it ships (its root imports all 2,136 submodules);
- generated: the bindings `bin/net bindings` writes for exactly our 24 types, no accelerator.
Needs `bin/net bindings` first.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import machine, measure  # noqa: E402
from deploy.settings import BINDINGS_DIR  # noqa: E402

WAYS = {"prebuilt + accelerator": {},
        "prebuilt plain": {"NETWORK_PROVIDER_IMPORT": "plain"},
        "generated (no accelerator)": {"NETWORK_PROVIDER_BINDINGS": "generated", "NETWORK_PROVIDER_IMPORT": "plain"}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    if not (BINDINGS_DIR / "aws").is_dir():
        raise SystemExit("run bin/net bindings first")
    base = {k: v for k, v in os.environ.items() if not k.startswith("NETWORK_")} | {"NETWORK_SYNTH_CACHE": "off"}
    seconds = {way: [] for way in WAYS}
    memory = {way: [] for way in WAYS}
    for round_ in range(rounds):
        for way, variables in WAYS.items():
            with tempfile.TemporaryDirectory() as out:
                took, rss = measure([sys.executable, "main.py"], {**base, **variables, "CDKTF_OUTDIR": out})
            seconds[way].append(took)
            memory[way].append(rss)
            print(f"  round {round_ + 1}: {way}: {took:.2f} s, {rss:.0f} MB", file=sys.stderr, flush=True)
    print(f"Synth of the default stack, {rounds} interleaved rounds ({machine()}):")
    print(f"  {'way':<28}{'median s':>9}{'min s':>8}{'peak MB':>9}{'vs accelerator':>16}")
    fast = statistics.median(seconds["prebuilt + accelerator"])
    for way in WAYS:
        median = statistics.median(seconds[way])
        print(f"  {way:<28}{median:>9.2f}{min(seconds[way]):>8.2f}{max(memory[way]):>9.0f}{median / fast:>15.2f}x")


if __name__ == "__main__":
    main()
