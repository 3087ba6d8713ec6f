using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Ledger.Rollouts;

/// <summary>What makes two events of one rollout revision the same event: phase, type and message (not the timestamp, which a retry repeats and a replica may not).</summary>
internal static class RolloutEventKey
{
    public static string Of(RolloutEvent e) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{e.Phase}\n{e.Type}\n{e.Message}")));
}
