"""The prebuilt AWS provider bindings, one generated submodule at a time: ``aws.vpc`` is
``cdktf_cdktf_provider_aws.vpc``, imported on first use with a plain ``import``.

Importing this module imports nothing of the provider. How fast the provider then loads is the app's
business: the package root imports all 2,136 generated submodules unless the app started an
accelerator first (ours is ``deploy.accelerator.enable()``).
"""
from __future__ import annotations

import importlib
import types

#: The provider package; switching to the CDK Terrain fork means changing this and nothing else here.
PACKAGE = "cdktf_cdktf_provider_aws"


class _Provider:
    def __getattr__(self, name: str) -> types.ModuleType:
        if name.startswith("_"):
            raise AttributeError(name)
        module = importlib.import_module(f"{PACKAGE}.{name}")
        setattr(self, name, module)
        return module


aws = _Provider()
