namespace Tollgate.Cli.Tests;

/// <summary>One hostile input of issue 14: how to lay it out in a directory, the command line, and what the one line must say.</summary>
internal sealed record HostileInputCase(string Name, Func<string, string[]> Arrange, string Expected);
