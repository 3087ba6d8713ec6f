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
    /// The root node of the one document that holds something (empty documents around it, a stray <c>---</c>, are
    /// passed over), the first (empty) one when none does, or null when the text holds no document. Throws
    /// <see cref="YamlSecondDocumentException"/> when two documents hold something,
    /// <see cref="YamlTooDeepException"/> when collections nest deeper than 64 levels, else
    /// <see cref="YamlException"/> for text that is not YAML.
    /// </summary>
    public static YamlNode? OnlyRoot(string text)
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

        var held = stream.Documents.Where(d => !IsEmpty(d.RootNode)).ToList();
        return held.Count switch
        {
            0 => stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode,
            1 => held[0].RootNode,
            _ => throw new YamlSecondDocumentException(held[1].RootNode.Start),
        };
    }

    /// <summary>A document with nothing in it: an empty <c>---</c> before or after the one that holds the file's content.</summary>
    private static bool IsEmpty(YamlNode root) =>
        root is YamlScalarNode { Value: null or "", Style: ScalarStyle.Plain or ScalarStyle.Any } scalar && scalar.Tag.IsEmpty && scalar.Anchor.IsEmpty;
}

/// <summary>
/// A file read as one YAML document holds a second one (after <c>---</c>), which would otherwise be dropped unread: a
/// policy whose <c>requireApprovals: 3</c> sat below a stray <c>---</c> asked for one approval. <see cref="YamlException.Start"/>
/// is where the second starts.
/// </summary>
public sealed class YamlSecondDocumentException(Mark at) : YamlException(at, at, "a second YAML document starts here (after ---), where this file holds one: merge them or remove the ---");

/// <summary>A YAML text nested deeper than the loader allows (64 levels); <see cref="YamlException.Start"/> is where.</summary>
public sealed class YamlTooDeepException(Mark at) : YamlException(at, at, $"nested deeper than {YamlPrecheck.Limit} levels");
