"""The three layers, enforced from the code's own imports: modules ← deploy ← ops, no cycles, cdktf only
where a later move to CDK Terrain must look (modules and deploy), and inside ops, rooms that import
only the rooms below them."""
from __future__ import annotations

import ast
import sys
from pathlib import Path

from deploy.settings import CDK_CORES, ROOT

LAYERS = ("modules", "deploy", "ops")
# What each layer may import besides the standard library and itself.
ALLOWED = {
    "modules": {"constructs", "cdktf", "cdktf_cdktf_provider_aws"},
    "deploy": {"modules", "constructs", "cdktf"},
    "ops": {"deploy", "modules", "boto3", "botocore", "moto", "waitress", "graphviz", "yaml"},
    "main": {"deploy"},
    "examples": {"modules", "deploy", "constructs", "cdktf", "cdktf_cdktf_provider_aws"},
}
# The rooms of ops and which other rooms each may import. "shared" is the modules at the top of ops that
# every room uses (errors, boto3 clients, running beside); "commands" is the CLI and the rollout.
ROOMS = {
    "shared": set(),
    "emulator": {"shared"},
    "terraform": {"emulator", "shared"},
    "state": {"terraform", "shared"},
    "live": {"state", "shared"},
    "reports": {"terraform", "state", "live", "shared"},
    "ci": {"shared"},
    "commands": {"emulator", "terraform", "state", "live", "reports", "ci", "shared"},
}
SHARED = {"ops.errors", "ops.aws_clients", "ops.beside", "ops"}
COMMANDS = {"ops.cli", "ops.flags", "ops.rollout", "ops.__main__"}


def room(name: str) -> str | None:
    """The ops room a module belongs to, or None outside ops."""
    parts = name.split(".")
    if parts[0] != "ops":
        return None
    if name in SHARED:
        return "shared"
    if name in COMMANDS:
        return "commands"
    return parts[1] if len(parts) > 2 or parts[1] in ROOMS else "unplaced"


def room_violations(modules: dict[str, set[str]]) -> list[str]:
    problems = []
    for name, imported in sorted(modules.items()):
        own = room(name)
        if own is None:
            continue
        if own == "unplaced":
            problems.append(f"{name} is in no room of ops: move it into one of {sorted(ROOMS)} (tests/test_layers.py)")
            continue
        for target in sorted(imported):
            other = room(target) if target in modules else None
            if other is not None and other != own and other not in ROOMS[own]:
                problems.append(f"{name} imports {target}: ops room {own} may import only {sorted(ROOMS[own])}")
    return problems


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, root: Path) -> set[str]:
    """Every module a file imports, anywhere in it (lazy imports count), relative ones resolved."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            # `from . import x` imports the submodule x.
            found.update(f"{base}.{alias.name}" for alias in node.names if not node.module)
    return found


def graph(root: Path) -> dict[str, set[str]]:
    files = [p for layer in (*LAYERS, "examples") for p in sorted((root / layer).rglob("*.py"))]
    files.append(root / "main.py")
    return {module_name(p, root): imports(p, root) for p in files if p.is_file()}


def violations(root: Path) -> list[str]:
    modules = graph(root)
    problems = []
    for name, imported in sorted(modules.items()):
        layer = name.split(".")[0]
        for target in sorted(imported):
            top = target.split(".")[0]
            if top == layer or top in sys.stdlib_module_names or top == "__future__":
                continue
            if top not in ALLOWED[layer]:
                problems.append(f"{name} imports {target}: {layer} may import only {sorted(ALLOWED[layer])}")
    problems += room_violations(modules)
    problems += [f"import cycle: {' -> '.join(cycle)}" for cycle in cycles(modules)]
    return problems


def cycles(modules: dict[str, set[str]]) -> list[list[str]]:
    edges = {name: {t for t in targets if t in modules} for name, targets in modules.items()}
    found, state = [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(edges[node]):
            if state.get(nxt) == "open":
                found.append(path[path.index(nxt):] + [nxt] if nxt in path else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    return found


def test_the_tree_keeps_its_layers():
    assert violations(ROOT) == []


def test_the_cdk_core_is_named_by_one_module():
    """cdktf or CDK Terrain: deploy/cdk.py imports the chosen one by name (settings.CDK_CORES); no module
    of the layers imports either package itself (the constructs need only ``constructs``)."""
    users = {name for name, targets in graph(ROOT).items()
             if any(t.split(".")[0] in CDK_CORES for t in targets) and name.split(".")[0] in LAYERS}
    assert users == set()
    assert "importlib.import_module(CDK_CORES[NAME])" in (ROOT / "deploy" / "cdk.py").read_text()


def copy_tree(tmp_path: Path) -> Path:
    for layer in LAYERS:
        for path in (ROOT / layer).rglob("*.py"):
            target = tmp_path / path.relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(path.read_text())
    (tmp_path / "main.py").write_text((ROOT / "main.py").read_text())
    return tmp_path


def test_a_forbidden_import_is_caught(tmp_path):
    root = copy_tree(tmp_path)
    assert violations(root) == []
    with (root / "modules" / "network.py").open("a") as source:
        source.write("\nfrom deploy.schema import NetworkConfig\n")
    with (root / "deploy" / "stack.py").open("a") as source:
        source.write("\ndef _late():\n    from ops import terraform_run\n")
    with (root / "ops" / "reports" / "cost.py").open("a") as source:
        source.write("\nimport cdktf\n")
    found = violations(root)
    assert any(p.startswith("modules.network imports deploy.schema") for p in found), found
    assert any(p.startswith("deploy.stack imports ops") for p in found), found
    assert any(p.startswith("ops.reports.cost imports cdktf") for p in found), found


def test_every_ops_module_is_in_a_room_with_a_one_line_docstring():
    modules = graph(ROOT)
    assert {room(name) for name in modules if name.startswith("ops")} == set(ROOMS)
    for package in (ROOT / "ops").glob("*/__init__.py"):
        doc = ast.get_docstring(ast.parse(package.read_text()))
        assert doc and "\n" not in doc, package


def test_a_room_importing_upwards_is_caught(tmp_path):
    root = copy_tree(tmp_path)
    with (root / "ops" / "terraform" / "run.py").open("a") as source:
        source.write("\ndef _late():\n    from ..live import verify\n")
    with (root / "ops" / "errors.py").open("a") as source:
        source.write("\nfrom .state import locks\n")
    (root / "ops" / "stray.py").write_text('"""a module outside every room"""\n')
    found = violations(root)
    assert any(p.startswith("ops.terraform.run imports ops.live: ops room terraform") for p in found), found
    assert any(p.startswith("ops.errors imports ops.state: ops room shared") for p in found), found
    assert any(p.startswith("ops.stray is in no room") for p in found), found


def test_a_cycle_is_caught(tmp_path):
    root = copy_tree(tmp_path)
    with (root / "deploy" / "schema.py").open("a") as source:
        source.write("\nfrom .loader import load_config\n")
    assert any(p.startswith("import cycle:") and "deploy.schema" in p for p in violations(root))
