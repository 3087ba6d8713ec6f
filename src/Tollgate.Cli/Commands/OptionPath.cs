using Tollgate.Domain.Inputs;

namespace Tollgate.Cli.Commands;

/// <summary>
/// A path given to an option or argument, made full against the working directory. An empty or blank one (<c>--dataset
/// "$DATA"</c> with the variable unset) names no file: one line and exit 3, where <see cref="Path.GetFullPath(string,
/// string)"/> would make it the working directory itself, hashed as a dataset or refused as "a directory".
/// </summary>
internal static class OptionPath
{
    /// <param name="fix">What to give instead, for an option that takes no directory (<c>give a CSV file of time,value</c>).</param>
    public static string Full(CliHost host, string path, string option, string fix = "give a file or directory") =>
        !EmptyValue.Is(path)
            ? Path.GetFullPath(path, host.WorkingDirectory)
            : throw EmptyValue.Error(option, fix);
}
