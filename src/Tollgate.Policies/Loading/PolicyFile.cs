using Tollgate.Domain;
using Tollgate.Domain.Inputs;
using Tollgate.Domain.Policies;

namespace Tollgate.Policies.Loading;

/// <summary>
/// Finds the policy: <c>--policy FILE</c> when given (it must exist), else <c>tollgate.yaml</c> or <c>tollgate.yml</c>
/// in the working directory (both there is refused: neither would be the obvious one), else the defaults. A file that
/// cannot be read is one line from <see cref="InputFile"/>, the same as for every other input.
/// </summary>
public static class PolicyFile
{
    public static readonly string[] DefaultNames = ["tollgate.yaml", "tollgate.yml"];

    /// <summary>The largest policy read; real ones are a few kilobytes.</summary>
    public const long MaxBytes = 16L << 20;

    public static Policy Load(string? explicitPath, string workingDirectory, PolicyVocabulary vocabulary) =>
        Open(explicitPath, workingDirectory, vocabulary).Policy;

    /// <summary>As <see cref="Load"/>, and whether the file read was empty.</summary>
    public static LoadedPolicy Open(string? explicitPath, string workingDirectory, PolicyVocabulary vocabulary)
    {
        if (explicitPath is not null)
        {
            return Read(Path.GetFullPath(explicitPath, workingDirectory), explicitPath, vocabulary);
        }

        // Anything by those names is the policy: a directory or a dangling link is an error, never the defaults.
        var present = DefaultNames.Where(name => InputFile.Present(Path.Combine(workingDirectory, name))).ToList();
        return present switch
        {
            [] => new LoadedPolicy(Policy.Default, Empty: false),
            [var name] => Read(Path.Combine(workingDirectory, name), name, vocabulary),
            _ => throw new InvalidInputException($"both {string.Join(" and ", present)} are in {workingDirectory}: keep one, or name it with --policy"),
        };
    }

    /// <summary>A policy read from standard input (<c>tollgate policy check -</c>), shown as <c>-</c>.</summary>
    public static LoadedPolicy Open(Stream input, PolicyVocabulary vocabulary) =>
        Parsed(InputFile.Decode(InputFile.ReadStream(input, "standard input", MaxBytes), "-"), "-", vocabulary);

    private static LoadedPolicy Read(string path, string shownAs, PolicyVocabulary vocabulary) =>
        Parsed(InputFile.ReadText(path, shownAs, MaxBytes), shownAs, vocabulary);

    private static LoadedPolicy Parsed(string text, string shownAs, PolicyVocabulary vocabulary)
    {
        var policy = PolicyReader.Parse(text, shownAs, vocabulary, out var empty);
        return new LoadedPolicy(policy, empty);
    }
}
