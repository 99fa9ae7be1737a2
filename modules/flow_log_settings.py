"""The values VPC flow logs accept, without a cdktf import (configuration checks use them too)."""
DESTINATIONS = ("cloudwatch", "s3")
TRAFFIC_TYPES = ("ALL", "ACCEPT", "REJECT")
# The values CloudWatch Logs accepts for a log group's retention (PutRetentionPolicy).
RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
                  2922, 3288, 3653)
