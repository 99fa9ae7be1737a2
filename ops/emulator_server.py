"""The emulator process ``bin/net`` starts: moto's server mode with two fixes that make it behave like
AWS for this network. ``python -m ops.emulator_server -H HOST -p PORT`` takes moto's own arguments.

1. One request at a time. moto serves each request on its own thread, and its backends are not
   thread-safe: revoking two rules of one security group at once is a read-modify-write of the group's
   rule list, so one revoked rule can come back (``bench/emulator_race.py`` shows it), and Terraform sends
   up to 10 requests at once. A lock around the application serializes the requests; connections
   are still accepted in parallel, so a slow client never blocks another's connect.
2. Descriptions of rules that reference another security group: moto keeps them on the rule's peer
   group and reports only a CIDR's description, so every such rule showed a diff after its create.
"""
from __future__ import annotations

import sys
import threading

from moto import server
from moto.ec2.models.security_groups import SecurityGroupRule
from moto.moto_server.werkzeug_app import DomainDispatcherApplication

_one_at_a_time = threading.Lock()


class SerializedApplication(DomainDispatcherApplication):
    def __call__(self, environ, start_response):
        with _one_at_a_time:
            # The body is produced inside the lock too: a lazy response would otherwise read the
            # backend after the lock is released.
            return list(super().__call__(environ, start_response))


def _rule_description(rule: SecurityGroupRule) -> str | None:
    return rule.ip_range.get("Description") or (rule.source_group or {}).get("Description")


def patch() -> None:
    server.DomainDispatcherApplication = SerializedApplication
    SecurityGroupRule.description = property(_rule_description)


if __name__ == "__main__":
    patch()
    server.main(sys.argv[1:])
