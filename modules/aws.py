"""The prebuilt AWS provider bindings, one generated submodule at a time: ``aws.vpc`` is
``cdktf_cdktf_provider_aws.vpc``, imported on first use with a plain ``import``.

Importing this module imports nothing of the provider. How fast the provider then loads is the app's
business: the package root imports all 2,136 generated submodules unless the app started an
accelerator first (ours is ``deploy.accelerator.enable()``).
"""
from __future__ import annotations

import importlib
import types

#: The prebuilt provider package, used unless the app chooses other bindings (``use``).
PACKAGE = "cdktf_cdktf_provider_aws"


class _Provider:
    def __init__(self) -> None:
        self._package = PACKAGE

    def __getattr__(self, name: str) -> types.ModuleType:
        if name.startswith("_"):
            raise AttributeError(name)
        module = importlib.import_module(f"{self._package}.{name}")
        setattr(self, name, module)
        return module

    def use(self, package: str) -> None:
        """Takes the provider's classes from ``package`` (bindings generated for the types used here,
        with the same submodule names) instead: the app's choice, made before anything is built."""
        for name in [n for n in vars(self) if not n.startswith("_")]:
            delattr(self, name)
        self._package = package


aws = _Provider()
