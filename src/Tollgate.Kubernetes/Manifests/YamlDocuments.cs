using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Domain;
using Tollgate.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Tollgate.Kubernetes.Manifests;

/// <summary>
/// Reads a multi-document YAML text into JSON trees, one per document, from YamlDotNet's parser events with an
/// explicit stack, so no input can exhaust the call stack. Bounded: collections nest at most <see cref="MaxDepth"/>
/// deep and a text (aliases expanded) makes at most <see cref="MaxNodes"/> nodes, so a billion-laughs text is refused
/// rather than expanded. Anchors, aliases and <c>&lt;&lt;</c> merge keys are resolved (merged where written, as go-yaml v2 does); a repeated key is an error,
/// as it is for <c>kubectl</c>. Anything that is not YAML is an <see cref="InvalidInputException"/> naming
/// <c>file:line:column</c> (exit 3), worded by <see cref="YamlErrors"/> as a policy's or a canary spec's is. A stream
/// of JSON objects (<c>jq -c</c>'s) is read object by object, as kubectl reads it (<see cref="JsonStream"/>).
/// </summary>
public static class YamlDocuments
{
    /// <summary>Deeper than policies (64): CustomResourceDefinition schemas in chart output nest deep.</summary>
    public const int MaxDepth = 256;

    public const int MaxNodes = 2_000_000;

    private const string MergeKey = "<<";

    private const string BinaryTag = "tag:yaml.org,2002:binary";

    private const string MergeTag = "tag:yaml.org,2002:merge";

    public static IReadOnlyList<ManifestDocument> Read(ManifestText input)
    {
        var helm = HelmSources(input.Text);
        var (text, place) = JsonStream.Separate(input.Text);
        var errors = new YamlErrors(input.Name) { Place = place };
        var parser = new Parser(new StringReader(text));
        var documents = new List<ManifestDocument>();
        var last = Mark.Empty;
        var nodes = 0;
        try
        {
            var previousEnd = 0L;
            while (Next(parser, ref last) is { } parsingEvent && parsingEvent is not StreamEnd)
            {
                if (parsingEvent is not DocumentStart)
                {
                    continue;
                }

                var document = new DocumentBuilder(errors, place);
                var (root, line) = document.Build(parser, ref last, ref nodes);
                var end = last.Line;
                if (root is not null)
                {
                    documents.Add(new ManifestDocument(input.Name, line, root, document.Spans, document.Written)
                    {
                        Flow = document.Flow,
                        HelmSource = helm.LastOrDefault(h => h.Line < line && h.Line > previousEnd).Source,
                    });
                }

                previousEnd = Math.Max(previousEnd, end);
            }
        }
        catch (YamlException e)
        {
            throw errors.NotValid(e, last, input.Text);
        }

        return documents;
    }

    private static ParsingEvent? Next(IParser parser, ref Mark last)
    {
        try
        {
            if (!parser.MoveNext())
            {
                return null;
            }
        }
        catch (InvalidOperationException e)
        {
            throw new YamlException(last, last, "the YAML reader cannot read what follows", e);
        }

        last = parser.Current!.Start;
        return parser.Current;
    }

    /// <summary>The <c># Source: path</c> comments <c>helm template</c> writes above each document, with their lines.</summary>
    private static List<(long Line, string? Source)> HelmSources(string text)
    {
        var found = new List<(long, string?)>();
        var line = 0L;
        foreach (var row in text.AsSpan().EnumerateLines())
        {
            line++;
            var trimmed = row.TrimStart();
            if (trimmed.StartsWith("# Source: ", StringComparison.Ordinal))
            {
                found.Add((line, trimmed["# Source: ".Length..].Trim().ToString()));
            }
        }

        return found;
    }

    /// <summary>
    /// One document's tree, built on an explicit stack of open collections. A value reached through an alias or a
    /// <c>&lt;&lt;</c> merge key is a copy of its anchor's that keeps each node's text as written (<c>1.0</c>, not the
    /// <c>1</c> of its JSON form) and line; an alias's copy starts on the alias's line, where the value is used.
    /// </summary>
    private sealed class DocumentBuilder(YamlErrors errors, Func<long, long, (long Line, long Column)>? place)
    {
        private readonly Dictionary<string, (JsonNode? Node, int Size)> _anchors = new(StringComparer.Ordinal);
        private readonly List<Frame> _open = [];
        private JsonNode? _root;
        private long _line;

        public ConditionalWeakTable<JsonNode, NodeSpan> Spans { get; } = new();

        /// <summary>Whether the document's value is a flow collection (<c>{…}</c>, JSON): its nodes' lines alone may not tell them apart.</summary>
        public bool Flow { get; private set; }

        /// <summary>The text of each scalar read as a number or a boolean (<c>1.0</c>, <c>0x1F</c>, <c>yes</c>), or as the bytes of a <c>!!binary</c> (its base64), as written.</summary>
        public ConditionalWeakTable<JsonNode, string> Written { get; } = new();

