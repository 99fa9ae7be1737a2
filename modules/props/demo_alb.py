"""DemoAlbProps: the demo ALB's names, health check and TLS (§5 option B)."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from ..elb_policies import ALB_SECURITY_POLICIES, MODERN_PREFIXES
from . import Invariants, bucket_name_problem

# Load balancer and target group names (CreateLoadBalancer, CreateTargetGroup): 1-32 alphanumerics and
# inner hyphens; a load balancer's may not start with "internal-".
ELB_NAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$")
ACM_ARN = re.compile(r"^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate/[0-9a-f-]{36}$")


@dataclass(frozen=True, kw_only=True)
class DemoAlbProps:
    """The demo ALB's names, health check and TLS. A certificate turns on HTTPS and the 80→443 redirect."""

    name: str = "mlops-hybrid-api-demo-alb"
    target_group_name: str = "mlops-hybrid-eks-api-tg"
    health_check_path: str = "/health"
    #: An ACM certificate ARN in the ALB's region; empty means an HTTP listener only.
    certificate_arn: str = ""
    ssl_policy: str = "ELBSecurityPolicy-TLS13-1-2-2021-06"
    #: A bucket (name, not ARN) for the ALB's access logs; empty means none. Its policy must let the
    #: region's ELB log delivery write (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html).
    access_logs_bucket: str = ""
    access_logs_prefix: str = "demo-alb"

    def __post_init__(self) -> None:
        check = Invariants()
        bucket = self.access_logs_bucket
        if bucket.startswith("arn:"):
            check.require(False, "access_logs_bucket", bucket, "is an ARN", "give the bucket's name only")
        elif bucket and (why := bucket_name_problem(bucket)):
            check.require(False, "access_logs_bucket", bucket, f"is not a valid S3 bucket name ({why})",
                          "give the bucket's name, e.g. 'acme-alb-logs'")
        path = self.health_check_path
        check.require(path.startswith("/") and len(path) <= 1024 and not any(ch.isspace() for ch in path),
                      "health_check_path", path, "is not an HTTP path",
                      "start it with '/', e.g. '/health', no spaces, at most 1024 characters")
        for prop in ("name", "target_group_name"):
            value = getattr(self, prop)
            check.require(bool(ELB_NAME.match(value)) and not (prop == "name" and value.startswith("internal-")),
                          prop, value, "is not a valid load balancer name",
                          "use 1-32 letters, digits and inner hyphens, not starting with 'internal-'")
        if self.certificate_arn:
            check.require(bool(ACM_ARN.match(self.certificate_arn)), "certificate_arn", self.certificate_arn,
                          "is not an ACM certificate ARN", "use arn:aws:acm:<region>:<account>:certificate/<uuid>")
        if self.ssl_policy not in ALB_SECURITY_POLICIES:
            close = difflib.get_close_matches(self.ssl_policy, sorted(ALB_SECURITY_POLICIES), n=1, cutoff=0.8)
            check.require(False, "ssl_policy", self.ssl_policy, "is not an ELB security policy (modules/elb_policies.py)",
                          f"use {close[0]!r}" if close else "use e.g. 'ELBSecurityPolicy-TLS13-1-2-2021-06'")
        else:
            check.require(self.ssl_policy.startswith(MODERN_PREFIXES), "ssl_policy", self.ssl_policy,
                          "is not a current TLS 1.2/1.3 policy", "use e.g. 'ELBSecurityPolicy-TLS13-1-2-2021-06'")
        check.done(self)

    @property
    def certificate_region(self) -> str:
        match = ACM_ARN.match(self.certificate_arn)
        return match.group(1) if match else ""

    @property
    def https(self) -> bool:
        return bool(self.certificate_arn)
