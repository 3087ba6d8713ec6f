using Tollgate.Domain;
using YamlDotNet.RepresentationModel;

namespace Tollgate.Policies.Loading;

/// <summary>Builds the one-line, line-numbered messages of a policy file that does not validate (exit 3).</summary>
internal sealed class PolicyErrors(string source)
{
    public string Source { get; } = source;

    public InvalidInputException At(YamlNode node, string message) => At((int)node.Start.Line, (int)node.Start.Column, message);

    public InvalidInputException At(int line, int column, string message) =>
        new($"{Source}:{line}:{column}: {message}");
}
