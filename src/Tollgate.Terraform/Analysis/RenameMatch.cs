namespace Tollgate.Terraform.Analysis;

/// <summary>A destroyed and a created instance of one type whose inputs match: most likely a rename.</summary>
public sealed record RenameMatch(string From, string To, string Type, double Similarity, IReadOnlyList<string> MatchingAttributes, int ComparedAttributes)
{
    /// <summary>The <c>moved</c> block that turns the destroy/create pair into a move.</summary>
    public string MovedBlock => $"moved {{\n  from = {From}\n  to   = {To}\n}}";
}
