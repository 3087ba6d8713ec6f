using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tollgate.Server.Integrations;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Integrations;

/// <summary>
/// A replayed spec's recording is kept parsed in memory only while its files are unchanged: a file rewritten is read
/// again within a second (<see cref="Tollgate.Canary.Sources.ReplayRecording.DefaultRecheck"/>), and every request is
/// recorded whatever was reused.
/// </summary>
public sealed class ReplayedSpecTests
{
    [Fact]
    public async Task Recording_FileChangedAndRestored_NextRequestsJudgeTheFilesAsTheyAre()
    {
        var (directory, replay) = ReplayedCheckout.Copy();
        await using var server = await RunningServer.StartAsync(ReplayedCheckout.NoPrometheus, Ledgers.TempSqlite(), directory);
        var evaluation = Path.Combine(replay, "evaluation.json");
        var recorded = await File.ReadAllTextAsync(evaluation);
        var at = JsonDocument.Parse(recorded).RootElement.GetProperty("at").GetInt64();

        var requests = 0;
        var before = await AnalyseAsync(server);
        await File.WriteAllTextAsync(evaluation, $$"""{"at": {{at + 3600}}}""" + "\n");
        File.SetLastWriteTimeUtc(evaluation, File.GetLastWriteTimeUtc(evaluation).AddMinutes(1));
        var changed = await UntilAsync(server, v => v == "hold", () => requests++);
        await File.WriteAllTextAsync(evaluation, recorded);
        File.SetLastWriteTimeUtc(evaluation, File.GetLastWriteTimeUtc(evaluation).AddMinutes(2));
        var restored = await UntilAsync(server, v => v == "pass", () => requests++);
        var page = await server.Http.GetFromJsonAsync<JsonElement>("/api/v1/verdicts?kind=canary&limit=500");

        before.GetProperty("verdict").GetString().ShouldBe("pass");
        changed.GetProperty("verdict").GetString().ShouldBe("hold", changed.ToString());
        changed.GetProperty("reason").GetString()!.ShouldContain("no answer");
        restored.GetProperty("verdict").GetString().ShouldBe("pass");
        restored.GetProperty("digest").GetString().ShouldBe(before.GetProperty("digest").GetString());
        page.GetProperty("items").GetArrayLength().ShouldBe(1 + requests);
    }

    [Fact]
    public async Task Recording_AnswerFileRemoved_JudgedWithoutWhatWasParsed()
    {
        var (directory, replay) = ReplayedCheckout.Copy();
        await using var server = await RunningServer.StartAsync(ReplayedCheckout.NoPrometheus, Ledgers.TempSqlite(), directory);

        var before = await AnalyseAsync(server);
        File.Delete(Directory.GetFiles(replay, "*.json").First(f => Path.GetFileName(f) != "evaluation.json"));
        var after = await UntilAsync(server, v => v != "pass", () => { });

        before.GetProperty("verdict").GetString().ShouldBe("pass");
        after.GetProperty("verdict").GetString().ShouldBe("hold", after.ToString()); // an unanswered query is no data, never a zero
        after.GetProperty("findings").EnumerateArray().ShouldContain(f =>
            f.GetProperty("rule").GetString() == "no-data" && f.GetProperty("message").GetString()!.Contains("has no answer", StringComparison.Ordinal));
    }

    /// <summary>Asks until the verdict is <paramref name="wanted"/> (the recording is looked at again within a second), at most 10 s.</summary>
    private static async Task<JsonElement> UntilAsync(RunningServer server, Func<string?, bool> wanted, Action counted)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (true)
        {
            var answer = await AnalyseAsync(server);
            counted();
            if (wanted(answer.GetProperty("verdict").GetString()) || System.Diagnostics.Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(10))
            {
                return answer;
            }

            await Task.Delay(100);
        }
    }

    private static async Task<JsonElement> AnalyseAsync(RunningServer server)
    {
        using var answer = await server.Http.PostAsync(ArgoRolloutsApi.Route, new StringContent(ReplayedCheckout.Request, Encoding.UTF8, "application/json"));
        return await answer.Content.ReadFromJsonAsync<JsonElement>();
    }
}
