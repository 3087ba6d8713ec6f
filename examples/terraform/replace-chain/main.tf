# The cluster trigger changed (v1 -> v2). Replacing the cluster forces the node pool, which forces the ingress:
# one root cause, two consequences. terraform.tfstate holds the state applied with "v1".
resource "terraform_data" "cluster" {
  input            = "k8s-1.30"
  triggers_replace = "v2"
}

resource "terraform_data" "node_pool" {
  triggers_replace = terraform_data.cluster.id
}

resource "terraform_data" "ingress" {
  triggers_replace = terraform_data.node_pool.id
}

resource "terraform_data" "dns" {
  input = "app.example.com"
}
