namespace Tollgate.Domain.Statistics;

/// <summary>
/// A Gamma(shape, rate) prior for an event rate (errors per request). <see cref="None"/> (0, 0) borrows nothing: the
/// posterior after x events in n requests is then Gamma(x + 1, n) in <see cref="GammaPoisson"/>, the exact conditional test.
/// </summary>
public readonly record struct GammaPrior(double Shape, double Rate)
{
    public static GammaPrior None { get; } = new(0, 0);

    /// <summary>The prior's weight in requests: how many requests of one slice's own baseline it is worth.</summary>
    public double Requests => Rate;
}
