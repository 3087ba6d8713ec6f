using System.CommandLine;
using System.Globalization;
using Tollgate.Terraform.Graph;

namespace Tollgate.Cli.Commands;

/// <summary>
/// The limits shared by <c>graph</c> and <c>state-split</c> (command-line values override the policy's <c>rules:</c>
/// thresholds), and how a directory is read: its <c>.tf</c> files, plus <c>terraform graph</c> with <c>--terraform-graph</c>.
/// </summary>
public sealed class GraphOptions
{
    public Option<int?> FanOut { get; } = Limit("--fan-out", 1, "Direct dependents above which a node is a hub (default 100)");

    public Option<int?> MaxBlastRadius { get; } = Limit("--max-blast-radius", 0, "Review when a changed resource has more transitive dependents");

    public Option<int?> MaxChanged { get; } = Limit("--max-changed", 0, "Review when more resources change");

    public Option<int?> MaxDestroyed { get; } = Limit("--max-destroyed", 0, "Review when more resources are destroyed or replaced");

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

    /// <summary>
    /// A limit that refuses anything but a whole number of at least <paramref name="least"/> as a usage error (exit 3):
    /// a negative limit, or a fan-out of 0 that makes every node with a dependent a hub, would silently change what the
    /// gate checks.
    /// </summary>
    private static Option<int?> Limit(string name, int least, string description) => new(name)
    {
        Description = $"{description} ({least} or more)",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= least)
            {
                return value;
            }

            result.AddError($"{name} {text} is not a whole number of {least} or more");
            return null;
        },
    };
}
