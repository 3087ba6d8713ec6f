using System.Text.Json;

namespace Tollgate.Terraform.Plan;

/// <summary>See <see cref="StreamingJsonWalker.Probe"/>.</summary>
public delegate bool ValueProbe(IReadOnlyList<string> path, ref Utf8JsonReader reader);