        public (JsonNode? Root, int Line) Build(IParser parser, ref Mark last, ref int nodes)
        {
            while (Next(parser, ref last) is { } e)
            {
                if (_line == 0 && e is NodeEvent)
                {
                    _line = Place(e.Start).Line;
                    Flow = e is MappingStart { Style: MappingStyle.Flow } or SequenceStart { Style: SequenceStyle.Flow };
                }

                switch (e)
                {
                    case DocumentEnd:
                        return (_root, (int)Math.Max(1, _line));
                    case Scalar scalar:
                        if (Top is { IsMapping: true, Key: null } keyed)
                        {
                            keyed.KeyIsMerge = IsMerge(scalar);
                            keyed.Key = keyed.KeyIsMerge ? MergeKey : YamlScalars.Key(scalar, errors);
                            if (!keyed.KeyIsMerge && !keyed.Written.Add(keyed.Key))
                            {
                                throw new YamlException(scalar.Start, scalar.End, $"key '{scalar.Value}' is already defined in this mapping");
                            }

                            break;
                        }

                        Count(ref nodes, 1, scalar.Start);
                        var resolved = YamlScalars.Resolve(scalar, errors);
                        if (resolved is JsonValue typed && (typed.GetValueKind() != JsonValueKind.String || scalar.Tag is { IsEmpty: false, IsNonSpecific: false, Value: BinaryTag }))
                        {
                            Written.Add(resolved, scalar.Value);
                        }

                        Attach(resolved, scalar.Start, scalar.End, scalar.Anchor, 1, ref nodes);
                        break;
                    case AnchorAlias alias:
                        ExpectValue(alias);
                        if (!_anchors.TryGetValue(alias.Value.Value, out var anchored))
                        {
                            throw new YamlException(alias.Start, alias.End, $"alias *{alias.Value.Value} names no anchor before it");
                        }

                        Count(ref nodes, anchored.Size, alias.Start);
                        Attach(Copy(anchored.Node), alias.Start, alias.End, AnchorName.Empty, anchored.Size, ref nodes);
                        break;
                    case MappingStart mapping:
                        ExpectValue(mapping);
                        Open(new JsonObject(), mapping, mapping.Anchor, mapping.Style == MappingStyle.Flow, ref nodes);
                        break;
                    case SequenceStart sequence:
                        ExpectValue(sequence);
                        Open(new JsonArray(), sequence, sequence.Anchor, sequence.Style == SequenceStyle.Flow, ref nodes);
                        break;
                    case MappingEnd or SequenceEnd:
                        var frame = _open[^1];
                        _open.RemoveAt(_open.Count - 1);
                        // A flow collection ends just after its bracket (the parser marks the bracket itself); a block
                        // one where its last value does, not where the parser sees it end (at the next token, lines
                        // below after blank lines and comments).
                        var end = frame.Flow ? new Mark(e.Start.Index + 1, e.Start.Line, e.Start.Column + 1) : frame.LastEnd ?? e.End;
                        Attach(frame.Node, frame.Start, end, frame.Anchor, nodes - frame.Count + 1, ref nodes);
                        break;
                }
            }

            throw new YamlException(last, last, "the document ends early");
        }

        /// <summary>Where <paramref name="mark"/> of the text parsed is in the text as written (<see cref="JsonStream"/>).</summary>
        private (long Line, long Column) Place(Mark mark) => place?.Invoke(mark.Line, mark.Column) ?? (mark.Line, mark.Column);

        private Frame? Top => _open.Count == 0 ? null : _open[^1];

        private void ExpectValue(ParsingEvent e)
        {
            if (Top is { IsMapping: true, Key: null })
            {
                throw new YamlException(e.Start, e.End, "a mapping key must be a plain value");
            }
        }

        private void Open(JsonNode node, NodeEvent e, AnchorName anchor, bool flow, ref int nodes)
        {
            if (_open.Count >= MaxDepth)
            {
                throw new YamlException(e.Start, e.End, $"nested deeper than {MaxDepth} levels");
            }

            Count(ref nodes, 1, e.Start);
            _open.Add(new Frame(node, e.Start, anchor, nodes) { Flow = flow });
        }

        private static void Count(ref int nodes, int more, Mark at)
        {
            nodes += more;
            if (nodes > MaxNodes || nodes < 0)
            {
                throw new YamlException(at, at, $"more than {MaxNodes:N0} values (aliases expanded); inputs like it are read up to that size");
            }
        }

