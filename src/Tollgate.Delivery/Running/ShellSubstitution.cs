namespace Tollgate.Delivery.Running;

/// <summary>
/// A command with its placeholders replaced (<see cref="ShellPlaceholder.Read"/>): the shell text, where each
/// placeholder stood in the order written, and the here-document the text ends in, if any.
/// </summary>
public sealed record ShellSubstitution(string Script, IReadOnlyList<PlaceholderSite> Sites)
{
    /// <summary>
    /// The operator (<c>&lt;&lt;EOF</c>) of a here-document the text ends in: its body runs to the end of the text, or
    /// has not begun (the operator on the last line). Text added at the end lands in the document or after its operator.
    /// </summary>
    public string? OpenHereDocument { get; init; }

    /// <summary>
    /// Whether the text ends in a backslash that escapes what would follow (<c>./serve.sh \</c>): text added at the end
    /// would join its last word, where the shell reads the backslash alone as a word <c>\</c>.
    /// </summary>
    public bool EscapesEnd { get; init; }
}
