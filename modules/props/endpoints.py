"""EndpointsProps: which VPC endpoints exist (§4) and how they are secured."""
from __future__ import annotations

from dataclasses import dataclass

from ..endpoint_services import EKS_ADDON_REGISTRY, INTERFACE_SERVICES, POLICY_MODES, short_name
from . import S3_ARN, Invariants


@dataclass(frozen=True, kw_only=True)
class EndpointsProps:
    """Which endpoints exist and how they are secured. Defaults are the spec's §4 set."""

    #: The region whose service names (``com.amazonaws.<region>.<service>``) the endpoints use.
    region: str = "ap-southeast-1"
    s3_gateway: bool = True
    #: Interface endpoint services, from ``INTERFACE_SERVICES``.
    interface_services: tuple[str, ...] = ("ecr.api", "ecr.dkr", "logs", "sts")
    #: ``full`` (AWS's default policy) or ``least-privilege``.
    policy: str = "full"
    #: Buckets the least-privilege S3 policy allows besides ECR's layer bucket.
    s3_bucket_arns: tuple[str, ...] = ()
    #: Accounts whose ECR repositories nodes may pull from besides this one, under ``least-privilege``.
    #: The region's EKS add-on registry is always added when it is known (``EKS_ADDON_REGISTRY``).
    ecr_pull_accounts: tuple[str, ...] = ()
    s3_endpoint_name: str = "mlops-hybrid-s3-gateway-endpoint"
    #: ``{service}`` is the service's short form, e.g. ``ecr-api``.
    interface_endpoint_name: str = "mlops-hybrid-{service}-endpoint"

    def __post_init__(self) -> None:
        check = Invariants()
        for service in self.interface_services:
            check.require(service in INTERFACE_SERVICES, "interface_services", service,
                          "is not a known endpoint service", f"use one of {', '.join(INTERFACE_SERVICES)}")
        check.require(len(set(self.interface_services)) == len(self.interface_services), "interface_services",
                      list(self.interface_services), "lists a service twice", "list each service once")
        check.require(self.policy in POLICY_MODES, "policy", self.policy, "is not a policy mode",
                      "use 'full' (demo) or 'least-privilege' (prod)")
        for account in self.ecr_pull_accounts:
            check.require(account.isdigit() and len(account) == 12, "ecr_pull_accounts", account,
                          "is not an AWS account id", "give 12 digits, e.g. '602401143452'")
        for arn in self.s3_bucket_arns:
            check.require(bool(S3_ARN.match(arn)), "s3_bucket_arns", arn, "is not an S3 bucket or object ARN",
                          "use e.g. 'arn:aws:s3:::my-models' or 'arn:aws:s3:::my-models/*'")
        check.done(self)

    @property
    def pull_accounts(self) -> tuple[str, ...]:
        addon_registry = EKS_ADDON_REGISTRY.get(self.region)
        return tuple(dict.fromkeys([*self.ecr_pull_accounts, *([addon_registry] if addon_registry else [])]))

    def endpoint_name(self, service: str) -> str:
        return self.interface_endpoint_name.format(service=short_name(service))
