"""The network modules: reusable cdktf constructs for a private, NAT-free EKS network.

Each construct takes keyword-only, typed props (frozen dataclasses whose defaults are the spec's) and
imports only ``constructs``, ``cdktf`` and the AWS provider bindings, so it can be used in any cdktf app::

    from modules import ProductionNetwork, ProductionNetworkProps
    ProductionNetwork(my_stack, "network", props=ProductionNetworkProps())

Importing any of them does no more than importing ``constructs`` does (jsii starts its kernel its own
way): no environment variable, file or process of ours. Names resolve lazily, so ``import modules``
alone imports nothing of jsii. An app that wants the provider to load fast calls
``deploy.accelerator.enable()`` before importing cdktf (docs/performance.md).
"""
import importlib

_EXPORTS = {
    "Network": "network", "NetworkProps": "network",
    "SecurityGroups": "security_groups", "SecurityGroupsProps": "security_groups",
    "Endpoints": "endpoints", "EndpointsProps": "endpoints",
    "DemoAlb": "demo_alb", "DemoAlbProps": "demo_alb",
    "FlowLogs": "flow_logs", "FlowLogsProps": "flow_logs",
    "ProductionNetwork": "production_network", "ProductionNetworkProps": "production_network",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'modules' has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
