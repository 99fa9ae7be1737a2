"""The commands that read or draw: verify, outputs, diagram, cost, configuration, emulator, env."""
from __future__ import annotations

import json
import os
import shlex
import sys
from dataclasses import asdict

from deploy.schema import NetworkConfig, config_table

from ..emulator import process as emulator
from ..errors import FAILED, NOT_RUNNING, OK
from ..state import read as state_read
from ..state import terraform_lock
from ..terraform import run as terraform_run
from .common import require_emulator


def cmd_verify(config: NetworkConfig, args) -> int:
    from ..live.verify import all_checks, print_report

    require_emulator(config)
    terraform_lock.note_if_locked(config)
    checks = all_checks(config, state_read.outputs(config))
    if not args.json:
        return OK if print_report(checks) else FAILED
    print(json.dumps([{"name": c.name, "status": c.status, "detail": c.detail} for c in checks], indent=2,
                     ensure_ascii=False))
    return FAILED if any(not c.ok for c in checks) else OK


def cmd_outputs(config: NetworkConfig, args) -> int:
    from ..reports.handoff import render

    require_emulator(config)
    terraform_lock.note_if_locked(config)
    print(render(config, state_read.outputs(config), args.format))
    return OK


def cmd_diagram(config: NetworkConfig, args) -> int:
    from deploy.settings import ROOT

    from ..reports.diagram import mermaid, render

    if args.mermaid:
        print(mermaid(config))
        return OK
    for path in render(config, args.out or ROOT / "docs" / "diagram"):
        print(path)
    return OK


def cmd_cost(config: NetworkConfig, args) -> int:
    from ..reports.cost import report

    print(report(config, demo_hours=args.demo_hours, gb=args.gb, as_json=args.json, flow_logs_gb=args.flow_logs_gb))
    return OK


def cmd_capacity(config: NetworkConfig, args) -> int:
    from ..reports.capacity import report

    # The target's own limits where it answers now; the emulator is not started for this.
    ask = config.target == "aws" or emulator.is_running(config.emulator_host, config.emulator_port)
    text, fits = report(config, ask_target=ask, as_json=args.json)
    print(text)
    return OK if fits else FAILED


def cmd_bindings(config: NetworkConfig, args) -> int:
    from deploy.settings import BINDINGS_DIR, BINDINGS_HASH

    from ..terraform import bindings

    digest, seconds, count = bindings.generate(BINDINGS_DIR, say=lambda text: print(f"bindings: {text}", flush=True))
    print(f"bindings: {count} types in {BINDINGS_DIR / 'aws'} in {seconds:.1f} s, sha256 {digest}")
    if args.record:
        BINDINGS_HASH.write_text(digest + "\n")
        print(f"bindings: recorded in {BINDINGS_HASH}")
        return OK
    committed = BINDINGS_HASH.read_text().strip() if BINDINGS_HASH.is_file() else ""
    if digest != committed:
        print(f"error: the generated bindings differ from the committed hash {committed or '(none)'} "
              f"({BINDINGS_HASH.name}): the generator, the provider or the types used changed — review, then "
              "bin/net bindings --record", file=sys.stderr)
        return FAILED
    print("bindings: the same as the committed hash; use them with NETWORK_PROVIDER_BINDINGS=generated")
    return OK


def cmd_emulator(config: NetworkConfig, args) -> int:
    if args.action == "start":
        print(emulator.start(config.emulator_host, config.emulator_port))
    elif args.action == "stop":
        print("stopped" if emulator.stop(config.emulator_port) else "not running")
    else:
        up = emulator.is_running(config.emulator_host, config.emulator_port)
        print(f"running at {config.emulator_url}" if up else "not running")
        return OK if up else NOT_RUNNING
    return OK


def cmd_config(config: NetworkConfig, args) -> int:
    if args.table:
        print(config_table())
        return OK
    print(json.dumps(asdict(config), indent=2))
    return OK


def cmd_env(config: NetworkConfig, _args) -> int:
    """Exports for a shell: our Terraform CLI config, and every NETWORK_* in effect, so a plain
    ``npx cdktf deploy`` synthesizes what ``bin/net`` would."""
    exports = {name: value for name, value in terraform_run.environment().items()
               if name in ("TF_CLI_CONFIG_FILE", "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "PIPENV_VENV_IN_PROJECT",
                           "CHECKPOINT_DISABLE", "GOGC")}
    exports.update({name: value for name, value in sorted(os.environ.items()) if name.startswith("NETWORK_")})
    print("\n".join(f"export {name}={shlex.quote(value)}" for name, value in exports.items()))
    return OK
