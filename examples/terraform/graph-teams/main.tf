# Two teams' modules in one state, with the structural problems `tollgate graph` and `tollgate state-split` find:
# a depends_on on a module call, a depends_on a reference could carry, and a shared hub every service reads.
# Only terraform_data is used, so it plans and applies with no provider download.

module "network" {
  source = "./modules/network"
  cidr   = "10.0.0.0/16"
}

resource "terraform_data" "shared_config" {
  input = {
    region = "eu-west-1"
    tier   = "prod"
  }
}

module "app" {
  source     = "./modules/app"
  subnet_id  = module.network.subnet_id
  config     = terraform_data.shared_config.output
  services   = ["orders", "payments", "search"]
  depends_on = [module.network]
}

resource "terraform_data" "dns" {
  input      = module.app.endpoints
  depends_on = [terraform_data.shared_config]
}
