"""The network modules: reusable cdktf constructs for a private, NAT-free EKS network.

Each construct takes keyword-only, typed props (frozen dataclasses whose defaults are the spec's) and
imports only ``constructs``, ``cdktf`` and the AWS provider bindings, so it can be used in any cdktf app::

    from modules import ProductionNetwork, ProductionNetworkProps
    ProductionNetwork(my_stack, "network", props=ProductionNetworkProps())

Names resolve lazily, so ``import modules`` alone does not start jsii, nor do the plain-data modules
(``endpoint_services``, ``flow_log_settings``, ``subnet_tags``, ``props``). A construct module, props
included, starts jsii's kernel when imported, with the provider loaded on use (``aws.start_kernel``).
"""
import importlib
import os

# jsii prints a Node 20 end-of-life banner on every start; the pinned cdktf 0.21 runs fine on it.
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

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
