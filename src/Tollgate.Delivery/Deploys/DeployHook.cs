using Tollgate.Delivery.Running;
using Tollgate.Domain.Delivery;

namespace Tollgate.Delivery.Deploys;

/// <summary>
/// The deploy command (<c>--deploy-cmd</c>) as it is run: through <c>/bin/sh -c</c> with the version being deployed, the
/// service and the environment in <see cref="VersionVariable"/>, <see cref="RollbackHook.ServiceVariable"/> and
/// <see cref="RollbackHook.EnvironmentVariable"/>, as the rollback command is told its own, so one script serves every
/// service and version of a pipeline.
/// </summary>
public static class DeployHook
{
    /// <summary>The version being deployed.</summary>
    public const string VersionVariable = "TOLLGATE_VERSION";

    /// <summary>The deploy's ledger id (<c>checkout/production/v2@1772452800000</c>).</summary>
    public const string DeployIdVariable = "TOLLGATE_DEPLOY_ID";

    public static ShellScript Command(string command, Deploy deploy) => new(command)
    {
        Variables = new Dictionary<string, string>
        {
            [VersionVariable] = deploy.Version,
            [RollbackHook.ServiceVariable] = deploy.Service,
            [RollbackHook.EnvironmentVariable] = deploy.Environment,
        },
        Context = new Dictionary<string, string> { [DeployIdVariable] = deploy.Id }, // set for the run, not shown in the command printed
    };
}
