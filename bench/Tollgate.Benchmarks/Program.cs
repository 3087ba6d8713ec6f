using System.Diagnostics;
using BenchmarkDotNet.Running;
using Tollgate.Terraform.Analysis;
using Tollgate.Terraform.Plan;

namespace Tollgate.Benchmarks;

public static class Program
{
    /// <summary>
    /// <c>stages PLAN.json</c> prints the time of each stage of the plan gate on one file (a quick profile);
    /// <c>graph GRAPH.dot CHANGED.txt</c> the same for <c>tollgate graph</c>; <c>hcl DIR</c> for reading a
    /// configuration directory and assembling its graph (with bytes allocated and collections);
    /// anything else runs the BenchmarkDotNet suites (set TOLLGATE_BENCH_PLAN to the plan they read).
    /// </summary>
    public static void Main(string[] args)
    {
        if (args.Length == 2 && args[0] == "stages")
        {
            Stages(args[1]);
            return;
        }

        if (args.Length == 3 && args[0] == "graph")
        {
            GraphStages.Run(args[1], args[2]);
            return;
        }

        if (args.Length == 2 && args[0] == "hcl")
        {
            HclStages.Run(args[1]);
            return;
        }

        if (args.Length == 2 && args[0] == "walk")
        {
            Walk(args[1]);
            return;
        }

        if (args.Length == 2 && args[0] == "tokenize")
        {
            Tokenize(args[1]);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }

    /// <summary>The floor: tokenizing the whole file once with Utf8JsonReader, no work per token.</summary>
    private static void Tokenize(string path)
    {
        for (var round = 0; round < 3; round++)
        {
            var watch = Stopwatch.StartNew();
            var bytes = File.ReadAllBytes(path);
            var read = watch.Elapsed;
            var reader = new System.Text.Json.Utf8JsonReader(bytes);
            long tokens = 0;
            while (reader.Read())
            {
                tokens++;
            }

            Console.WriteLine($"round {round}: file {read.TotalMilliseconds:F0} ms, tokenize {(watch.Elapsed - read).TotalMilliseconds:F0} ms, {tokens} tokens");
        }
    }

    /// <summary>The walker alone: skipping everything, then capturing resource_changes without work.</summary>
    private static void Walk(string path)
    {
        for (var round = 0; round < 3; round++)
        {
            var watch = Stopwatch.StartNew();
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            using (var stream = File.OpenRead(path))
            {
                new StreamingJsonWalker { Decide = _ => JsonStep.Skip, OnCapture = (_, _) => { } }.Walk(stream, path);
            }

            var skip = watch.Elapsed;
            var skipCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
            long captured = 0;
            using (var stream = File.OpenRead(path))
            {
                new StreamingJsonWalker
                {
                    Decide = p => p.Count == 1 ? (p[0] == "resource_changes" ? JsonStep.Descend : JsonStep.Skip) : JsonStep.Capture,
                    OnCapture = (_, bytes) => captured += bytes.Length,
                }.Walk(stream, path);
            }

            Console.WriteLine($"round {round}: skip all {skip.TotalMilliseconds:F0} ms (cpu {skipCpu.TotalMilliseconds:F0}), capture changes {(watch.Elapsed - skip).TotalMilliseconds:F0} ms ({captured} bytes)");
        }
    }

    private static void Stages(string path)
    {
        for (var round = 0; round < 3; round++)
        {
            var watch = Stopwatch.StartNew();
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var plan = PlanReader.ReadFile(path);
            var read = watch.Elapsed;
            var readCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
            var gate = new PlanGate();
            var findings = gate.Evaluate(plan);
            var rules = watch.Elapsed - read;
            var cpu1 = Process.GetCurrentProcess().TotalProcessorTime;
            var graph = Tollgate.Terraform.Graph.PlanGraphFindings.For(path, plan);
            var graphTime = watch.Elapsed - read - rules;
            var graphCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu1;
            var report = gate.Judge(path, plan, findings, []);
            var json = Tollgate.Domain.Reports.ReportJson.Serialize(report);
            var render = watch.Elapsed - read - rules - graphTime;
            Console.WriteLine($"round {round}: read {read.TotalMilliseconds:F0} ms (cpu {readCpu.TotalMilliseconds:F0} ms), rules {rules.TotalMilliseconds:F0} ms, graph rules {graphTime.TotalMilliseconds:F0} ms (cpu {graphCpu.TotalMilliseconds:F0} ms, {graph.Count} findings), judge+json {render.TotalMilliseconds:F0} ms; {plan.Changes.Count} changes, {findings.Count} findings, {json.Length} chars");
        }
    }
}
