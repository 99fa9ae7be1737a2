"""Makes a cdktf app that uses the prebuilt AWS provider synthesize several times faster: one explicit
call, ``enable()``, made by the app before it imports ``cdktf`` or ``constructs``.

Three independent speed-ups, each with a fallback to what jsii and Python do on their own:

- Python: the provider package is registered without running its ``__init__``, which imports all
  2,136 generated submodules; ``import cdktf_cdktf_provider_aws.vpc`` then loads just that one. Any
  other package layout is imported the plain way.
- Node: jsii's kernel starts with ``lazy_provider_index.js`` preloaded, which turns the provider index's
  eager re-exports into getters. Any other index is compiled as it is.
- Node: the kernel runs in one process (``one_process_kernel.js``) instead of behind jsii's relay,
  where the pinned jsii's program opens its channel the way that script expects; else jsii's own.

``NETWORK_PROVIDER_IMPORT=plain`` turns all three off (the tests compare both paths byte for byte).
Our entry points ask for it: ``main.py`` and the test suite's setup call ``enable()``; ``bin/net``
calls ``request()``, so the kernel starts with the first synth it needs.
"""
from __future__ import annotations

import atexit
import importlib.resources
import importlib.util
import os
import shutil
import sys
import tempfile
import types
import warnings
from dataclasses import dataclass
from pathlib import Path

from deploy import settings

PACKAGE = "cdktf_cdktf_provider_aws"
LAZY_INDEX = Path(__file__).with_name("lazy_provider_index.js")
ONE_PROCESS = Path(__file__).with_name("one_process_kernel.js")
#: How jsii's kernel program opens its channel to the relay; ``one_process_kernel.js`` rewrites it.
KERNEL_CHANNEL = "readFD:3,writeFD:3"


@dataclass(frozen=True)
class Enabled:
    """What ``enable`` could turn on; each is False where its fallback runs instead."""
    provider_root_skipped: bool
    lazy_node_index: bool
    one_process_kernel: bool

    def __bool__(self) -> bool:
        return self.provider_root_skipped or self.lazy_node_index


_enabled: Enabled | None = None
_requested = False


def request() -> None:
    """For an entry point that may never synthesize (``bin/net``): asks for the speed-ups, which start at
    the first synth (``deploy.app`` calls ``start_if_requested``) instead of now, so a command that needs
    no jsii, a no-op ``up`` whose synth is cached among them, never starts its kernel."""
    global _requested
    _requested = True


def start_if_requested() -> None:
    if _requested and _enabled is None:
        enable()


def enable() -> Enabled:
    """Turns the speed-ups on for this process; later calls return what the first one did. Called after
    ``constructs`` (or ``cdktf``) was imported, jsii's kernel has already started the slow way: it warns
    and does only what still can be done (the Python side)."""
    global _enabled
    if _enabled is not None:
        return _enabled
    # jsii prints a Node 20 end-of-life banner on every start; the pinned cdktf 0.21 runs fine on it.
    os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    if not settings.provider_import_fast():
        _enabled = Enabled(False, False, False)
        return _enabled
    late = "constructs" in sys.modules
    if late:
        warnings.warn("deploy.accelerator.enable() came after cdktf or constructs was imported: jsii's kernel "
                      "has already started without the lazy provider loader, so a synth takes seconds longer. "
                      "Call it before importing cdktf.", RuntimeWarning, stacklevel=2)
    node = (False, False) if late else _start_kernel()
    _enabled = Enabled(_register_package_without_root(), *node)
    return _enabled


def _start_kernel() -> tuple[bool, bool]:
    """Starts jsii's kernel with the loader (and in one process where it can); returns both flags."""
    if '"' in str(LAZY_INDEX):
        return False, False
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
    return True, program is not None


def _kernel_program() -> Path | None:
    """jsii's kernel program where ``one_process_kernel.js`` can run it, else None (jsii's own runtime
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
    """Each generated submodule needs only the package's ``_jsii`` assembly; registering the package
    without its ``__init__`` lets ``import cdktf_cdktf_provider_aws.vpc`` load just that submodule."""
    if PACKAGE in sys.modules:
        return getattr(sys.modules[PACKAGE], "_loaded_without_root", False)
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
