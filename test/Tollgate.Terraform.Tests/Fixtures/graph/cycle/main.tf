# Two resources that read each other through a local: terraform refuses to plan this.
locals {
  a_id = terraform_data.a.id
}

resource "terraform_data" "a" {
  input = terraform_data.b.output
}

resource "terraform_data" "b" {
  input = local.a_id
}
