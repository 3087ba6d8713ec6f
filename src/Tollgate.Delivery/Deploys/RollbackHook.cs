using Tollgate.Delivery.Running;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Reports;

namespace Tollgate.Delivery.Deploys;

/// <summary>
/// The rollback command (<c>--rollback-cmd</c>) as it is run: through <c>/bin/sh -c</c> with the version Tollgate chose
/// (<see cref="RollbackTarget"/>, which may pass over unverified ones) in <see cref="VersionVariable"/>, the failed version,
/// the service and the environment beside it, so the hook rolls back to the version the ledger records rather than to
/// "the previous revision". A <c>{version}</c> in the command stands for that variable, as in a model's <c>--exec</c>
/// (<see cref="ShellPlaceholder"/>: the version never enters the shell's text); without one nothing is appended, the
/// hook reads the variables. A <c>{version}</c> where it would not be data is refused before anything runs (<see cref="Checked"/>).
/// </summary>
public static class RollbackHook
{
    /// <summary>The version to roll back to.</summary>
    public const string VersionVariable = "TOLLGATE_ROLLBACK_VERSION";

    /// <summary>The version that failed, rolled back from.</summary>
    public const string FailedVersionVariable = "TOLLGATE_FAILED_VERSION";

    public const string ServiceVariable = "TOLLGATE_SERVICE";

    public const string EnvironmentVariable = "TOLLGATE_ENVIRONMENT";

    private const string Placeholder = "{version}";

    /// <summary><paramref name="command"/> as given (null stays null); exit 3 when a <c>{version}</c> in it would not be data.</summary>
    public static string? Checked(string? command)
    {
        if (command is not null && command.Contains(Placeholder, StringComparison.Ordinal)
            && ShellPlaceholder.Read(command, Placeholder, VersionVariable).Sites.Select(site => PlaceholderRefusal.Of(site, "./rollback.sh")).FirstOrDefault(r => r is not null) is { } refusal)
        {
            throw new InvalidInputException($"--rollback-cmd '{TextSafe.Line(command)}' {refusal}");
        }

        return command;
    }

    /// <summary>The script for rolling <paramref name="failed"/> back to <paramref name="target"/>.</summary>
    /// <param name="id">
    /// The rollback's ledger id, set for the run as <see cref="DeployHook.DeployIdVariable"/> (not shown): a hook left
    /// running by a Tollgate killed outright is found by it (<see cref="DeployCommandGroup"/>).
    /// </param>
    public static ShellScript Command(string command, Deploy failed, string target, string? id = null) =>
        new(Checked(command)!.Contains(Placeholder, StringComparison.Ordinal) ? ShellPlaceholder.Substitute(command, Placeholder, VersionVariable) : command)
        {
            Variables = new Dictionary<string, string>
            {
                [VersionVariable] = target,
                [FailedVersionVariable] = failed.Version,
                [ServiceVariable] = failed.Service,
                [EnvironmentVariable] = failed.Environment,
            },
            Context = id is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [DeployHook.DeployIdVariable] = id },
        };
}
