"""§8 Cost notes as a calculator: what this configuration costs per hour and per 30-day month.

Rates are on-demand list prices for ap-southeast-1 (USD); other regions differ, so they are
arguments, not constants buried in the math. Data processing (per GB, per LCU) is usage-driven and
listed separately, not guessed.
"""
from __future__ import annotations

from dataclasses import dataclass

from deploy.schema import NetworkConfig

HOURS_PER_MONTH = 24 * 30  # the spec's convention


@dataclass(frozen=True)
class Rates:
    interface_endpoint_az_hour: float = 0.013   # per endpoint, per AZ, per hour
    interface_endpoint_gb: float = 0.01
    alb_hour: float = 0.0252
    alb_lcu_hour: float = 0.008
    nat_gateway_hour: float = 0.059
    nat_gateway_gb: float = 0.059


def estimate(config: NetworkConfig, rates: Rates = Rates(), demo_hours: float = 0.0) -> dict[str, float]:
    endpoint_hours = len(config.interface_endpoints) * len(config.azs)
    endpoints_month = endpoint_hours * rates.interface_endpoint_az_hour * HOURS_PER_MONTH
    alb_month = rates.alb_hour * (HOURS_PER_MONTH if config.demo_alb and not demo_hours else demo_hours)
    avoided_nat = len(config.azs) * rates.nat_gateway_hour * HOURS_PER_MONTH
    return {
        "interface endpoint-AZ hours per hour": endpoint_hours,
        "interface endpoints per month": round(endpoints_month, 2),
        "S3 gateway endpoint per month": 0.0,
        "demo ALB per month (hourly charge only)": round(alb_month, 2),
        "one demo hour (ALB hourly + 1 LCU)": round(rates.alb_hour + rates.alb_lcu_hour, 4),
        "total per month (before per-GB and LCU usage)": round(endpoints_month + alb_month, 2),
        "NAT gateways avoided per month (one per AZ)": round(avoided_nat, 2),
    }


def report(config: NetworkConfig, rates: Rates = Rates(), demo_hours: float = 0.0) -> str:
    lines = [f"Cost estimate for {config.stack_name} ({config.region}, {len(config.azs)} AZs, USD):"]
    for label, value in estimate(config, rates, demo_hours).items():
        lines.append(f"  {label:<48} {value:>10}")
    lines.append(f"  plus ${rates.interface_endpoint_gb}/GB through interface endpoints and "
                 f"${rates.alb_lcu_hour}/LCU-hour on the ALB")
    return "\n".join(lines)
