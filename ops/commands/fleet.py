"""The fleet of environments and the CI files made from it: inventory, Atlantis, workflows, CI roles."""
from __future__ import annotations

import json
from dataclasses import asdict

from deploy.schema import NetworkConfig

from .. import flags
from ..ci import outputs as ci_outputs
from ..errors import OK, NetError
from .common import load_fleet


def cmd_environments(args) -> int:
    from deploy import fleet

    from ..ci import inventory

    configs = load_fleet(None)
    entries = inventory.inventory(fleet.apply_order(configs))
    if args.changed_since is not None:
        entries = inventory.affected(entries, inventory.changed_files(flags.git_commit(args.changed_since)))
    if args.json:
        matrix = json.dumps([asdict(entry) for entry in entries])
        print(matrix)
        ci_outputs.write(matrix=matrix)
        return OK
    print(f"{'environment':<14} {'region':<16} {'account':<14} {'VPC CIDR':<14} {'after':<10} state")
    for e in entries:
        print(f"{e.name:<14} {e.region:<16} {e.account_id or '-':<14} {e.vpc_cidr:<14} {e.promote_after or '-':<10} "
              f"{e.state}")
    return OK


def _write_generated(args, relative: str, render) -> int:
    from deploy import fleet
    from deploy.settings import ROOT

    from ..ci import inventory

    text = render(inventory.inventory(fleet.apply_order(fleet.load())))
    path = ROOT / relative
    if args.check:
        if not path.is_file() or path.read_text() != text:
            raise NetError(f"{relative} is not the one the environments make: run bin/net {args.command}")
        print(f"{relative} is up to date")
        return OK
    path.write_text(text)
    print(f"wrote {relative}")
    return OK


def cmd_atlantis(args) -> int:
    from ..ci.files import atlantis_yaml

    return _write_generated(args, "atlantis.yaml", atlantis_yaml)


def cmd_workflows(args) -> int:
    from ..ci.files import apply_workflow

    return _write_generated(args, ".github/workflows/apply.yml", apply_workflow)


def cmd_ci_roles(config: NetworkConfig, args) -> int:
    from ..ci.files import permission_policies, trust_policies

    account = flags.account_id(args.account)
    print(json.dumps({"trust": trust_policies(config.environment, account, flags.repository(args.repo)),
                      "permissions": permission_policies(config, account)}, indent=2))
    return OK
