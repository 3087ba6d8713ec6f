namespace Tollgate.Hcl.Parsing;

/// <summary>The whitespace rules of templates: indented heredocs (<c>&lt;&lt;-</c>) and strip markers (<c>~</c>).</summary>
internal static class TemplateWhitespace
{
    /// <summary><c>&lt;&lt;-</c>: removes the smallest indentation of the non-blank lines from every line's start.</summary>
    public static void Dedent(List<TemplatePiece> pieces)
    {
        var lines = new List<string>();
        var atLineStart = true;
        for (var p = 0; p < pieces.Count; p++)
        {
            if (pieces[p].Literal is not { } literal)
            {
                atLineStart = false;
                continue;
            }

            var parts = literal.Split('\n');
            var followedBySequence = p + 1 < pieces.Count;
            for (var i = 0; i < parts.Length; i++)
            {
                var last = i == parts.Length - 1;
                if ((i > 0 || atLineStart) && (parts[i].Trim().Length > 0 || (last && followedBySequence)))
                {
                    lines.Add(parts[i]);
                }
            }

            atLineStart = literal.EndsWith('\n');
        }

        var indent = lines.Select(l => l.Length - l.TrimStart(' ', '\t').Length).DefaultIfEmpty(0).Min();
        atLineStart = true;
        foreach (var piece in pieces)
        {
            if (piece.Literal is null)
            {
                atLineStart = false;
                continue;
            }

            var parts = piece.Literal.Split('\n');
            for (var i = 0; i < parts.Length; i++)
            {
                if (i > 0 || atLineStart)
                {
                    var strip = 0;
                    while (strip < indent && strip < parts[i].Length && parts[i][strip] is ' ' or '\t')
                    {
                        strip++;
                    }

                    parts[i] = parts[i][strip..];
                }
            }

            piece.Literal = string.Join('\n', parts);
            atLineStart = piece.Literal.EndsWith('\n');
        }
    }

    /// <summary><c>~</c> markers: trim the whitespace of the literal before (<c>${~</c>) or after (<c>~}</c>) a sequence.</summary>
    public static void ApplyStripMarkers(List<TemplatePiece> pieces)
    {
        for (var i = 0; i < pieces.Count; i++)
        {
            if (pieces[i].Literal is not null)
            {
                continue;
            }

            if (pieces[i].StripBefore && i > 0 && pieces[i - 1].Literal is { } before)
            {
                pieces[i - 1].Literal = before.TrimEnd();
            }

            if (pieces[i].StripAfter && i + 1 < pieces.Count && pieces[i + 1].Literal is { } after)
            {
                pieces[i + 1].Literal = after.TrimStart();
            }
        }
    }
}
