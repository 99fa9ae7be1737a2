"""HandoffParametersProps: where the network's ids are published in SSM."""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import Invariants

SSM_PATH = re.compile(r"^(/[A-Za-z0-9._-]+)+$")


@dataclass(frozen=True, kw_only=True)
class HandoffParametersProps:
    #: Parameters go under this path, e.g. ``/mlops-hybrid/network/vpc_id``.
    path: str = "/mlops-hybrid/network"

    def __post_init__(self) -> None:
        check = Invariants()
        if check.require(bool(SSM_PATH.match(self.path)), "path", self.path, "is not an SSM parameter path",
                         "start with '/', no trailing '/', letters, digits and . - _ /, e.g. '/mlops-hybrid/network'"):
            # SSM reserves names beginning with aws or ssm, and a name has at most 15 levels, its own included
            # (https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-su-create.html).
            top = self.path.split("/")[1].lower()
            check.require(not top.startswith(("aws", "ssm")), "path", self.path, "begins with 'aws' or 'ssm', "
                          "which SSM reserves", "start the path with your own name, e.g. '/mlops-hybrid/network'")
            check.require(self.path.count("/") < 15, "path", self.path, "is more than 14 levels deep (SSM allows "
                          "15 with the parameter's own name)", "use fewer levels")
        check.done(self)
