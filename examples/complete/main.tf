# The Gitana module on its own: it creates its network (VPC, three subnets per tier, NAT, flow
# logs) and everything Gitana needs. Your root brings the provider (account, region, credentials)
# and the backend; the module reads account and region from the provider.
#
#   npm run synth:module                  # writes ../../dist/terraform-module/gitana
#   terraform init && terraform plan -var domain_name=cms.acme.io -var hosted_zone_id=Z...

terraform {
  required_version = ">= 1.11.0"
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 5.100.0, < 7.0.0" }
  }
}

provider "aws" {
  region = var.region
  # Your estate's tags stay yours; the module adds var.tags to every resource it makes.
  default_tags {
    tags = { ManagedBy = "terraform" }
  }
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "domain_name" {
  type        = string
  description = "Gitana is served at api.<domain_name> and ui.<domain_name>"
}

variable "hosted_zone_id" {
  type        = string
  description = "The public Route 53 zone of domain_name"
}

module "gitana" {
  # A pinned release: an extracted gitana-module-<version>.tar.gz, or its URL (see docs/module-mode.md).
  source = "../../dist/terraform-module/gitana"

  name_prefix        = "acme"
  env_name           = "prod"
  availability_zones = [for zone in ["a", "b", "c"] : "${var.region}${zone}"]
  tags               = { CostCenter = "cms", Owner = "platform-team" }

  domain_name    = var.domain_name
  hosted_zone_id = var.hosted_zone_id
}

output "urls" {
  description = "Where Gitana answers"
  value       = module.gitana.urls
}

output "vpc_id" {
  description = "The VPC the module created"
  value       = module.gitana.vpc_id
}
