using Tollgate.Domain.Reports;

namespace Tollgate.Terraform.Analysis;

/// <summary>A destroyed and a created instance of one type whose inputs match: most likely a rename.</summary>
public sealed record RenameMatch(string From, string To, string Type, double Similarity, IReadOnlyList<string> MatchingAttributes, int ComparedAttributes)
{
    /// <summary>For a module's rename (<see cref="Type"/> <c>module</c>) or a block's: how many objects under it are destroyed and re-created.</summary>
    public int Objects { get; init; }

    /// <summary>
    /// For a renamed <c>count</c> or <c>for_each</c> block moved whole (<see cref="BlockRenames"/>): the instance
    /// renames it stands for, by address; the similarity figures are of the least alike.
    /// </summary>
    public IReadOnlyList<RenameMatch>? Instances { get; init; }

    /// <summary>For a module's rename: the object under it paired by its inputs, which the similarity figures are of.</summary>
    public string? Witness { get; init; }

    /// <summary>
    /// For an instance paired by its key rather than its inputs (<see cref="DependentRenames"/>): the renamed block
    /// whose keys it follows; <see cref="LeaderMove"/> is that block's rename of the same old key.
    /// </summary>
    public string? FollowsKeysOf { get; init; }

    /// <summary>With <see cref="FollowsKeysOf"/>: the leader's rename this one follows.</summary>
    public RenameMatch? LeaderMove { get; init; }

    /// <summary>
    /// The <c>moved</c> block that turns the destroy/create pair into a move. Its lines are the block's own: a control
    /// character of an address (no address Terraform writes has one) is shown escaped, so it cannot start a line of its own.
    /// </summary>
    public string MovedBlock => $"moved {{\n  from = {TextSafe.Line(From)}\n  to   = {TextSafe.Line(To)}\n}}";
}
