using Tollgate.Domain;
using Tollgate.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tollgate.Policies.Loading;

/// <summary>
/// Builds the one-line, line-numbered messages (<c>file:line:column: …</c>, exit 3) of a YAML file that does not
/// validate: the policy, and every other YAML a gate reads its settings from (an owners map).
/// </summary>
public sealed class YamlErrors(string source)
{
    public string Source { get; } = source;

    public InvalidInputException At(YamlNode node, string message) => At((int)node.Start.Line, (int)node.Start.Column, message);

    public InvalidInputException At(int line, int column, string message) =>
        new($"{Source}:{line}:{column}: {message}");

    /// <summary>The first document's root node, or null when the text holds none; text that is not YAML fails here.</summary>
    public YamlNode? Root(string text)
    {
        try
        {
            return YamlText.FirstRoot(text);
        }
        catch (YamlTooDeepException deep)
        {
            throw At((int)deep.Start.Line, (int)deep.Start.Column, deep.Message);
        }
        catch (YamlException e)
        {
            throw At((int)Math.Max(1, e.Start.Line), (int)Math.Max(1, e.Start.Column), "not valid YAML: " + e.Message.ReplaceLineEndings(" ").Trim());
        }
    }
}
