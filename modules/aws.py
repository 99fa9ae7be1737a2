"""Access to the prebuilt AWS provider bindings, one generated submodule at a time.

The package root of ``cdktf_cdktf_provider_aws`` imports all 2,136 generated submodules (~7 s and
hundreds of MB). Each submodule only needs the package's ``_jsii`` assembly, so we register the
package without running its ``__init__`` and import just the submodules a stack touches. If the
package layout ever changes, we fall back to the plain import. ``NETWORK_PROVIDER_IMPORT=plain``
forces the plain path (the tests compare both paths byte for byte).

Switching to the CDK Terrain fork means changing ``PACKAGE`` and nothing else.
"""
from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import types
from pathlib import Path

PACKAGE = "cdktf_cdktf_provider_aws"


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
        self.fast_path = os.environ.get("NETWORK_PROVIDER_IMPORT", "fast") != "plain"

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
