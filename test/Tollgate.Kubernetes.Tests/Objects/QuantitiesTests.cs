using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Tests.Objects;

/// <summary>
/// Quantities as Kubernetes' <c>resource.ParseQuantity</c> reads them: the answers below are what the API server
/// answers for each text (no error, <c>ErrFormatWrong</c>, <c>ErrSuffix</c>), and the quantity meant where a unit is
/// written the way people write bytes or cores.
/// </summary>
public sealed class QuantitiesTests
{
    [Theory]
    [InlineData("500m")]
    [InlineData("1")]
    [InlineData("0.5")]
    [InlineData(".5")]
    [InlineData("1G")]
    [InlineData("1Gi")]
    [InlineData("1.5Gi")]
    [InlineData("100n")]
    [InlineData("10u")]
    [InlineData("1k")]
    [InlineData("1e3")]
    [InlineData("1E-2")]
    [InlineData("+2Mi")]
    [InlineData("-1")]
    public void Problem_AQuantity_None(string text)
    {
        Quantities.Problem(text).ShouldBeNull();
    }

    [Theory]
    [InlineData("1GB", Quantities.FormatWrong)]
    [InlineData("1 Gi", Quantities.FormatWrong)]
    [InlineData("", Quantities.FormatWrong)]
    [InlineData("Gi", Quantities.FormatWrong)]
    [InlineData("1.2.3", Quantities.FormatWrong)]
    [InlineData("500mi", Quantities.SuffixWrong)]
    [InlineData("1K", Quantities.SuffixWrong)]
    [InlineData("1gi", Quantities.FormatWrong)]
    [InlineData("1Gi5", Quantities.SuffixWrong)]
    [InlineData("1e", Quantities.SuffixWrong)]
    public void Problem_NotAQuantity_WhatTheApiServerAnswers(string text, string answer)
    {
        Quantities.Problem(text).ShouldBe(answer);
    }

    [Theory]
    [InlineData("500mi", "cpu", "500m")]
    [InlineData("1GB", "memory", "1G")]
    [InlineData("1gb", "memory", "1G")]
    [InlineData("512mb", "memory", "512M")]
    [InlineData("512MiB", "memory", "512Mi")]
    [InlineData("64kb", "memory", "64k")]
    [InlineData("1K", "memory", "1k")]
    [InlineData("1gi", "memory", "1Gi")]
    [InlineData("1 Gi", "storage", "1Gi")]
    [InlineData("plenty", "memory", null)]
    [InlineData("2 cores", "cpu", null)]
    public void Near_AUnitWrittenAsPeopleWriteIt_TheQuantityMeant(string text, string key, string? meant)
    {
        Quantities.Near(text, key).ShouldBe(meant);
    }
}
