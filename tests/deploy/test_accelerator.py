"""The accelerator (``deploy.accelerator.enable()``) yields byte-identical Terraform JSON to the plain
package import with jsii's own relayed kernel; the construct modules do nothing of it on their own."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from deploy.settings import ROOT

# The kernel's process as jsii started it: its command line and whether our loader is in its environment.
KERNEL = ("import jsii._runtime as r, json, pathlib; pid = r.kernel.provider._process._process.pid; "
          "cmd = pathlib.Path(f'/proc/{pid}/cmdline').read_bytes().replace(b'\\0', b' ').decode(); "
          "env = pathlib.Path(f'/proc/{pid}/environ').read_bytes().decode(errors='replace'); "
          "kids = pathlib.Path(f'/proc/{pid}/task/{pid}/children').read_text().split(); ")


def run(code: str, **env) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**os.environ, **env}, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return result


def synth(outdir: Path, mode: str) -> tuple[str, bytes]:
    """The speed-ups in force and both stacks' JSON, from a fresh interpreter in the given mode."""
    # A NODE_OPTIONS of the user's own is kept beside the loader's, and restored after the kernel starts.
    code = ("import os, sys; from deploy import accelerator; on = accelerator.enable(); "
            "from deploy.app import synth; rc = synth(['default', 'staging']); " + KERNEL +
            "print(on.provider_root_skipped, on.lazy_node_index, on.one_process_kernel, "
            "'root-imported' if hasattr(sys.modules['cdktf_cdktf_provider_aws'], 'xray_group') else 'root-skipped', "
            "'relayed' if kids else 'one-process', os.environ.get('NODE_OPTIONS'), "
            "os.environ.get('JSII_RUNTIME', '-')); sys.exit(rc)")
    result = run(code, NODE_OPTIONS="--no-deprecation", CDKTF_OUTDIR=str(outdir), NETWORK_PROVIDER_IMPORT=mode,
                 NETWORK_DEMO_ALB="true", NETWORK_SYNTH_CACHE="off")
    return result.stdout.strip(), b"".join(
        (outdir / "stacks" / name / "cdk.tf.json").read_bytes() for name in ("network-default", "network-staging"))


def test_enabled_skips_the_package_root_and_matches_plain_byte_for_byte(tmp_path):
    fast_mode, fast = synth(tmp_path / "fast", "fast")
    plain_mode, plain = synth(tmp_path / "plain", "plain")
    assert fast_mode == "True True True root-skipped one-process --no-deprecation -"
    assert plain_mode == "False False False root-imported relayed --no-deprecation -"
    assert fast == plain


def test_an_unexpected_package_layout_falls_back_to_the_plain_import():
    code = ("import sys\n"
            "from deploy import accelerator as a\n"
            "a._register_package_without_root = lambda: False\n"
            "on = a.enable()\n"
            "from modules.aws import aws\n"
            "vpc = aws.vpc\n"
            "assert not on.provider_root_skipped and hasattr(sys.modules[a.PACKAGE], 'xray_group')\n"
            "print(vpc.Vpc.__name__)\n")
    assert run(code).stdout.strip() == "Vpc"


def test_enable_after_cdktf_says_it_cannot_start_the_kernel_and_does_what_it_still_can():
    code = ("import warnings, cdktf; from deploy import accelerator as a\n"
            "with warnings.catch_warnings(record=True) as caught:\n"
            "    warnings.simplefilter('always'); on = a.enable()\n"
            "print(on.provider_root_skipped, on.lazy_node_index, [str(w.message) for w in caught])\n")
    skipped, lazy, messages = run(code).stdout.strip().split(" ", 2)
    assert (skipped, lazy) == ("True", "False")
    assert "came after cdktf or constructs was imported" in messages and "before importing cdktf" in messages


def _names(folder: Path) -> set[str]:
    return {entry.name for entry in folder.iterdir()}


CONSTRUCT_MODULES = sorted(p.stem for p in (ROOT / "modules").glob("*.py") if p.stem != "__init__")


@pytest.fixture(scope="module")
def what_constructs_alone_does(tmp_path_factory) -> dict:
    return _import_and_look("constructs", tmp_path_factory.mktemp("tmp"))


