using Tollgate.Domain.Inputs;
using Tollgate.Domain.Policies;

namespace Tollgate.Policies.Loading;

/// <summary>
/// Finds the policy: <c>--policy FILE</c> when given (it must exist), else <c>tollgate.yaml</c> (or
/// <c>tollgate.yml</c>) in the working directory, else the defaults. A file that cannot be read is one line from
/// <see cref="InputFile"/>, the same as for every other input.
/// </summary>
public static class PolicyFile
{
    public static readonly string[] DefaultNames = ["tollgate.yaml", "tollgate.yml"];

    /// <summary>The largest policy read; real ones are a few kilobytes.</summary>
    public const long MaxBytes = 16L << 20;

    public static Policy Load(string? explicitPath, string workingDirectory, PolicyVocabulary vocabulary)
    {
        if (explicitPath is not null)
        {
            return Read(Path.GetFullPath(explicitPath, workingDirectory), explicitPath, vocabulary);
        }

        foreach (var name in DefaultNames)
        {
            // Anything by that name is the policy: a directory or a dangling link is an error, never the defaults.
            var candidate = Path.Combine(workingDirectory, name);
            if (InputFile.Present(candidate))
            {
                return Read(candidate, name, vocabulary);
            }
        }

        return Policy.Default;
    }

    private static Policy Read(string path, string shownAs, PolicyVocabulary vocabulary)
    {
        return PolicyReader.Parse(InputFile.ReadText(path, shownAs, MaxBytes), shownAs, vocabulary);
    }
}
