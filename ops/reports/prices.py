"""On-demand list prices (USD) the §8 cost estimate uses, per region.

Source: the AWS pricing pages for AWS PrivateLink (interface endpoints), Elastic Load Balancing (ALB),
Amazon VPC (NAT gateway, public IPv4 addresses) and Amazon CloudWatch (vended logs), as published in
2026; table compiled 2026-11-27. Prices change: check them before a budget depends on them, and add a
region here (with the same fields) to estimate it. A region not in the table is refused, never guessed.
"""
from __future__ import annotations

from dataclasses import dataclass

HOURS_PER_MONTH = 730  # AWS's own convention for monthly estimates (the spec's 24 × 30 = 720 undercounts)
SOURCE = "AWS list prices (PrivateLink, ELB, VPC, CloudWatch pricing pages), compiled 2026-11-27"


@dataclass(frozen=True)
class Rates:
    interface_endpoint_az_hour: float  # per endpoint, per AZ it is in, per hour
    interface_endpoint_gb: float       # data processed, first PB per month
    alb_hour: float
    alb_lcu_hour: float
    nat_gateway_hour: float
    nat_gateway_gb: float              # data processed
    public_ipv4_hour: float            # every public IPv4 address, in use or not
    vended_logs_gb: float              # CloudWatch Logs ingestion of vended logs (VPC flow logs), first 10 TB


PRICES: dict[str, Rates] = {
    "ap-southeast-1": Rates(interface_endpoint_az_hour=0.013, interface_endpoint_gb=0.01, alb_hour=0.0252,
                            alb_lcu_hour=0.008, nat_gateway_hour=0.059, nat_gateway_gb=0.059,
                            public_ipv4_hour=0.005, vended_logs_gb=0.70),
    "us-east-1": Rates(interface_endpoint_az_hour=0.01, interface_endpoint_gb=0.01, alb_hour=0.0225,
                       alb_lcu_hour=0.008, nat_gateway_hour=0.045, nat_gateway_gb=0.045,
                       public_ipv4_hour=0.005, vended_logs_gb=0.50),
    "eu-west-1": Rates(interface_endpoint_az_hour=0.011, interface_endpoint_gb=0.01, alb_hour=0.0252,
                       alb_lcu_hour=0.008, nat_gateway_hour=0.048, nat_gateway_gb=0.048,
                       public_ipv4_hour=0.005, vended_logs_gb=0.57),
}
