namespace Tollgate.Server.Hosting;

/// <summary>A request body or query whose <see cref="Field"/> is missing or wrong: 400 with ProblemDetails naming it.</summary>
public sealed class BadFieldException(string field, string message) : Exception($"{field}: {message}")
{
    public string Field { get; } = field;
}
