# Your network, made by your own HCL, fed into the Gitana module: it then creates no VPC, subnet
# or route. Private subnets need a way out (here one NAT gateway) for image pulls and AWS APIs;
# data subnets need none.
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
}

variable "region" {
  type    = string
  default = "eu-central-1"
}

variable "domain_name" {
  type = string
}

variable "hosted_zone_id" {
  type = string
}

locals {
  zones = [for zone in ["a", "b", "c"] : "${var.region}${zone}"]
}

resource "aws_vpc" "main" {
  cidr_block           = "10.80.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = { Name = "shared" }
}

resource "aws_subnet" "public" {
  count             = 3
  vpc_id            = aws_vpc.main.id
  availability_zone = local.zones[count.index]
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)
  tags              = { Name = "shared-public-${local.zones[count.index]}" }
}

resource "aws_subnet" "private" {
  count             = 3
  vpc_id            = aws_vpc.main.id
  availability_zone = local.zones[count.index]
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 4, count.index + 1)
  tags              = { Name = "shared-private-${local.zones[count.index]}" }
}

resource "aws_subnet" "data" {
  count             = 3
  vpc_id            = aws_vpc.main.id
  availability_zone = local.zones[count.index]
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index + 200)
  tags              = { Name = "shared-data-${local.zones[count.index]}" }
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}

resource "aws_eip" "nat" {
  domain = "vpc"
}

resource "aws_nat_gateway" "main" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public[0].id
  depends_on    = [aws_internet_gateway.main]
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.main.id
  }
}

resource "aws_route_table_association" "public" {
  count          = 3
  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}

resource "aws_route_table_association" "private" {
  count          = 3
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private.id
}

module "gitana" {
  source = "../../dist/terraform-module/gitana"

  name_prefix        = "shared"
  env_name           = "cms"
  availability_zones = local.zones
  tags               = { Team = "content" }

  create_network     = false
  vpc_id             = aws_vpc.main.id
  vpc_cidr           = aws_vpc.main.cidr_block
  public_subnet_ids  = aws_subnet.public[*].id
  private_subnet_ids = aws_subnet.private[*].id
  data_subnet_ids    = aws_subnet.data[*].id

  domain_name    = var.domain_name
  hosted_zone_id = var.hosted_zone_id

  # Smaller than the prod defaults.
  documentdb_instance_class = "db.r6g.large"
  opensearch_instance_type  = "r7g.large.search"
  log_retention_days        = 365
}

output "urls" {
  value = module.gitana.urls
}
