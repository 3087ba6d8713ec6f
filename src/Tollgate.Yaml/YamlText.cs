using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tollgate.Yaml;

/// <summary>
/// Loads a YAML text into YamlDotNet's node model so that every way it can fail is a <see cref="YamlException"/> with a
/// position: <see cref="YamlPrecheck"/> reads the events first, and anything the node model still throws besides a YAML
/// error is turned into one at the last event read.
/// </summary>
public static class YamlText
{
    /// <summary>
    /// The first document's root node, or null when the text holds no document. Throws
    /// <see cref="YamlTooDeepException"/> when collections nest deeper than 64 levels, else
    /// <see cref="YamlException"/> for text that is not YAML.
    /// </summary>
    public static YamlNode? FirstRoot(string text)
    {
        if (YamlPrecheck.FirstTooDeep(text) is { } deep)
        {
            throw new YamlTooDeepException(new Mark(0, deep.Line, deep.Column));
        }

        var parser = new Parser(new StringReader(text));
        var stream = new YamlStream();
        try
        {
            stream.Load(parser);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            var at = parser.Current?.Start ?? Mark.Empty;
            throw new YamlException(at, at, "the YAML reader cannot read what follows", e);
        }

        return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
    }
}

/// <summary>A YAML text nested deeper than the loader allows (64 levels); <see cref="YamlException.Start"/> is where.</summary>
public sealed class YamlTooDeepException(Mark at) : YamlException(at, at, $"nested deeper than {YamlPrecheck.Limit} levels");
