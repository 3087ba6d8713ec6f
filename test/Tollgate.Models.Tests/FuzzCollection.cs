namespace Tollgate.Models.Tests;

/// <summary>The fuzz tests, run one at a time after the others: their allocation guard (<see cref="FuzzCase"/>) counts the whole process's.</summary>
[CollectionDefinition(nameof(FuzzCollection), DisableParallelization = true)]
public sealed class FuzzCollection;
