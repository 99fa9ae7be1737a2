"""§5 Option B: the demo ALB, target group and listeners, present only while a demo runs.

Without it (option A, the default) the public subnets, their ``kubernetes.io/role/elb`` tags, the ALB
security group and the IGW route are ready for the AWS Load Balancer Controller to create an ALB later.
"""
from __future__ import annotations

from dataclasses import dataclass

from constructs import Construct

from .aws import aws
from .props import require


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
        require(not self.access_logs_bucket.startswith("arn:"), "access_logs_bucket", self.access_logs_bucket,
                "is an ARN", "give the bucket's name only")
        require(self.health_check_path.startswith("/"), "health_check_path", self.health_check_path,
                "is not an HTTP path", "start it with '/', e.g. '/health'")
        for prop in ("name", "target_group_name"):
            value = getattr(self, prop)
            require(1 <= len(value) <= 32, prop, value, "is not 1-32 characters long",
                    "AWS limits load balancer and target group names to 32 characters")

    @property
    def https(self) -> bool:
        return bool(self.certificate_arn)


class DemoAlb(Construct):
    def __init__(self, scope: Construct, id_: str, *, vpc_id: str, public_subnet_ids: list[str],
                 security_group_id: str, props: DemoAlbProps = DemoAlbProps()) -> None:
        super().__init__(scope, id_)
        self.props = props
        lb = aws.lb
        self.alb = lb.Lb(
            self, "alb",
            name=props.name,
            load_balancer_type="application",
            internal=False,
            ip_address_type="ipv4",
            subnets=public_subnet_ids,
            security_groups=[security_group_id],
            drop_invalid_header_fields=True,
            # Off on purpose: the demo ALB exists only while a demo runs, and `bin/net demo off` must
            # be able to delete it without a second apply (README, "Scan findings we accept").
            enable_deletion_protection=False,
            access_logs=lb.LbAccessLogs(bucket=props.access_logs_bucket, prefix=props.access_logs_prefix,
                                        enabled=True) if props.access_logs_bucket else None,
            tags={"Name": props.name},
        )
        # Pod IPs are registered later (AWS Load Balancer Controller or by hand), hence type "ip".
        self.target_group = aws.lb_target_group.LbTargetGroup(
            self, "api-tg",
            name=props.target_group_name,
            target_type="ip",
            protocol="HTTP",
            port=80,
            vpc_id=vpc_id,
            health_check=aws.lb_target_group.LbTargetGroupHealthCheck(
                enabled=True, protocol="HTTP", path=props.health_check_path, matcher="200",
            ),
            tags={"Name": props.target_group_name},
        )
        listener = aws.lb_listener
        forward = listener.LbListenerDefaultAction(type="forward", target_group_arn=self.target_group.arn)
        if props.https:
            http_action = listener.LbListenerDefaultAction(
                type="redirect",
                redirect=listener.LbListenerDefaultActionRedirect(
                    protocol="HTTPS", port="443", status_code="HTTP_301"),
            )
        else:
            http_action = forward
        self.http_listener = listener.LbListener(
            self, "http", load_balancer_arn=self.alb.arn, port=80, protocol="HTTP", default_action=[http_action],
        )
        self.https_listener = None
        if props.https:
            self.https_listener = listener.LbListener(
                self, "https",
                load_balancer_arn=self.alb.arn,
                port=443,
                protocol="HTTPS",
                ssl_policy=props.ssl_policy,
                certificate_arn=props.certificate_arn,
                default_action=[forward],
            )
