namespace Tollgate.Terraform.Graph.Config.Json;

/// <summary>
/// Where a property or array item of a JSON file is (<see cref="JsonSpans"/>): 1-based line and column of its start
/// (a property's name) and of the column just after its value's last character.
/// </summary>
internal readonly record struct JsonSpan(int Line, int Column, int EndLine, int EndColumn);
