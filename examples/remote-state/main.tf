# The Gitana module fed from another team's state: the network state publishes its VPC and
# subnets as outputs, this root reads them with terraform_remote_state and passes them on.
#
#   npm run synth:module                  # writes ../../dist/terraform-module/gitana
#   terraform init && terraform plan -var-file=acme.tfvars

terraform {
  required_version = ">= 1.11.0"
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 5.100.0, < 7.0.0" }
  }
}

provider "aws" {
  region = var.region
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "network_state" {
  type        = object({ bucket = string, key = string, region = string })
  description = "Where the network's Terraform state lives (S3 backend)"
}

variable "allowed_account_ids" {
  type        = list(string)
  description = "The accounts this root may plan in (the module stops the plan in any other)"
}

variable "domain_name" {
  type = string
}

variable "hosted_zone_id" {
  type = string
}

# Outputs it needs: vpc_id, vpc_cidr, availability_zones, public_subnet_ids, private_subnet_ids,
# data_subnet_ids (three each, in availability_zones order).
data "terraform_remote_state" "network" {
  backend = "s3"
  config  = var.network_state
}

locals {
  network = data.terraform_remote_state.network.outputs
}

module "gitana" {
  source = "../../dist/terraform-module/gitana"

  name_prefix         = "acme"
  env_name            = "staging"
  availability_zones  = local.network.availability_zones
  allowed_account_ids = var.allowed_account_ids

  create_network     = false
  vpc_id             = local.network.vpc_id
  vpc_cidr           = local.network.vpc_cidr
  public_subnet_ids  = local.network.public_subnet_ids
  private_subnet_ids = local.network.private_subnet_ids
  data_subnet_ids    = local.network.data_subnet_ids

  domain_name    = var.domain_name
  hosted_zone_id = var.hosted_zone_id
}

output "urls" {
  value = module.gitana.urls
}
