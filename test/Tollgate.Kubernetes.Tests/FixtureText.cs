namespace Tollgate.Kubernetes.Tests;

/// <summary>A manifest of <c>Fixtures/</c> as a user wrote it, or with one mistake written into it.</summary>
internal static class FixtureText
{
    public static string Read(string fixture) => File.ReadAllText(Lint.Fixture(fixture)).ReplaceLineEndings("\n");

    /// <summary><paramref name="fixture"/> with <paramref name="written"/>, which it holds once, replaced.</summary>
    public static string Replaced(string fixture, string written, string replacement)
    {
        var text = Read(fixture);
        text.Split(written).Length.ShouldBe(2, $"'{written}' is written once in {fixture}");
        return text.Replace(written, replacement, StringComparison.Ordinal);
    }

    /// <summary>The 1-based line of the first line holding <paramref name="what"/>.</summary>
    public static int LineOf(string text, string what) => text.Split('\n').ToList().FindIndex(l => l.Contains(what, StringComparison.Ordinal)) + 1;
}
