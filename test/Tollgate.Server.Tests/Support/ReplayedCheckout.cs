namespace Tollgate.Server.Tests.Support;

/// <summary>
/// The benchmark's replayed spec (bench/serve/specs: checkout.yaml and its recording checkout.replay/), copied into a
/// server directory of a test's own so the test may change the recording.
/// </summary>
public static class ReplayedCheckout
{
    /// <summary>The URL in the bench spec: nothing answers there, so a verdict can only come from the recording.</summary>
    public const string NoPrometheus = "http://prometheus.invalid:9090";

    public static string Specs => Tollgate.Testing.Repository.File("bench", "serve", "specs");

    /// <summary>The Argo request the benchmark sends (the hashes the recording was made with).</summary>
    public static string Request => File.ReadAllText(Path.Combine(Specs, "..", "request.json"));

    /// <summary>A fresh server directory whose <c>specs/</c> holds a copy of the recording; returns its <c>checkout.replay</c>.</summary>
    public static (string Directory, string Replay) Copy()
    {
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-replayed-").FullName;
        var replay = Path.Combine(directory, "specs", "checkout.replay");
        System.IO.Directory.CreateDirectory(replay);
        foreach (var file in System.IO.Directory.GetFiles(Path.Combine(Specs, "checkout.replay")))
        {
            File.Copy(file, Path.Combine(replay, Path.GetFileName(file)));
        }

        return (directory, replay);
    }
}
