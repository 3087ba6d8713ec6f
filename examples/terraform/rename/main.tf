# The database was renamed from "database" to "orders_db" without a moved block; the app is pinned to the
# database with triggers_replace. terraform.tfstate holds the state applied before the rename, so
# `tollgate plan .` shows what this change would really do.
resource "terraform_data" "network" {
  input = { cidr = "10.0.0.0/16", owner = "platform" }
}

resource "terraform_data" "orders_db" {
  input = { engine = "postgres", size = "db.m5.large", subnet = terraform_data.network.output.cidr }
}

resource "terraform_data" "app" {
  input            = { replicas = 3 }
  triggers_replace = terraform_data.orders_db.id
}
