namespace Tollgate.Models.Profiles;

/// <summary>
/// The table a profile was made from: its file name, the SHA-256 of its full content and its rows. A merged profile
/// lists every shard's, so the same shard merged twice (its rows counted twice, the test's sample size doubled) is
/// refused instead of judged.
/// </summary>
public sealed record ProfileSource(string File, string Sha256, long Rows);
