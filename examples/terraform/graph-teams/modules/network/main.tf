variable "cidr" {
  type = string
}

locals {
  subnets = { for i, zone in ["a", "b", "c"] : zone => cidrsubnet(var.cidr, 8, i) }
}

resource "terraform_data" "vpc" {
  input = { cidr = var.cidr, team = "networking" }
}

resource "terraform_data" "subnet" {
  for_each = local.subnets
  input    = "${terraform_data.vpc.id}/${each.value}"
}

output "subnet_id" {
  value = terraform_data.subnet["a"].id
}
