# The configuration behind eng/bench-plan.sh's module-heavy plan: one module called for each of many keys.
# eng/bench/make-module-plan.py scales a real plan of it to hundreds of module copies.
variable "copies" {
  type    = number
  default = 2
}

module "svc" {
  source   = "./svc"
  for_each = toset([for i in range(var.copies) : "c${i}"])
  name     = each.key
}
