#!/bin/bash
# Makes a real terraform 1.11 plan (terraform_data only, no provider download) of the shape big monorepos have, for
# the rename-pairing benchmark (docs/benchmarks.md): 20 for_each copies of a module with a nested module, count,
# depends_on, replace_triggered_by, a renamed resource with a moved block, a removed copy and a failing check block.
# Applies v1 in DIR/cfg, then plans v2 and prints the path of its JSON (DIR/cfg/p2.json); scale it with
# eng/bench/rename-plan/scale.py.  Usage: eng/bench/rename-plan/make.sh DIR
set -e; W=$1; mkdir -p $W/cfg/modules/svc $W/cfg/modules/db; cd $W/cfg
cat > modules/db/main.tf <<'EOF'
variable "name" { type = string }
variable "size" { type = number }
resource "terraform_data" "primary" {
  input = { name = "${var.name}-db", size = var.size }
}
resource "terraform_data" "replica" {
  count      = 2
  input      = { name = "${var.name}-replica-${count.index}", primary = terraform_data.primary.id }
  depends_on = [terraform_data.primary]
}
output "endpoint" { value = terraform_data.primary.id }
EOF
cat > modules/svc/main.tf <<'EOF'
variable "name" { type = string }
variable "hub_id" { type = string }
variable "gen" { type = number }
resource "terraform_data" "config" {
  input = { name = var.name, hub = var.hub_id }
}
module "db" {
  source = "../db"
  name   = var.name
  size   = 10
}
resource "terraform_data" "app" {
  count            = 3
  input            = { name = "${var.name}-app-${count.index}", db = module.db.endpoint }
  triggers_replace = [terraform_data.config.output.hub]
  lifecycle { replace_triggered_by = [terraform_data.config] }
}
resource "terraform_data" "queue" {
  for_each = toset(["in", "out"])
  input    = { name = "${var.name}-${each.key}", gen = var.gen }
}
resource "terraform_data" "cache_old" {
  input = { name = "${var.name}-cache", tier = "small" }
}
output "config_id" { value = terraform_data.config.id }
EOF
cat > main.tf <<'EOF'
variable "services" { type = list(string) }
variable "hub_rev" { type = string }
resource "terraform_data" "hub" {
  input = { rev = var.hub_rev }
}
module "svc" {
  for_each   = toset(var.services)
  source     = "./modules/svc"
  name       = each.key
  hub_id     = terraform_data.hub.output.rev
  gen        = 1
  depends_on = [terraform_data.hub]
}
resource "terraform_data" "dns" {
  for_each = module.svc
  input    = { svc = each.key, cfg = each.value.config_id }
}
check "hub_rev_ok" {
  assert {
    condition     = var.hub_rev != "bad"
    error_message = "hub_rev must not be bad"
  }
}
EOF
python3 -c "import json; print(json.dumps({'services':['svc%02d'%i for i in range(20)],'hub_rev':'r1'}))" > v1.tfvars.json
terraform init -input=false >/dev/null 2>&1
terraform apply -auto-approve -input=false -var-file=v1.tfvars.json -parallelism=20 >/dev/null 2>&1
sed -i 's/"cache_old"/"cache"/' modules/svc/main.tf
sed -i 's/resource "terraform_data" "dns"/resource "terraform_data" "record"/' main.tf
printf 'moved {\n  from = terraform_data.dns\n  to   = terraform_data.record\n}\n' >> main.tf
python3 -c "import json; print(json.dumps({'services':['svc%02d'%i for i in range(18)],'hub_rev':'bad'}))" > v2.tfvars.json
terraform plan -input=false -var-file=v2.tfvars.json -out=p2.bin >/dev/null 2>&1
terraform show -json p2.bin > p2.json 2>/dev/null
echo $W/cfg/p2.json
