namespace Tollgate.Delivery.Running;

/// <summary>
/// A command for <c>/bin/sh -c</c> and the variables it is run with: values a hook receives (a model version) travel in
/// <see cref="Variables"/>, which the <see cref="Script"/> only names (<see cref="ShellPlaceholder"/>).
/// </summary>
public sealed record ShellScript(string Script)
{
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Variables the command's environment has besides, which the <see cref="Script"/> does not name (a model's name,
    /// its artifact and digest, for a hook to read if it wants): set for the run, not part of <see cref="Shown"/>.
    /// </summary>
    public IReadOnlyDictionary<string, string> Context { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The run as one line for logs and reports, the variables first as the shell would take them
    /// (<c>TOLLGATE_MODEL_VERSION='2' ./serve.sh "${TOLLGATE_MODEL_VERSION}"</c>): pasted into a shell, it runs the same.
    /// </summary>
    public string Shown => string.Concat(Variables.Select(v => $"{v.Key}={Quoted(v.Value)} ")) + Script;

    /// <summary>A value as one shell word for a command line printed to be pasted: as it is when it needs no quotes, else quoted.</summary>
    public static string Word(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or ':' or '@' or '+' or '/' or '=' or ',') ? value : Quoted(value);

    /// <summary><paramref name="value"/> as one single-quoted shell word.</summary>
    public static string Quoted(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
