using System.CommandLine;
using Tollgate.Terraform.Graph;

namespace Tollgate.Cli.Commands;

/// <summary>
/// The limits shared by <c>graph</c> and <c>state-split</c> (command-line values override the policy's <c>rules:</c>
/// thresholds), and how a directory is read: its <c>.tf</c> files, plus <c>terraform graph</c> with <c>--terraform-graph</c>.
/// </summary>
public sealed class GraphOptions
{
    public Option<int?> FanOut { get; } = Limit(GraphLimit.FanOut, "Direct dependents above which a node is a hub (default 100)");

    public Option<int?> MaxBlastRadius { get; } = Limit(GraphLimit.MaxBlastRadius, "Review when a changed resource has more transitive dependents");

    public Option<int?> MaxChanged { get; } = Limit(GraphLimit.MaxChanged, "Review when more resources change");

    public Option<int?> MaxDestroyed { get; } = Limit(GraphLimit.MaxDestroyed, "Review when more resources are destroyed or replaced");

    public Option<bool> TerraformGraph { get; } = new("--terraform-graph")
    {
        Description = "For a directory, also run terraform graph and merge its edges (bounded by --terraform-timeout; default: the .tf files alone)",
    };

    public TerraformTimeoutOption TerraformTimeout { get; } = new();

    public void AddTo(Command command)
    {
        command.Options.Add(TerraformGraph);
        TerraformTimeout.AddTo(command);
        command.Options.Add(FanOut);
        command.Options.Add(MaxBlastRadius);
        command.Options.Add(MaxChanged);
        command.Options.Add(MaxDestroyed);
    }

    public GraphLimits Read(ParseResult parse) =>
        new(parse.GetValue(FanOut), parse.GetValue(MaxBlastRadius), parse.GetValue(MaxChanged), parse.GetValue(MaxDestroyed));

    /// <summary>A limit that refuses what <see cref="GraphLimit"/> refuses as a usage error (exit 3), in its words.</summary>
    private static Option<int?> Limit(GraphLimit limit, string description) => new(limit.Option!)
    {
        Description = $"{description} ({limit.Least} or more)",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (limit.Parse(text) is { } value)
            {
                return value;
            }

            result.AddError(limit.Refusal(limit.Option!, text));
            return null;
        },
    };
}
