using Tollgate.Domain;
using Tollgate.Domain.Findings;

namespace Tollgate.Terraform.Graph.Config;

/// <summary>
/// The names each module declares, with where each was first declared. Terraform refuses a module that declares one
/// twice, across all of its files (<c>.tf</c> and <c>.tf.json</c> alike; terraform 1.11's <c>validate</c> and
/// <c>init</c>: <c>Duplicate resource "terraform_data" configuration</c>, <c>Duplicate data "…" configuration</c>,
/// <c>Duplicate module call</c>, <c>Duplicate variable declaration</c>, <c>Duplicate output definition</c>,
/// <c>Duplicate local value definition</c>; see
/// <see href="https://github.com/hashicorp/terraform/blob/v1.11.4/internal/configs/module.go"/>): a resource or a data
/// source of one type and name (a resource and a data source may share both; <c>count</c> and <c>for_each</c> make no
/// difference), a module call, a variable, an output, a local value. So does this loader, with one line naming both
/// places, where reading on would have counted the block once and passed. Override files merge into what they name
/// instead, so they declare nothing here.
/// </summary>
internal sealed class ModuleDeclarations
{
    private readonly Dictionary<(string Module, string Kind, string Name), SourceLocation> _first = [];

    /// <summary>
    /// Records <paramref name="name"/> (a resource's <c>type.name</c> or <c>data.type.name</c>, or a module call's,
    /// variable's, output's or local's name) of <paramref name="kind"/> (<c>resource</c>, <c>module</c>,
    /// <c>variable</c>, <c>output</c>, <c>local</c>) in <paramref name="module"/>; a second of the same is bad input.
    /// </summary>
    public void Declare(string module, string kind, string name, SourceLocation at)
    {
        if (!_first.TryAdd((module, kind, name), at))
        {
            throw Twice(module, kind, name, _first[(module, kind, name)], at);
        }
    }

    private static InvalidInputException Twice(string module, string kind, string name, SourceLocation first, SourceLocation again)
    {
        var (what, terraform) = kind switch
        {
            "resource" when name.StartsWith("data.", StringComparison.Ordinal) => ($"data source {name}", $"Duplicate data \"{TypeOf(name[5..])}\" configuration"),
            "resource" => ($"resource {name}", $"Duplicate resource \"{TypeOf(name)}\" configuration"),
            "module" => ($"module call module.{name}", "Duplicate module call"),
            "variable" => ($"variable var.{name}", "Duplicate variable declaration"),
            "output" => ($"output {name}", "Duplicate output definition"),
            _ => ($"local value local.{name}", "Duplicate local value definition"),
        };
        var where = module.Length == 0 ? "the root module" : module;
        return new InvalidInputException($"{again}: {what} is declared twice in {where} (first at {first}): terraform refuses it ({terraform})");
    }

    private static string TypeOf(string address) => address[..address.IndexOf('.', StringComparison.Ordinal)];
}
