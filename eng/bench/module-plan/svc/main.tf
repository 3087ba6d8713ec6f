variable "name" {
  type = string
}

variable "retired" {
  type    = bool
  default = false
}

resource "terraform_data" "config" {
  input = { name = var.name, owner = "team-${length(var.name)}" }
}

resource "terraform_data" "node" {
  count = 3
  input = { name = "${var.name}-${count.index}", config = terraform_data.config.id }
}

# Removed by the change the benchmark plans: one destroy per module copy.
resource "terraform_data" "gone" {
  count = var.retired ? 0 : 1
  input = var.name
}
