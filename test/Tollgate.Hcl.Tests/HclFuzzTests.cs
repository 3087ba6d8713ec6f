using CsCheck;
using Tollgate.Hcl.Syntax;
using Tollgate.Testing;

namespace Tollgate.Hcl.Tests;

/// <summary>Mutated and generated configurations: a parse or a positioned syntax error, never another exception.</summary>
public sealed class HclFuzzTests
{
    private const string Seed = """
        terraform {
          required_version = ">= 1.5"
        }

        locals {
          name   = "app-${var.env}"
          ports  = [for p in var.ports : p * 2 if p > 0]
          lookup = { for k, v in var.map : k => upper(v)... }
          banner = <<-EOT
            Hello ${local.name}
            %{ for p in local.ports ~}port ${p}
            %{ endfor ~}
          EOT
        }

        module "network" {
          source = "./modules/network"
          cidr   = var.cidr != null ? var.cidr : "10.0.0.0/16"
          tags   = merge(local.tags, { Name = "net" })
        }

        resource "aws_instance" "web" {
          count         = length(module.network.subnets[*].id)
          ami           = data.aws_ami.ubuntu.id
          subnet_id     = module.network.subnets[count.index].id
          user_data     = templatefile("${path.module}/init.sh", { port = local.ports[0] })
          dynamic "ebs_block_device" {
            for_each = var.disks
            content {
              device_name = ebs_block_device.value.name
              volume_size = try(ebs_block_device.value.size, 10) + -1 * 2 % 3
            }
          }
          lifecycle { ignore_changes = [tags] }
        }
        """;

    private static readonly string[] Tokens = ["{", "}", "[", "]", "(", ")", "\"", "${", "%{", "=", ",", ":", "?", "a", "b.c", "1", " ", "\n", "for", "in", "if", "=>", "...", "<<EOT\n", "EOT\n", "#", "/*", "*/", "-", "!", "[*]", "~"];

    [Fact]
    public void Parse_MutatedConfiguration_ParsesOrReportsASyntaxError() =>
        Fuzz.Mutations(Seed).Sample(ParsesOrSyntaxError, iter: Fuzz.Iterations(3_000));

    [Fact]
    public void Parse_GeneratedTokenSoup_ParsesOrReportsASyntaxError() =>
        Gen.Int[0, Tokens.Length - 1].Select(i => Tokens[i])
            .Array[0, 200]
            .Select(string.Concat)
            .Sample(ParsesOrSyntaxError, iter: Fuzz.Iterations(3_000));

    private static void ParsesOrSyntaxError(string text)
    {
        try
        {
            HclParser.Parse("fuzz.tf", text);
        }
        catch (HclSyntaxException e)
        {
            e.Position.Line.ShouldBeGreaterThan(0);
        }
    }
}
