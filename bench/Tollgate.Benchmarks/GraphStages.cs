using System.Diagnostics;
using Tollgate.Terraform.Graph;
using Tollgate.Terraform.Graph.Dot;

namespace Tollgate.Benchmarks;

/// <summary><c>graph GRAPH.dot CHANGED.txt</c>: the time of each stage of <c>tollgate graph</c> on one DOT file, warm, five rounds.</summary>
internal static class GraphStages
{
    public static void Run(string dotPath, string changedPath)
    {
        // The parse alone, best of 15: the least disturbed figure on a busy machine.
        var text = File.ReadAllBytes(dotPath);
        var best = double.MaxValue;
        for (var i = 0; i < 15; i++)
        {
            var w = Stopwatch.StartNew();
            _ = DotReader.Read(text, dotPath);
            best = Math.Min(best, w.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine($"parse, best of 15: {best:F0} ms");

        for (var round = 0; round < 5; round++)
        {
            var watch = Stopwatch.StartNew();
            var lap = TimeSpan.Zero;
            var laps = new List<string>();
            void Lap(string name)
            {
                laps.Add($"{name} {(watch.Elapsed - lap).TotalMilliseconds:F0}");
                lap = watch.Elapsed;
            }

            var bytes = File.ReadAllBytes(dotPath);
            Lap("read");
            var dot = DotReader.Read(bytes, dotPath);
            Lap("parse");
            var model = new GraphAssembler { Dot = dot }.Build();
            Lap("assemble");
            var digest = GraphLoader.Digest(model.Graph);
            Lap("digest");
            var analysis = new GraphAnalysis(model, ChangeSet.FromLines(File.ReadAllLines(changedPath)), new GraphThresholds());
            _ = analysis.Components;
            Lap("scc");
            _ = analysis.Blast;
            Lap("blast");
            _ = analysis.CriticalPath;
            Lap("critical-path");
            _ = analysis.HubReach;
            Lap("hubs");
            var findings = new GraphGate().Evaluate(analysis);
            Lap("rules");
            Console.WriteLine($"round {round}: {string.Join(", ", laps)} ms; total {watch.Elapsed.TotalMilliseconds:F0} ms; {findings.Count} findings, {digest[..15]}");
        }
    }
}
