variable "subnet_id" {
  type = string
}

variable "config" {
  type = any
}

variable "services" {
  type = list(string)
}

resource "terraform_data" "service" {
  for_each = toset(var.services)
  input = {
    name   = each.key
    subnet = var.subnet_id
    region = var.config.region
    team   = "app"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "terraform_data" "lb" {
  input = [for s in terraform_data.service : s.id]
}

output "endpoints" {
  value = { for name, s in terraform_data.service : name => "${name}.${var.config.tier}.example.internal" }
}
