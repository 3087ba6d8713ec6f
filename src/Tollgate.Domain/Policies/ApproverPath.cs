using Tollgate.Domain.Inputs;

namespace Tollgate.Domain.Policies;

/// <summary>
/// The path an <c>approvers</c> entry's <c>path:</c> glob is matched against: the file or directory the command was
/// given, resolved against the working directory (<c>.</c> and <c>..</c> removed) and made relative to the source
/// root (<see cref="SourceRoot"/> of the working directory: the git work tree, as SARIF's <c>%SRCROOT%</c>), with <c>/</c> between segments, as a CODEOWNERS line is relative to the repository's root. So
/// <c>envs/prod/plan.json</c>, <c>./envs/prod/plan.json</c>, its absolute path and <c>plan.json</c> run inside
/// <c>envs/prod</c> are one path. A subject that names no file or directory (a model version, a service, several
/// paths, standard input) or lies outside the root is matched as given.
/// </summary>
public static class ApproverPath
{
    public static string Of(string subject, string workingDirectory)
    {
        var given = subject.Replace('\\', '/');
        if (subject.Length == 0 || subject == "-")
        {
            return given;
        }

        string full, working;
        try
        {
            working = Path.GetFullPath(workingDirectory);
            full = Path.GetFullPath(subject, working);
        }
        catch (ArgumentException)
        {
            return given;
        }

        if (!Path.Exists(full))
        {
            return given;
        }

        // Under the root by the one rule SARIF's artifact locations use too; the root itself is ".".
        return SourceRoot.Relative(SourceRoot.Of(working), full) ?? given;
    }
}
