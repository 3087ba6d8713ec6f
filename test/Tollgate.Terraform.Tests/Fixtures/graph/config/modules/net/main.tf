variable "vpc_id" {}

resource "terraform_data" "subnet" {
  input = var.vpc_id
}

output "subnet_id" {
  value = terraform_data.subnet.id
}
