# A dependency cycle that terraform refuses to plan ("Error: Cycle: …"): the bucket policy needs the role,
# the role's trust policy was written against the bucket through a local. `tollgate graph` names the cycle
# from the .tf files alone and points at the edge to cut.

locals {
  bucket_arn = "arn:aws:s3:::${terraform_data.bucket.id}"
}

resource "terraform_data" "bucket" {
  input = {
    policy_role = terraform_data.role.output
  }
}

resource "terraform_data" "role" {
  input = {
    trust = local.bucket_arn
  }
}

resource "terraform_data" "audit" {
  input      = terraform_data.bucket.id
  depends_on = [terraform_data.role]
}
