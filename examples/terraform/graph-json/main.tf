# Hand-written half of a configuration whose other half (services.tf.json) a tool generates.
# terraform refuses it: api and db read each other through local.api_url, and cache waits for api
# by depends_on while api reads cache. Two cycles through api, one strongly connected component.
locals {
  api_url = "https://${terraform_data.api.id}.internal"
}

resource "terraform_data" "api" {
  input = {
    db    = terraform_data.db.output
    cache = terraform_data.cache.output
  }
}
