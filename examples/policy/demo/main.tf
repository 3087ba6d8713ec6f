# A plan to try the example policies without a cloud account (terraform_data needs no provider download).
# terraform.tfstate is the "before": legacy_queue, db_orders and web with an owner tag. This configuration is the
# "after": the queue and the database are gone and web lost its owner tag. From the repository root:
#   tollgate plan examples/policy/demo --policy examples/policy/tollgate.yaml
resource "terraform_data" "web" {
  input = { tags = {}, replicas = 4 }
}
