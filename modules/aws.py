"""Access to the prebuilt AWS provider bindings, one generated submodule at a time.

The package root of ``cdktf_cdktf_provider_aws`` imports all 2,136 generated submodules (~7 s and
hundreds of MB). Each submodule only needs the package's ``_jsii`` assembly, so we register the
package without running its ``__init__`` and import just the submodules a stack touches. If the
package layout ever changes, we fall back to the plain import. The same happens on the Node side of
jsii when the kernel is started by ``start_kernel`` (see ``aws_lazy_index.js``), which also runs the
kernel in one Node process instead of jsii's two (``jsii_one_process.js``).
``NETWORK_PROVIDER_IMPORT=plain`` forces the plain path on both sides and jsii's own two-process
kernel (the tests compare both paths byte for byte).

Switching to the CDK Terrain fork means changing ``PACKAGE`` and nothing else.
"""
from __future__ import annotations

import atexit
import importlib
import importlib.resources
import importlib.util
import os
import shutil
import sys
import tempfile
import types
from pathlib import Path

PACKAGE = "cdktf_cdktf_provider_aws"
LAZY_INDEX = Path(__file__).with_name("aws_lazy_index.js")
ONE_PROCESS = Path(__file__).with_name("jsii_one_process.js")
#: How jsii's kernel program opens its channel to the relay; ``jsii_one_process.js`` rewrites it.
KERNEL_CHANNEL = "readFD:3,writeFD:3"
_started_lazily: bool | None = None  # set by the first start_kernel


def fast_path_wanted() -> bool:
    return os.environ.get("NETWORK_PROVIDER_IMPORT", "fast") != "plain"


def start_kernel() -> bool:
    """Starts jsii's Node kernel with the provider's JavaScript submodules loaded on first use: a
    synth then takes ~1.5 s and ~160 MB instead of ~5 s and ~600 MB. Only the kernel's start counts, so
    this must run before any jsii package (cdktf, constructs) is imported; importing one of our
    construct modules does it. Returns whether the running kernel has the loader."""
    global _started_lazily
    if _started_lazily is None:
        _started_lazily = _start_with_loader()
    return _started_lazily


def _start_with_loader() -> bool:
    if "constructs" in sys.modules or not fast_path_wanted() or '"' in str(LAZY_INDEX):
        return False
    program = _kernel_program()
    options = f'--require "{LAZY_INDEX}"' + (" --preserve-symlinks" if program else "")
    changes = {"NODE_OPTIONS": f'{os.environ.get("NODE_OPTIONS") or ""} {options}'.strip()}
    if program:
        changes |= {"JSII_RUNTIME": str(ONE_PROCESS), "NETWORK_JSII_PROGRAM": str(program)}
    previous = {name: os.environ.get(name) for name in changes}
    os.environ.update(changes)
    try:
        import constructs  # noqa: F401  the first jsii assembly loaded starts the kernel, with this environment
    finally:
        for name, value in previous.items():
            if value is None:
                del os.environ[name]
            else:
                os.environ[name] = value
    return True


def _kernel_program() -> Path | None:
    """jsii's kernel program where ``jsii_one_process.js`` can run it, else None (jsii's own runtime
    starts it). The kernel starts a worker from its own folder by another name than the one jsii ships
    it under, so both files are linked into a folder of ours, removed at exit."""
    if "JSII_RUNTIME" in os.environ or os.name != "posix" or not Path("/dev/fd/1").exists():
        return None
    try:
        embedded = Path(str(importlib.resources.files("jsii._embedded.jsii")))
        program, worker = embedded / "lib__program.js", embedded / "lib__runtime-index-worker.js"
        if not worker.is_file() or program.read_text(encoding="utf-8").count(KERNEL_CHANNEL) != 1:
            return None
    except (ImportError, OSError):
        return None
    folder = Path(tempfile.mkdtemp(prefix="network-jsii-kernel-"))
    atexit.register(shutil.rmtree, folder, True)
    (folder / "program.js").symlink_to(program)
    (folder / "runtime-index-worker.js").symlink_to(worker)
    return folder / "program.js"


def _register_package_without_root() -> bool:
    if PACKAGE in sys.modules:
        return True
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return False
    root = Path(next(iter(spec.submodule_search_locations)))
    if not (root / "_jsii" / "__init__.py").is_file() or not (root / "vpc" / "__init__.py").is_file():
        return False
    package = types.ModuleType(PACKAGE)
    package.__path__ = [str(root)]
    package.__file__ = str(root / "__init__.py")
    package.__package__ = PACKAGE
    package.__spec__ = spec
    package._loaded_without_root = True
    sys.modules[PACKAGE] = package
    return True


class _Provider:
    """``aws.vpc`` is ``cdktf_cdktf_provider_aws.vpc``, imported on first use."""

    def __init__(self) -> None:
        self.fast_path = fast_path_wanted()

    def __getattr__(self, name: str) -> types.ModuleType:
        if name.startswith("_"):
            raise AttributeError(name)
        if self.fast_path:
            try:
                if _register_package_without_root():
                    module = importlib.import_module(f"{PACKAGE}.{name}")
                    setattr(self, name, module)
                    return module
            except ImportError:
                pass
            self._fall_back()
        module = getattr(importlib.import_module(PACKAGE), name)
        setattr(self, name, module)
        return module

    def _fall_back(self) -> None:
        self.fast_path = False
        stub = sys.modules.get(PACKAGE)
        if stub is not None and getattr(stub, "_loaded_without_root", False):
            del sys.modules[PACKAGE]


aws = _Provider()
