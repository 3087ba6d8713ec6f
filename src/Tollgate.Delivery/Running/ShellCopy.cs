using System.Text;

namespace Tollgate.Delivery.Running;

/// <summary>
/// A command's text being read and its copy being written, with each placeholder replaced by a reference to the
/// variable or, where bash would evaluate it (<see cref="Evaluated"/>), left as written: the position, the limit of
/// what is read (a here-document's body ends before the text does) and the sites found so far.
/// </summary>
internal sealed class ShellCopy(string text, string placeholder, string variable)
{
    private readonly StringBuilder script = new(text.Length + 32);
    private readonly List<PlaceholderSite> sites = [];

    public string Text => text;

    public int Position { get; set; }

    public int Limit { get; set; } = text.Length;

    /// <summary>Set while reading where bash evaluates the text as arithmetic: the site of every placeholder there, left as written.</summary>
    public PlaceholderSite? Evaluated { get; set; }

    /// <summary>Whether a backslash ending the text was read as an escape (<see cref="ShellSubstitution.EscapesEnd"/>).</summary>
    public bool EscapesEnd { get; private set; }

    public bool AtEnd => Position >= Limit;

    /// <summary>The character <paramref name="offset"/> after the position; <c>\0</c> past the limit.</summary>
    public char this[int offset] => Position + offset < Limit ? text[Position + offset] : '\0';

    /// <summary>The reference for a placeholder bare (quoted), or inside double quotes or a here-document (as it is).</summary>
    public string Reference(bool bare) => bare ? "\"${" + variable + "}\"" : "${" + variable + "}";

    /// <summary>The reference for a placeholder inside single quotes, closed out of them: <c>'"${V}"'</c>.</summary>
    public string SingleQuotedReference => "'\"${" + variable + "}\"'";

    public void Copy(int count)
    {
        count = Math.Min(count, Limit - Position);
        script.Append(text, Position, count);
        Position += count;
    }

    /// <summary>A backslash and the character it escapes; noted when the backslash ends the text, escaping nothing in it.</summary>
    public void Escape()
    {
        EscapesEnd |= Position + 1 == text.Length;
        Copy(2);
    }

    /// <summary>Whether a placeholder starts at <paramref name="at"/> in the text.</summary>
    public bool PlaceholderAt(int at) => at + placeholder.Length <= Limit && string.CompareOrdinal(text, at, placeholder, 0, placeholder.Length) == 0;

    /// <summary>
    /// Replaces the placeholder at the position, if one stands there, by <paramref name="reference"/>; where bash
    /// evaluates it, or with no reference, it is left as written for the caller to refuse.
    /// </summary>
    public bool Placeholder(PlaceholderSite site, string? reference)
    {
        if (!PlaceholderAt(Position))
        {
            return false;
        }

        sites.Add(Evaluated ?? site);
        script.Append(Evaluated is not null || reference is null ? placeholder : reference);
        Position += placeholder.Length;
        return true;
    }

    /// <summary>Where reading stands, to read a word again as something else (<see cref="Rewind"/>).</summary>
    public (int Position, int Length, int Sites, bool EscapesEnd) Mark() => (Position, script.Length, sites.Count, EscapesEnd);

    public void Rewind((int Position, int Length, int Sites, bool EscapesEnd) mark)
    {
        (Position, script.Length, EscapesEnd) = (mark.Position, mark.Length, mark.EscapesEnd);
        sites.RemoveRange(mark.Sites, sites.Count - mark.Sites);
    }

    public ShellSubstitution Result(string? openHereDocument) =>
        new(script.ToString(), sites) { OpenHereDocument = openHereDocument, EscapesEnd = EscapesEnd };
}
