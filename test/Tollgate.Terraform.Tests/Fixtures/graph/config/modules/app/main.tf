variable "subnet_id" {}

resource "terraform_data" "server" {
  input = var.subnet_id
}

resource "terraform_data" "lb" {
  input = terraform_data.server.id
}

output "endpoint" {
  value = terraform_data.lb.output
}
