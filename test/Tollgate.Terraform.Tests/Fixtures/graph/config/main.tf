# A small configuration with every kind of edge terraform graph draws: a module call with depends_on,
# a local, a module output, a data source, and a resource outside any module.
resource "terraform_data" "vpc" {
  input = "vpc-main"
}

locals {
  vpc_id = terraform_data.vpc.id
}

module "net" {
  source = "./modules/net"
  vpc_id = local.vpc_id
}

module "app" {
  source     = "./modules/app"
  subnet_id  = module.net.subnet_id
  depends_on = [terraform_data.vpc]
}

resource "terraform_data" "dns" {
  input = module.app.endpoint
}
