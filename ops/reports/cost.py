"""§8 Cost notes as a calculator: what this configuration costs per month, per region, and what the NAT
design it avoids would cost instead, with the traffic at which the two break even.

Hourly charges are exact for the configuration; per-GB and LCU charges depend on traffic, so they are
rates, or figures for a traffic volume you give (``--gb``).
"""
from __future__ import annotations

import json

from deploy.schema import NetworkConfig

from ..errors import NetError
from .prices import HOURS_PER_MONTH, PRICES, SOURCE, Rates

SPEC_EXAMPLE = 43.20  # §8.1: 3 endpoints × 2 AZ × $0.01 × 24 h × 30 days


def rates_for(region: str) -> Rates:
    if region not in PRICES:
        raise NetError(f"no prices for region {region!r} in ops/reports/prices.py (it has {', '.join(sorted(PRICES))}); "
                       "add the region's list prices there with their source to estimate it")
    return PRICES[region]


def estimate(config: NetworkConfig, demo_hours: float | None = None, gb: float = 0.0,
             flow_logs_gb: float = 0.0) -> dict:
    """Monthly figures (USD). ``demo_hours`` is how long the demo ALB runs in the month (default: all
    month while the switch is on, none while it is off); ``gb`` is the traffic to AWS services;
    ``flow_logs_gb`` the flow-log volume CloudWatch Logs ingests (only when they go there)."""
    r = rates_for(config.region)
    zones = len(config.azs)
    endpoint_hours = len(config.interface_endpoints) * zones
    endpoints = endpoint_hours * r.interface_endpoint_az_hour * HOURS_PER_MONTH
    alb_hours = (HOURS_PER_MONTH if config.demo_alb else 0.0) if demo_hours is None else demo_hours
    # An internet-facing ALB holds one public IPv4 address per AZ.
    alb = alb_hours * (r.alb_hour + zones * r.public_ipv4_hour)
    nat_one = HOURS_PER_MONTH * (r.nat_gateway_hour + r.public_ipv4_hour)
    spread = r.nat_gateway_gb - r.interface_endpoint_gb
    to_cloudwatch = config.flow_logs and config.flow_logs_destination == "cloudwatch"
    flow_logs = flow_logs_gb * r.vended_logs_gb if to_cloudwatch else 0.0
    return {
        "region": config.region,
        "hours_per_month": HOURS_PER_MONTH,
        "interface_endpoint_az_hours_per_hour": endpoint_hours,
        "interface_endpoints": round(endpoints, 2),
        "s3_gateway_endpoint": 0.0,
        # A secondary CIDR block, subnets and CIDR reservations are not billed (Amazon VPC pricing).
        "pod_networking": 0.0,
        "demo_alb_hours": alb_hours,
        "demo_alb": round(alb, 2),
        "one_demo_hour": round(r.alb_hour + zones * r.public_ipv4_hour + r.alb_lcu_hour, 4),
        "traffic_gb": gb,
        "traffic": round(gb * r.interface_endpoint_gb, 2),
        "flow_logs_gb": flow_logs_gb if to_cloudwatch else 0.0,
        "flow_logs": round(flow_logs, 2),
        "total": round(endpoints + alb + gb * r.interface_endpoint_gb + flow_logs, 2),
        "nat_one": round(nat_one + gb * r.nat_gateway_gb, 2),
        "nat_per_az": round(zones * nat_one + gb * r.nat_gateway_gb, 2),
        # Traffic above which the endpoints cost less than one NAT gateway; at or below 0 they always do.
        "break_even_gb_one_nat": round(max(0.0, (endpoints - nat_one) / spread), 1),
        "break_even_gb_nat_per_az": round(max(0.0, (endpoints - zones * nat_one) / spread), 1),
        "rates": r.__dict__,
        "source": SOURCE,
    }


def _break_even(alternative: str, gb: float) -> str:
    if gb <= 0:
        return f"the endpoints cost less than {alternative} at any traffic"
    return f"the endpoints cost less than {alternative} above {gb:g} GB/month of traffic"


def _flow_logs_row(config: NetworkConfig, r: Rates, e: dict) -> tuple[str, float]:
    if not config.flow_logs:
        return "VPC flow logs (off)", 0.0
    if config.flow_logs_destination == "s3":
        return "VPC flow logs to S3 (S3 delivery and storage, priced by S3)", 0.0
    return f"VPC flow logs into CloudWatch Logs, {e['flow_logs_gb']:g} GB × ${r.vended_logs_gb}", e["flow_logs"]


def report(config: NetworkConfig, demo_hours: float | None = None, gb: float = 0.0, as_json: bool = False,
           flow_logs_gb: float = 0.0) -> str:
    e = estimate(config, demo_hours, gb, flow_logs_gb)
    if as_json:
        return json.dumps(e, indent=2)
    r = rates_for(config.region)
    n, zones = len(config.interface_endpoints), len(config.azs)
    rows = [
        (f"interface endpoints ({n} × {zones} AZ × ${r.interface_endpoint_az_hour}/h)", e["interface_endpoints"]),
        ("S3 gateway endpoint", 0.0),
        *([("pod CIDR, subnets, prefix reservations (not billed)", 0.0)]
          if config.pod_cidr or config.prefix_delegation else []),
        (f"demo ALB, {e['demo_alb_hours']:g} h (ALB hour + {zones} public IPv4)", e["demo_alb"]),
        (f"traffic through the endpoints, {gb:g} GB × ${r.interface_endpoint_gb}", e["traffic"]),
        _flow_logs_row(config, r, e),
        ("total", e["total"]),
    ]
    nat = [("one NAT gateway", e["nat_one"]), ("one NAT gateway per AZ", e["nat_per_az"])]
    lines = [f"Cost estimate for {config.stack_name} in {config.region}, {zones} AZs, USD per month of "
             f"{HOURS_PER_MONTH} h ({SOURCE}):"]
    lines += [f"  {label:<56}{value:>9.2f}" for label, value in rows]
    lines += [f"  one demo hour (ALB + IPv4 + 1 LCU): ${e['one_demo_hour']}",
              "The NAT design it avoids (hourly + EIP, plus the same traffic at the NAT's per-GB rate):"]
    lines += [f"  {label:<56}{value:>9.2f}" for label, value in nat]
    lines.append("  " + _break_even("one NAT gateway", e["break_even_gb_one_nat"]))
    lines.append("  " + _break_even("one NAT gateway per AZ", e["break_even_gb_nat_per_az"]))
    if config.region == "ap-southeast-1" and n:
        lines.append(f"Note: the spec's §8 example ($0.01/AZ-h, 720 h, 3 endpoints) gives ${SPEC_EXAMPLE:.2f}; at "
                     f"this region's ${r.interface_endpoint_az_hour}/AZ-h and 730 h the same 3 cost "
                     f"${3 * zones * r.interface_endpoint_az_hour * HOURS_PER_MONTH:.2f}: the spec's figure is "
                     "out of date.")
    return "\n".join(lines)
