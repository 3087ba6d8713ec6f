namespace Tollgate.Domain;

/// <summary>
/// Bad input or bad configuration: the host prints <see cref="Exception.Message"/> as one line and exits 3.
/// Results (a canary is worse, data is missing) are never exceptions.
/// </summary>
public sealed class InvalidInputException : Exception
{
    public InvalidInputException(string message)
        : base(message)
    {
    }

    public InvalidInputException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
