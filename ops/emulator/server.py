"""The emulator process ``bin/net`` starts: moto's server mode with two fixes that make it behave like
AWS for this network. ``python -m ops.emulator.server -H HOST -p PORT`` takes moto's own arguments.

1. One request at a time. moto serves each request on its own thread, and its backends are not
   thread-safe: revoking two rules of one security group at once is a read-modify-write of the group's
   rule list, so one revoked rule can come back (``bench/emulator_race.py`` shows it), and Terraform sends
   up to 10 requests at once. A lock around the application serializes the requests; connections
   are still accepted in parallel, so a slow client never blocks another's connect.
2. Descriptions of rules that reference another security group or a prefix list: moto keeps the first
   on the rule's peer group, drops the second, and reports only a CIDR's description, so every such
   rule showed a diff after its create.
3. Flow logs to a CloudWatch log group given by ARN (as the provider sends it): moto looks the group
   up by name only, so it reported delivery FAILED although the group exists.
4. Deleted VPC endpoints leave the listings, as on AWS shortly after a delete (the provider's waiter
   takes NotFound as gone). moto kept them forever in state "deleted", so on an emulator kept running
   across deploys every filtered DescribeVpcEndpoints (the orphan and §9 checks) rendered all of them,
   slower with every deploy (docs/emulator.md).
"""
from __future__ import annotations

import inspect
import sys
import threading

from moto import server
from moto.ec2.models.flow_logs import FlowLogsBackend
from moto.ec2.models.security_groups import SecurityGroupRule
from moto.ec2.models.vpcs import VPCBackend
from moto.moto_server.werkzeug_app import DomainDispatcherApplication

_one_at_a_time = threading.Lock()


class SerializedApplication(DomainDispatcherApplication):
    def __call__(self, environ, start_response):
        with _one_at_a_time:
            # The body is produced inside the lock too: a lazy response would otherwise read the
            # backend after the lock is released.
            return list(super().__call__(environ, start_response))


def _rule_description(rule: SecurityGroupRule) -> str | None:
    return (rule.ip_range.get("Description") or (rule.source_group or {}).get("Description")
            or getattr(rule, "prefix_list_description", None))


_rule_init = SecurityGroupRule.__init__


def _init_keeping_prefix_list_description(rule: SecurityGroupRule, *args, **kwargs) -> None:
    _rule_init(rule, *args, **kwargs)
    # (ec2_backend, ip_protocol, group_id, from_port, to_port, ip_range, source_group, prefix_list_id)
    prefix_list = kwargs.get("prefix_list_id", args[7] if len(args) > 7 else None)
    rule.prefix_list_description = (prefix_list or {}).get("Description")


_create_flow_logs = FlowLogsBackend.create_flow_logs


def _create_flow_logs_naming_the_group(backend, *args, **kwargs):
    call = inspect.signature(_create_flow_logs).bind(backend, *args, **kwargs)
    values = call.arguments
    destination = values.get("log_destination") or ""
    if values.get("log_destination_type") in (None, "cloud-watch-logs") and not values.get("log_group_name") \
            and ":log-group:" in destination:
        values["log_group_name"] = destination.split(":log-group:", 1)[1].removesuffix(":*")
    return _create_flow_logs(*call.args, **call.kwargs)


_delete_vpc_endpoints = VPCBackend.delete_vpc_endpoints


def _delete_vpc_endpoints_for_good(backend, vpce_ids: list[str] | None = None) -> None:
    _delete_vpc_endpoints(backend, vpce_ids)
    for vpce_id in vpce_ids or []:
        backend.vpc_end_points.pop(vpce_id, None)
        backend.tags.pop(vpce_id, None)


def patch() -> None:
    VPCBackend.delete_vpc_endpoints = _delete_vpc_endpoints_for_good
    FlowLogsBackend.create_flow_logs = _create_flow_logs_naming_the_group
    server.DomainDispatcherApplication = SerializedApplication
    SecurityGroupRule.__init__ = _init_keeping_prefix_list_description
    SecurityGroupRule.description = property(_rule_description)


if __name__ == "__main__":
    patch()
    server.main(sys.argv[1:])
