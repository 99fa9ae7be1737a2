"""deploy/accelerator/lazy_provider_index.js: a provider's re-export index loads its submodules on first use, anything else
loads as it always did. Run in plain Node against small packages, and against the real provider's index."""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import tarfile
from pathlib import Path

from deploy.accelerator import LAZY_INDEX, PACKAGE

GENERATED = """"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.beta = exports.alpha = void 0;
exports.alpha = require("./alpha");
exports.beta = require("./beta");
//# sourceMappingURL=data:application/json;base64,e30=
"""

PROBE = """
globalThis.loaded = [];
const root = require(process.argv[1]);
const afterRoot = [...loaded];
const keys = Object.keys(root);
const alpha = root.alpha;
console.log(JSON.stringify({ afterRoot, keys, afterAlpha: [...loaded],
  same: alpha === require(process.argv[1] + '/lib/alpha'), name: alpha.Alpha.name }));
"""


def package(tmp_path: Path, name: str, index: str) -> Path:
    lib = tmp_path / "node_modules" / name / "lib"
    lib.mkdir(parents=True)
    (lib.parent / "package.json").write_text(json.dumps({"name": name, "main": "lib/index.js"}))
    (lib / "index.js").write_text(index)
    for sub in ("alpha", "beta", "util"):
        (lib / f"{sub}.js").write_text(f"loaded.push('{sub}'); exports.{sub.title()} = class {sub.title()} {{}};\n")
    return tmp_path


def probe(cwd: Path, name: str, lazy: bool = True) -> dict:
    preload = ["--require", str(LAZY_INDEX)] if lazy else []
    result = subprocess.run([os.environ.get("JSII_NODE", "node"), *preload, "-e", PROBE, name],
                            cwd=cwd, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_provider_index_loads_each_submodule_on_first_use(tmp_path):
    cwd = package(tmp_path, "@cdktf/provider-fake", GENERATED)
    lazy, eager = probe(cwd, "@cdktf/provider-fake"), probe(cwd, "@cdktf/provider-fake", lazy=False)
    assert lazy["afterRoot"] == [] and lazy["afterAlpha"] == ["alpha"]
    assert eager["afterRoot"] == ["alpha", "beta"]
    assert lazy["keys"] == eager["keys"] == ["alpha", "beta"]
    assert lazy["same"] and lazy["name"] == "Alpha"


def test_other_packages_and_other_index_shapes_load_as_they_are(tmp_path):
    other = probe(package(tmp_path / "other", "some-lib", GENERATED), "some-lib")
    assert other["afterRoot"] == ["alpha", "beta"]
    extra = GENERATED.replace('exports.beta = require("./beta");',
                              'exports.beta = require("./beta");\nconst util = require("./util");')
    shaped = probe(package(tmp_path / "shaped", "@cdktf/provider-fake", extra), "@cdktf/provider-fake")
    assert shaped["afterRoot"] == ["alpha", "beta", "util"]


def test_the_real_aws_provider_index_is_the_shape_the_loader_rewrites(tmp_path):
    """Only the index and package.json are on disk: the root loads only when no submodule is required."""
    root = Path(next(iter(importlib.util.find_spec(PACKAGE).submodule_search_locations)))
    tarball = next((root / "_jsii").glob("*.jsii.tgz"))
    target = tmp_path / "node_modules" / "@cdktf" / "provider-aws"
    with tarfile.open(tarball) as archive:
        for member in ("package/package.json", "package/lib/index.js"):
            path = target / member.removeprefix("package/")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(archive.extractfile(member).read())
    code = ("const p = require('@cdktf/provider-aws'); const keys = Object.keys(p);"
            "let missing = ''; try { p.vpc } catch (e) { missing = e.code }"
            "console.log(keys.length, keys.includes('vpc'), missing)")
    node = os.environ.get("JSII_NODE", "node")
    lazy = subprocess.run([node, "--require", str(LAZY_INDEX), "-e", code], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert lazy.returncode == 0, lazy.stderr
    count, has_vpc, missing = lazy.stdout.split()
    assert int(count) > 2000 and has_vpc == "true" and missing == "MODULE_NOT_FOUND"
    eager = subprocess.run([node, "-e", code], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert eager.returncode != 0 and "Cannot find module" in eager.stderr
