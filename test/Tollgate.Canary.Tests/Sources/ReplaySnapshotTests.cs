using Microsoft.Extensions.Time.Testing;
using Tollgate.Canary.Sources;
using Tollgate.Domain.Gates;

namespace Tollgate.Canary.Tests.Sources;

/// <summary>A snapshot's evidence is built once for every request that asks for it at once; a failed build is not kept.</summary>
public sealed class ReplaySnapshotTests
{
    private const int Callers = 16;

    private readonly string _directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-snapshot-").FullName;

    [Fact]
    public async Task EvidenceAsync_ManyFirstCallersAtOnce_BuiltOnceAndShared()
    {
        var snapshot = Snapshot();
        var builds = 0;
        Task<Evidence> Build()
        {
            Interlocked.Increment(ref builds);
            Thread.Sleep(300); // a judgement's work, long enough for every caller to arrive meanwhile
            return Task.FromResult(new Evidence("canary", "checkout.yaml", "sha256:x", []));
        }

        using var start = new Barrier(Callers);
        var threads = Enumerable.Range(0, Callers).Select(_ => new TaskCompletionSource<Evidence>()).ToArray();
        foreach (var answer in threads)
        {
            new Thread(() =>
            {
                start.SignalAndWait();
                snapshot.EvidenceAsync("checkout.yaml\n600", Build).ContinueWith(t => answer.SetResult(t.Result), TaskScheduler.Default);
            }).Start();
        }

        var evidence = await Task.WhenAll(threads.Select(t => t.Task)).WaitAsync(TimeSpan.FromSeconds(30));

        builds.ShouldBe(1);
        evidence.Distinct().ShouldHaveSingleItem();
    }

    [Fact]
    public async Task EvidenceAsync_BuildFailed_NextCallerBuildsAgain()
    {
        var snapshot = Snapshot();
        var builds = 0;
        async Task<Evidence> Build()
        {
            await Task.Yield();
            return Interlocked.Increment(ref builds) == 1
                ? throw new IOException("checkout.json: read while it was being written")
                : new Evidence("canary", "checkout.yaml", "sha256:x", []);
        }

        var failed = await Should.ThrowAsync<IOException>(() => snapshot.EvidenceAsync("checkout.yaml\n600", Build));
        var second = await snapshot.EvidenceAsync("checkout.yaml\n600", Build);
        var third = await snapshot.EvidenceAsync("checkout.yaml\n600", Build);

        failed.Message.ShouldContain("being written");
        third.ShouldBeSameAs(second);
        builds.ShouldBe(2);
    }

    private ReplaySnapshot Snapshot()
    {
        File.WriteAllText(Path.Combine(_directory, "evaluation.json"), """{"at": 1793529000}""");
        return new ReplayRecording(_directory, new FakeTimeProvider(), TimeSpan.FromSeconds(1)).Current();
    }
}
