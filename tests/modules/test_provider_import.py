"""The fast provider import (Python and Node, the kernel in one Node process) yields byte-identical
Terraform JSON to the plain package import with jsii's own relayed kernel."""
import os
import subprocess
import sys
from pathlib import Path

from deploy.paths import ROOT


def synth(outdir: Path, mode: str) -> tuple[str, bytes]:
    """The import path used and both stacks' JSON, from a fresh interpreter in the given mode."""
    # A NODE_OPTIONS of the user's own is kept beside the loader's, and restored after the kernel starts.
    env = {**os.environ, "NODE_OPTIONS": "--no-deprecation", "CDKTF_OUTDIR": str(outdir),
           "NETWORK_PROVIDER_IMPORT": mode, "NETWORK_DEMO_ALB": "true"}
    code = ("import os, sys, modules.aws as a; from deploy.app import synth; "
            "lazy = a.start_kernel(); rc = synth(['default', 'staging']); "
            "import jsii._runtime as r, subprocess; kernel = r.kernel.provider._process._process.pid; "
            "kids = subprocess.run(['ps', '--ppid', str(kernel), '-o', 'pid='], capture_output=True).stdout; "
            "print('fast' if a.aws.fast_path else 'plain', 'root-imported' if "
            "hasattr(sys.modules['cdktf_cdktf_provider_aws'], 'xray_group') else 'root-skipped', "
            "'lazy-node' if lazy else 'eager-node', 'relayed' if kids.strip() else 'one-process', "
            "os.environ.get('NODE_OPTIONS', '-'), os.environ.get('JSII_RUNTIME', '-')); sys.exit(rc)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip(), b"".join(
        (outdir / "stacks" / name / "cdk.tf.json").read_bytes() for name in ("network-default", "network-staging"))


def test_fast_path_skips_the_package_root_and_matches_plain_byte_for_byte(tmp_path):
    fast_mode, fast = synth(tmp_path / "fast", "fast")
    plain_mode, plain = synth(tmp_path / "plain", "plain")
    assert fast_mode == "fast root-skipped lazy-node one-process --no-deprecation -"
    assert plain_mode == "plain root-imported eager-node relayed --no-deprecation -"
    assert fast == plain


def test_fallback_to_plain_import_when_the_layout_is_unexpected():
    code = ("import sys\n"
            "from modules import aws as m\n"
            "m._register_package_without_root = lambda: False\n"
            "vpc = m.aws.vpc\n"
            "assert not m.aws.fast_path and hasattr(sys.modules[m.PACKAGE], 'xray_group')\n"
            "print(vpc.Vpc.__name__)\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Vpc"


def test_the_first_import_of_our_modules_starts_the_kernel_with_the_lazy_provider():
    """verify imports only props and rules, from the construct modules: the kernel it starts is still the
    fast one. A cdktf imported before any of ours starts it without the loader, and nothing can add it."""
    code = ("import {first}, modules.aws as a; from modules.security_groups import rules; "
            "print(a.start_kernel(), a.start_kernel())")
    for first, expected in (("deploy.props", "True True"), ("cdktf", "False False")):
        result = subprocess.run([sys.executable, "-c", code.format(first=first)], cwd=ROOT, capture_output=True,
                                text=True)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == expected, first