# Written by other processes while the suite runs in parallel (emulators of other tests, their stacks).
RUN_TIME = {".venv", "node_modules", ".emulator", "cdktf.out", ".terraform-cli", ".git"}


def _repository_files() -> set[Path]:
    return {p for p in ROOT.rglob("*") if not RUN_TIME & set(p.relative_to(ROOT).parts)}


def _import_and_look(module: str, tmp: Path) -> dict:
    """Imports ``module`` in a fresh interpreter with its own temporary folder; what changed."""
    code = ("import os, sys, json, pathlib; before = dict(os.environ); import " + module + "\n"
            "started = 'jsii._runtime' in sys.modules and sys.modules['jsii._runtime'].kernel.provider._process is not None\n"
            "cmd = env = ''; kids = []\n"
            "if started:\n    " + KERNEL.replace("; ", "\n    ") + "\n"
            "print(json.dumps({'env': {k: v for k, v in os.environ.items() if before.get(k) != v},"
            " 'gone': sorted(set(before) - set(os.environ)), 'started': started, 'kernel': cmd,"
            " 'loader_in_kernel_env': 'lazy_provider_index' in env or 'one_process_kernel' in env,"
            " 'relayed': bool(kids), 'tmp': sorted(os.listdir(" + repr(str(tmp)) + "))}))\n")
    source_before = _repository_files()
    result = run(code, TMPDIR=str(tmp), PYTHONDONTWRITEBYTECODE="1")
    source_after = _repository_files()
    seen = json.loads(result.stdout)
    seen["repository"] = sorted(map(str, source_after - source_before))
    # jsii names its own folders with a random tail: keep the stem only, once per folder, so one folder
    # more (of any name) differs too.
    seen["tmp"] = sorted(name.rstrip("0123456789abcdefABCDEFghijklmnopqrstuvwxyzGHIJKLMNOPQRSTUVWXYZ_")
                         .split("-")[0] for name in seen["tmp"])
    return seen


@pytest.mark.parametrize("module", ["modules", *(f"modules.{m}" for m in CONSTRUCT_MODULES)])
def test_importing_a_construct_module_does_only_what_importing_constructs_does(module, what_constructs_alone_does,
                                                                             tmp_path):
    seen = _import_and_look(module, tmp_path)
    assert seen["env"] == {} and seen["gone"] == [] and seen["repository"] == []
    assert not seen["loader_in_kernel_env"] and "one_process_kernel" not in seen["kernel"]
    if seen["started"]:
        assert seen["relayed"] and "jsii-runtime" in seen["kernel"]
        assert seen["tmp"] == what_constructs_alone_does["tmp"]
    else:
        assert seen["tmp"] == []


def test_the_own_stack_example_run_as_a_script_gets_the_fast_path_by_its_one_call(tmp_path):
    (tmp_path / "examples" / "own_stack").mkdir(parents=True)  # run from a checkout's root, as its docstring says
    code = ("import runpy, sys; runpy.run_path(sys.argv[1], run_name='__main__'); from deploy import accelerator as a; "
            "print(a.enable(), 'xray_group' in vars(sys.modules[a.PACKAGE]))")
    result = subprocess.run([sys.executable, "-c", code, str(ROOT / "examples" / "own_stack" / "main.py")],
                            cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ("Enabled(provider_root_skipped=True, lazy_node_index=True, "
                                     "one_process_kernel=True) False")
    assert (tmp_path / "examples" / "own_stack" / "cdktf.out" / "stacks" / "ml-platform" / "cdk.tf.json").is_file()


def test_bin_net_asks_for_it_and_gets_it_with_its_first_synth_only(tmp_path):
    """`python -m ops` calls request(): a command that never synthesizes never starts jsii; the first
    synth starts the kernel with the speed-ups."""
    code = ("import sys; from deploy import accelerator as a; a.request(); import ops.cli, deploy.validation; "
            "before = 'jsii' in sys.modules; from deploy.app import synth_configs; from deploy.loader import "
            f"load_config; synth_configs([load_config('default', environ={{}})], {str(tmp_path)!r}); "
            "print(before, a.enable())")
    assert run(code).stdout.strip() == ("False Enabled(provider_root_skipped=True, lazy_node_index=True, "
                                        "one_process_kernel=True)")
