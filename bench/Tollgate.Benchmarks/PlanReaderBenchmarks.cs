using BenchmarkDotNet.Attributes;
using Tollgate.Terraform.Analysis;
using Tollgate.Terraform.Plan;

namespace Tollgate.Benchmarks;

/// <summary>Reading and judging a large plan (path in TOLLGATE_BENCH_PLAN, made by eng/bench/make-plan.py).</summary>
[MemoryDiagnoser]
public class PlanReaderBenchmarks
{
    private readonly string _path = Environment.GetEnvironmentVariable("TOLLGATE_BENCH_PLAN") ?? "plan.json";

    [Benchmark]
    public int Read() => PlanReader.ReadFile(_path).Changes.Count;

    [Benchmark]
    public int ReadAndEvaluate() => new PlanGate().Evaluate(PlanReader.ReadFile(_path)).Count;
}
