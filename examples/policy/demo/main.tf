# A configuration to try the example policy without a cloud account: terraform_data needs no provider download.
# Apply it once, then set stage=2 to plan two destroys and an update:
#   terraform init && terraform apply -auto-approve
#   terraform plan -var stage=2 -out=tfplan && terraform show -json tfplan > plan.json
#   tollgate plan plan.json --policy ../tollgate.yaml
variable "stage" {
  type    = number
  default = 1
}

resource "terraform_data" "legacy_queue" {
  count = var.stage == 1 ? 1 : 0
  input = { tags = { owner = "platform" } }
}

resource "terraform_data" "db_orders" {
  count = var.stage == 1 ? 1 : 0
  input = { tags = { owner = "data" } }
}

resource "terraform_data" "web" {
  input = { tags = var.stage == 1 ? { owner = "web" } : {}, replicas = var.stage * 2 }
}
