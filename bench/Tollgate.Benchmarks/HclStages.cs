using System.Diagnostics;
using Tollgate.Terraform.Graph;
using Tollgate.Terraform.Graph.Config;

namespace Tollgate.Benchmarks;

/// <summary>
/// <c>hcl DIR</c>: reading a configuration directory and assembling its graph, warm, five rounds, with the bytes each
/// stage allocates and the collections it causes (figures a busy machine does not disturb, unlike the times).
/// </summary>
internal static class HclStages
{
    public static void Run(string directory)
    {
        using var sampler = Environment.GetEnvironmentVariable("ALLOCATIONS") == "1" ? new AllocationSampler() : null;
        for (var round = 0; round < 5; round++)
        {
            var (config, load) = Measure(() => HclConfigLoader.Load(directory));
            sampler?.Print(25);
            var (model, assemble) = Measure(() => new GraphAssembler { Config = config }.Build());
            Console.WriteLine($"round {round}: load {load}; assemble {assemble}; {model.Graph.NodeCount} nodes, {model.Graph.OutTargets.Length} edges");
            sampler?.Print(15);
        }
    }

    private static (T Result, string Figures) Measure<T>(Func<T> stage)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var collections = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var watch = Stopwatch.StartNew();
        var result = stage();
        var wall = watch.Elapsed.TotalMilliseconds;
        var figures = $"{wall:F0} ms (cpu {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:F0} ms), "
            + $"{(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1e6:F0} MB allocated, "
            + $"gc {GC.CollectionCount(0) - collections.Item1}/{GC.CollectionCount(1) - collections.Item2}/{GC.CollectionCount(2) - collections.Item3}, "
            + $"heap {GC.GetGCMemoryInfo().HeapSizeBytes / 1e6:F0} MB, committed {GC.GetGCMemoryInfo().TotalCommittedBytes / 1e6:F0} MB, resident {Environment.WorkingSet / 1e6:F0} MB";
        return (result, figures);
    }
}
