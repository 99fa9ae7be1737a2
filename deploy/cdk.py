"""The CDK core the app synthesizes with, and the one module that names it: cdktf (the default, our users'
choice; archived upstream at 0.21.0) or CDK Terrain (``cdktn``, its maintained fork), chosen by
``NETWORK_CDK_CORE``. The constructs in ``modules/`` import only ``constructs`` and the provider, so they
are the same under both; docs/leaving-cdktf.md says how a deployment moves.
"""
from __future__ import annotations

import importlib

from .schema import ConfigError
from .settings import CDK_CORES, cdk_core

try:
    NAME = cdk_core()
    _core = importlib.import_module(CDK_CORES[NAME])
except ValueError as error:
    raise ConfigError([str(error)]) from None
except ImportError as error:
    raise ConfigError([f"$NETWORK_CDK_CORE: {NAME!r} is not installed in this Python ({error}) — fix: unset it "
                       "for cdktf, or run with tools/cdktn/.venv/bin/python (bin/net sets it up when "
                       "NETWORK_CDK_CORE=cdktn)"]) from None

App = _core.App
TerraformStack = _core.TerraformStack
TerraformOutput = _core.TerraformOutput
Testing = _core.Testing
S3Backend = _core.S3Backend
S3BackendEndpointConfig = _core.S3BackendEndpointConfig
LocalBackend = _core.LocalBackend
CloudBackend = _core.CloudBackend
NamedCloudWorkspace = _core.NamedCloudWorkspace