        private void Attach(JsonNode? node, Mark start, Mark end, AnchorName anchor, int size, ref int nodes)
        {
            if (node is not null)
            {
                var (line, column) = Place(start);
                var (endLine, endColumn) = Place(end);
                Spans.AddOrUpdate(node, new NodeSpan((int)line, (int)endLine, (int)endColumn) { Column = (int)column });
            }

            if (!anchor.IsEmpty)
            {
                _anchors[anchor.Value] = (node, size);
            }

            if (Top is not { } parent)
            {
                _root = node;
                return;
            }

            parent.LastEnd = end;

            if (parent.IsMapping)
            {
                if (parent.KeyIsMerge)
                {
                    Merge((JsonObject)parent.Node, node, start, ref nodes);
                }
                else
                {
                    ((JsonObject)parent.Node)[parent.Key!] = node;
                }

                parent.Key = null;
                parent.KeyIsMerge = false;
            }
            else
            {
                ((JsonArray)parent.Node).Add(node);
            }
        }

        /// <summary>
        /// A YAML 1.1 merge key's value, a mapping or a list of them, merged where the key is written, as go-yaml v2's
        /// <c>merge</c> does it: its keys replace those the mapping set before the <c>&lt;&lt;</c> (go-yaml decodes the
        /// merged mapping into the map being built), a key written after it replaces the merged one, and in a list an
        /// earlier mapping wins (go-yaml decodes the list from its end). Anything else (<c>&lt;&lt;: ~</c>, an alias
        /// of a list of numbers) go-yaml refuses, and kubectl apply stops at the document.
        /// </summary>
        private void Merge(JsonObject target, JsonNode? source, Mark at, ref int nodes)
        {
            IReadOnlyList<JsonNode?> sources = source is JsonArray list ? [.. list] : [source];
            for (var i = sources.Count - 1; i >= 0; i--)
            {
                if (sources[i] is not JsonObject mapping)
                {
                    var what = sources[i] switch { null => "null", JsonArray => "a list", _ => "a scalar" };
                    throw errors.At(
                        at.Line,
                        at.Column,
                        $"the << merge key merges {what}{(source is JsonArray ? " in its list" : "")}, where it takes a mapping or a list of mappings: {KubectlStops.AtThisDocument("yaml: map merge requires map or sequence of maps as the value")}; merge a mapping (<<: *base), or quote the key ('<<') to keep it as a key");
                }

                foreach (var (key, value) in mapping)
                {
                    var copy = Copy(value);
                    Count(ref nodes, Size(copy), at);
                    target[key] = copy;
                }
            }
        }

        /// <summary>
        /// Whether go-yaml v2 reads <paramref name="key"/> as the merge key (<c>isMerge</c> in decode.go): the text
        /// <c>&lt;&lt;</c>, plain and untagged or under the non-specific <c>!</c> (go-yaml's "implicit"), or tagged
        /// <c>!!merge</c> in any style (<c>!!merge "&lt;&lt;"</c>). A quoted <c>"&lt;&lt;"</c>, or a <c>&lt;&lt;</c>
        /// under another tag (<c>!!str</c>), is a key like any other; so is <c>!!merge</c> on any other text.
        /// </summary>
        private static bool IsMerge(Scalar key) =>
            key.Value == MergeKey
            && ((key.Tag.IsEmpty && key.Style == ScalarStyle.Plain) || key.Tag.IsNonSpecific || (!key.Tag.IsEmpty && key.Tag.Value == MergeTag));

        /// <summary>A deep copy of <paramref name="node"/> whose nodes keep the lines and the text as written of those they copy.</summary>
        private JsonNode? Copy(JsonNode? node)
        {
            JsonNode? copy = node switch
            {
                null => null,
                JsonObject mapping => new JsonObject(mapping.Select(p => KeyValuePair.Create(p.Key, Copy(p.Value)))),
                JsonArray items => new JsonArray([.. items.Select(Copy)]),
                _ => node.DeepClone(),
            };
            if (node is not null && Spans.TryGetValue(node, out var span))
            {
                Spans.AddOrUpdate(copy!, span);
            }

            if (node is not null && Written.TryGetValue(node, out var text))
            {
                Written.AddOrUpdate(copy!, text);
            }

            return copy;
        }

        private static int Size(JsonNode? node) => node switch
        {
            JsonObject o => 1 + o.Sum(p => Size(p.Value)),
            JsonArray a => 1 + a.Sum(Size),
            _ => 1,
        };

        private sealed class Frame(JsonNode node, Mark start, AnchorName anchor, int count)
        {
            public JsonNode Node { get; } = node;

            public Mark Start { get; } = start;

            public AnchorName Anchor { get; } = anchor;

            public int Count { get; } = count;

            public bool IsMapping => Node is JsonObject;

            public string? Key { get; set; }

            public bool KeyIsMerge { get; set; }

            /// <summary>Written in flow style (<c>{…}</c>, <c>[…]</c>): it ends at its closing bracket.</summary>
            public bool Flow { get; init; }

            /// <summary>Where the last value put in it ends, once there is one.</summary>
            public Mark? LastEnd { get; set; }

            /// <summary>The keys written in this mapping (not merged into it), each once.</summary>
            public HashSet<string> Written { get; } = new(StringComparer.Ordinal);
        }
    }
}
