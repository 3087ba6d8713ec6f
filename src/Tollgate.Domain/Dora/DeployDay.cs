namespace Tollgate.Domain.Dora;

/// <summary>
/// The finished deploys of one service to one environment on one UTC day, as far as DORA's throughput metrics need
/// them: how many, how many were rework (hotfix or rollback), and every lead-time sample in ticks, sorted. The ledger
/// keeps one per service, environment and day, so a year of a million deploys is read as about 73,000 of these.
/// </summary>
public sealed record DeployDay(string Service, string Environment, DateOnly Day, int Deploys, int Rework, long[] LeadTicks);
