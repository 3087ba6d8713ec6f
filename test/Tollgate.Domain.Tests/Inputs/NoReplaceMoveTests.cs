using Tollgate.Domain.Inputs;

namespace Tollgate.Domain.Tests.Inputs;

/// <summary>
/// A finished file moved to a name only if nothing has it, in one step: of writers racing for one new name exactly
/// one wins, and what the winner put there is never replaced (a new ledger another process made and recorded in).
/// </summary>
public sealed class NoReplaceMoveTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-no-replace-").FullName;

    [Fact]
    public void Move_NameFree_TheFileIsThereAndTheHiddenNameGone()
    {
        var (hidden, target) = (Path.Combine(_dir, ".a.tmp"), Path.Combine(_dir, "a"));
        File.WriteAllText(hidden, "mine");

        NoReplaceMove.Move(hidden, target);

        File.ReadAllText(target).ShouldBe("mine");
        File.Exists(hidden).ShouldBeFalse();
    }

    [Fact]
    public void Move_NameTaken_AlreadyExistsAndNeitherFileChanges()
    {
        var (hidden, target) = (Path.Combine(_dir, ".a.tmp"), Path.Combine(_dir, "a"));
        File.WriteAllText(hidden, "mine");
        File.WriteAllText(target, "theirs");

        var error = Should.Throw<IOException>(() => NoReplaceMove.Move(hidden, target));

        FileProblem.Describe(error, "").ShouldBe("it already exists");
        File.ReadAllText(target).ShouldBe("theirs");
        File.ReadAllText(hidden).ShouldBe("mine");
    }

    [Fact]
    public async Task Move_EightWritersRaceForOneName_ExactlyOneWinsEveryTime()
    {
        for (var round = 0; round < 40; round++)
        {
            var target = Path.Combine(_dir, $"ledger-{round}.db");
            var hidden = Enumerable.Range(0, 8).Select(i => Path.Combine(_dir, $".ledger-{round}.{i}.new")).ToArray();
            foreach (var (file, i) in hidden.Select((f, i) => (f, i)))
            {
                File.WriteAllText(file, $"writer {i}");
            }

            using var start = new Barrier(hidden.Length);
            var moves = hidden.Select(file => Task.Run(() =>
            {
                start.SignalAndWait();
                NoReplaceMove.Move(file, target);
            })).ToArray();
            await Task.WhenAll(moves).ContinueWith(_ => { }, TaskScheduler.Default);

            moves.Count(m => m.IsCompletedSuccessfully).ShouldBe(1, $"round {round}");
            var winner = Array.FindIndex(moves, m => m.IsCompletedSuccessfully);
            File.ReadAllText(target).ShouldBe($"writer {winner}", $"round {round}: the winner's file was replaced");
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
