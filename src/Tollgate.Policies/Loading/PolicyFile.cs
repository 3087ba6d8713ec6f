using Tollgate.Domain;
using Tollgate.Domain.Policies;

namespace Tollgate.Policies.Loading;

/// <summary>
/// Finds the policy: <c>--policy FILE</c> when given (it must exist), else <c>tollgate.yaml</c> (or
/// <c>tollgate.yml</c>) in the working directory, else the defaults.
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
            var full = Path.GetFullPath(explicitPath, workingDirectory);
            if (Directory.Exists(full))
            {
                throw new InvalidInputException($"policy file {explicitPath} is a directory: give the policy's YAML file (tollgate.yaml)");
            }

            if (!File.Exists(full))
            {
                throw new InvalidInputException($"policy file {explicitPath} does not exist");
            }

            return Read(full, explicitPath, vocabulary);
        }

        foreach (var name in DefaultNames)
        {
            var candidate = Path.Combine(workingDirectory, name);
            if (File.Exists(candidate))
            {
                return Read(candidate, name, vocabulary);
            }
        }

        return Policy.Default;
    }

    private static Policy Read(string path, string shownAs, PolicyVocabulary vocabulary)
    {
        return PolicyReader.Parse(Domain.Inputs.InputFile.ReadText(path, shownAs, MaxBytes), shownAs, vocabulary);
    }
}
