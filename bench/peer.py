"""Our commands beside the same network in plain Terraform HCL (``../shared/bench-peer``), interleaved:

    pipenv run python bench/peer.py [--pairs 5] [--no-op-only]

Each pair runs one phase of ours and the same phase of the peer right after each other, each on its
own emulator, so a noisy machine slows both alike; the table gives medians and minimums and the
ratio ours/peer of each (median and minimum of the pairs' ratios, and the ratio of the
medians), then every pair's seconds. Phases: full deploy, no-op deploy, one-tag change (plan and apply), no-change
plan, review without the security scan against the peer's ``plan -out`` + ``show -json``, full destroy.
Ours is ``bin/net up`` / ``review`` / ``down`` (synth in process, Terraform driven directly);
plain ``npx cdktf deploy`` is timed too, for the users who run it. Peak memory (RSS of the process
tree) of our synth and of ``terraform plan`` are printed beside them.

Both deploy the spec's network. Ours runs with flow logs off (the peer has none) and so plans 39
resources against the peer's 35: it also adopts the VPC's default security group and network ACL (the
peer's module can, with manage_default_*) and keeps the two node rules without which `verify` fails §7.1.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import machine, measure  # noqa: E402
from deploy.loader import load_config  # noqa: E402
from deploy.settings import ROOT  # noqa: E402
from ops.emulator import process as emulator
from ops.state.bucket import bootstrap  # noqa: E402
from ops.terraform import run as terraform_run

PEER = ROOT.parent / "shared" / "bench-peer"
TAGS = {"Project": "mlops-retail-forecast", "ManagedBy": "cdktf"}


def peer_folder(work: Path, port: int) -> Path:
    """A scratch copy of the peer, pointed at our emulator port and state bucket."""
    shutil.copytree(PEER, work / "peer")
    root = work / "peer" / "root"
    for name in ("versions.tf", "aws-emulator.config"):
        text = (root / name).read_text().replace("127.0.0.1:5402", f"127.0.0.1:{port}")
        (root / name).write_text(text)
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--no-op-only", action="store_true",
                        help="deploy both once, then time only no-op deploys, --pairs of them")
    options = parser.parse_args()
    if not PEER.is_dir():
        raise SystemExit(f"the peer is not at {PEER}")
    work = Path(tempfile.mkdtemp(prefix="network-peer-bench-"))
    ours_port, peer_port = emulator.free_port(), emulator.free_port()
    base = {k: v for k, v in terraform_run.environment().items() if not k.startswith("NETWORK_")}
    ours = {**base, "NETWORK_EMULATOR_PORT": str(ours_port), "NETWORK_STATE_BUCKET": "bench-ours-tfstate",
            "NETWORK_OUTDIR": str(work / "out"), "CDKTF_OUTDIR": str(work / "out"), "NETWORK_FLOW_LOGS": "false"}
    config = load_config(environ=ours)
    peer_config = load_config(environ={**ours, "NETWORK_EMULATOR_PORT": str(peer_port),
                                       "NETWORK_STATE_BUCKET": "peer-network-tfstate"})
    root = peer_folder(work, peer_port)
    python = sys.executable
    cli = [str(ROOT / "bin" / "net")]  # what a user types, wrapper included
    tf = ["terraform"]
    rows: dict[str, tuple[list[float], list[float]]] = {}

    def pair(name: str, ours_args: list[str], peer_args: list[str], ours_env=None, peer_extra=(), ours_cwd=ROOT):
        print(f"  {name} ...", file=sys.stderr, flush=True)
        mine = measure(ours_args, ours_env or ours, cwd=ours_cwd)[0]
        theirs = measure([*peer_args, *peer_extra], base, cwd=root)[0]
        rows.setdefault(name, ([], []))
        rows[name][0].append(mine)
        rows[name][1].append(theirs)

    print(f"Benchmarking against {PEER} on {machine()}", file=sys.stderr)
    emulator.start(config.emulator_host, ours_port)
    emulator.start(config.emulator_host, peer_port)
    try:
        bootstrap(config)
        bootstrap(peer_config)
        measure([*tf, "init", "-input=false", "-no-color"], base, cwd=root)
        apply = [*tf, "apply", "-auto-approve", "-input=false", "-no-color"]
        destroy = [*tf, "destroy", "-auto-approve", "-input=false", "-no-color"]
        stack = terraform_run.stack_dir(config, work / "out")
        if options.no_op_only:
            measure([*cli, "up"], ours)
            measure(apply, base, cwd=root)
            for _ in range(options.pairs):
                pair("no-op deploy", [*cli, "up"], apply)
        for i in range(0 if options.no_op_only else options.pairs):
            pair("full deploy", [*cli, "up"], apply)
            pair("no-op deploy", [*cli, "up"], apply)
            tags = {**TAGS, "Bench": str(i)}
            tagged = {**ours, "NETWORK_TAGS": ",".join(f"{k}={v}" for k, v in tags.items())}
            tags_var = f"tags={json.dumps(tags).replace(':', '=')}"
            pair("one-tag change, plan + apply", [*cli, "up"], apply, ours_env=tagged, peer_extra=["-var", tags_var])
            pair("no-op deploy after the change", [*cli, "up"], apply, ours_env=tagged, peer_extra=["-var", tags_var])
            pair("no-change plan", [*tf, "plan", "-input=false", "-no-color"], [*tf, "plan", "-input=false",
                 "-no-color", "-var", tags_var], ours_env=tagged, ours_cwd=stack)
            pair("review without the scan vs plan + show -json", [*cli, "review", "--no-scan", "--changes-ok"],
                 ["sh", "-c", f"terraform plan -input=false -no-color -out=peer.tfplan -var '{tags_var}' >/dev/null"
                              " && terraform show -json peer.tfplan >/dev/null"], ours_env=tagged)
            # Torn down with the configuration it was deployed with, as a user would; the next full deploy
            # then synthesizes again, as a first deploy does.
            pair("full destroy", [*cli, "down", "--keep-emulator"], destroy, ours_env=tagged)
        cdktf = [str(ROOT / "node_modules" / ".bin" / "cdktf"), "deploy", config.stack_name, "--auto-approve",
                 "--output", str(work / "out")]
        measure([*cli, "up"], ours)
        measure(apply, base, cwd=root)
        for _ in range(0 if options.no_op_only else options.pairs):
            pair("no-op npx cdktf deploy (users' own way)", cdktf, apply)
        plan_rss = measure([*tf, "plan", "-input=false", "-no-color"], ours, cwd=stack)[1]
        synth_rss = measure([python, "main.py"], {**ours, "NETWORK_SYNTH_CACHE": "off"})[1]
    finally:
        emulator.stop(ours_port)
        emulator.stop(peer_port)
    print(f"{'phase':<42} {'pairs':>5} {'ours med':>9} {'peer med':>9} {'ratio med':>10} {'ratio min':>10} "
          f"{'med/med':>8}")
    for name, (mine, theirs) in rows.items():
        ratios = [m / t for m, t in zip(mine, theirs, strict=True)]
        print(f"{name:<42} {len(mine):>5} {statistics.median(mine):>9.2f} {statistics.median(theirs):>9.2f} "
              f"{statistics.median(ratios):>9.2f}x {min(ratios):>9.2f}x "
              f"{statistics.median(mine) / statistics.median(theirs):>7.2f}x")
    print("\neach pair, ours/peer seconds:")
    for name, (mine, theirs) in rows.items():
        print(f"  {name}: " + ", ".join(f"{m:.1f}/{t:.1f}" for m, t in zip(mine, theirs, strict=True)))
    print(f"\npeak memory: synth {synth_rss:.0f} MB, terraform plan {plan_rss:.0f} MB")
    print(f"machine: {machine()}")


if __name__ == "__main__":
    main()
