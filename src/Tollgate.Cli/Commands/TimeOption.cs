using System.CommandLine;
using Tollgate.Domain;

namespace Tollgate.Cli.Commands;

/// <summary>
/// An option that takes a time (<c>--at</c>, <c>--from</c>, <c>--to</c>): RFC 3339, UTC when it names no offset, or Unix
/// seconds (<see cref="Rfc3339.Parse"/>). A time that names no offset is read as UTC, never as the machine's zone, and
/// the command says so on standard error (<see cref="WriteNote"/>) with the instant it read, so a local 10:00 is not
/// silently an hour or more off; standard output (a JSON report) is left as it is, and so is the exit code.
/// </summary>
public sealed class TimeOption(string name, string description)
{
    public Option<string?> Option { get; } = new(name) { Description = description };

    /// <summary>The text given, or null when the option was left out.</summary>
    public string? TextOf(ParseResult parse) => parse.GetValue(Option);

    /// <summary>The time given, or null when the option was left out.</summary>
    /// <exception cref="InvalidInputException">Neither RFC 3339 nor Unix seconds (in the option's words).</exception>
    public DateTimeOffset? ValueOf(ParseResult parse) => TextOf(parse) is { } text ? Rfc3339.Parse(text, name) : null;

    /// <summary>
    /// Writes <see cref="Note"/> on standard error when the time given names no offset; nothing otherwise. A command
    /// calls it once, when it answers: a refusal (exit 3) stays its one line.
    /// </summary>
    public void WriteNote(ParseResult parse, CliHost host)
    {
        if (TextOf(parse) is { } text && Note(name, text) is { } note)
        {
            host.Error.WriteLine(note);
        }
    }

    /// <summary>
    /// The note for <paramref name="text"/> given to <paramref name="option"/>: how a time without an offset was read
    /// and how to name another (<c>tollgate: note: --at 2026-11-02T10:00 names no offset, so it is read as UTC
    /// (2026-11-02T10:00:00Z); add Z or an offset such as +01:00 to say which</c>); null for a time with <c>Z</c> or an
    /// offset, for Unix seconds, and for anything that is no time.
    /// </summary>
    public static string? Note(string option, string text) => Note($"{option} {text.Trim()}", text, "");

    /// <summary>The note for the time <paramref name="text"/>, quoting it as <paramref name="given"/> (<c>--changes abc@2026-11-02</c>), <paramref name="besides"/> after the instant read.</summary>
    internal static string? Note(string given, string text, string besides) =>
        Rfc3339.NamesNoOffset(text) && Rfc3339.TryParse(text, out var time)
            ? $"tollgate: note: {given} names no offset, so it is read as UTC ({Instant(time)}){besides}; add Z or an offset such as +01:00 to say which"
            : null;

    /// <summary>To the second, or to the millisecond when the time has a fraction of a second (<c>10:00:00.5</c> is not shown as <c>10:00:00</c>).</summary>
    private static string Instant(DateTimeOffset time) =>
        time.Ticks % TimeSpan.TicksPerSecond == 0 ? Rfc3339.Format(time) : Rfc3339.FormatMillis(time);
}
