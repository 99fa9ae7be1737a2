"""The predefined security policies an Application Load Balancer's HTTPS listener accepts (it takes no
custom ones), from AWS's "Security policies for your Application Load Balancer",
https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html (read
2026-11-30). A name not listed here fails only at apply time, on AWS; add new ones here with the date."""
ALB_SECURITY_POLICIES = frozenset({
    "ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-TLS-1-1-2017-01", "ELBSecurityPolicy-TLS-1-2-2017-01",
    "ELBSecurityPolicy-TLS-1-2-Ext-2018-06", "ELBSecurityPolicy-FS-2018-06", "ELBSecurityPolicy-FS-1-1-2019-08",
    "ELBSecurityPolicy-FS-1-2-2019-08", "ELBSecurityPolicy-FS-1-2-Res-2019-08", "ELBSecurityPolicy-FS-1-2-Res-2020-10",
    # TLS 1.3 (2021-06), their FIPS forms (2023-04, RFC 9151 2023-07) and post-quantum forms (2025-09)
    *(f"ELBSecurityPolicy-TLS13-{v}-2021-06" for v in ("1-0", "1-1", "1-2", "1-2-Res", "1-2-Ext1", "1-2-Ext2", "1-3")),
    *(f"ELBSecurityPolicy-TLS13-{v}-FIPS-2023-04"
      for v in ("1-0", "1-1", "1-2", "1-2-Res", "1-2-Ext0", "1-2-Ext1", "1-2-Ext2", "1-3")),
    *(f"ELBSecurityPolicy-TLS13-{v}-FIPS-2023-07"
      for v in ("1-2-RFC9151", "1-2-Ext0-RFC9151", "1-3-RFC9151", *(f"1-2-RFC9151-INTEROP{i}" for i in range(1, 5)))),
    *(f"ELBSecurityPolicy-TLS13-{v}-PQ-2025-09" for v in ("1-0", "1-2", "1-2-Res", "1-2-Ext1", "1-2-Ext2", "1-3")),
    *(f"ELBSecurityPolicy-TLS13-{v}-FIPS-PQ-2025-09"
      for v in ("1-0", "1-2", "1-2-Res", "1-2-Ext0", "1-2-Ext1", "1-2-Ext2", "1-3")),
})
#: Our rule on top of AWS's: a TLS 1.3 policy whose lowest protocol is TLS 1.2 or 1.3.
MODERN_PREFIXES = ("ELBSecurityPolicy-TLS13-1-2-", "ELBSecurityPolicy-TLS13-1-3-")
