#:project ../../src/Tollgate.Canary/Tollgate.Canary.csproj
#:property PublishAot=false
// The whole canary judgement on raw samples: 1,000 slices × 2 groups × 10,000 samples, Mann-Whitney U + Hodges-Lehmann
// per slice and Holm across them. Writes the samples to DIR/samples.f64 (canary then baseline per slice, float64 LE)
// so eng/bench/scipy_mannwhitneyu.py times SciPy on exactly the same data. Run by eng/bench-canary.sh.
using System.Diagnostics;
using Tollgate.Canary.Judgement;
using Tollgate.Canary.Spec;

var dir = args.Length > 0 ? args[0] : ".";
const int slices = 1000, perGroup = 10_000;
var random = new Random(20261126);
var spec = SpecLoader.Parse("""
    window: 10m
    interval: 1m
    minSamples: 200
    groups: { baseline: 'version="v1"', canary: 'version="v2"' }
    sliceBy: [tenant]
    metrics:
      - name: latency
        type: samples
        samples: 'avg by (tenant, pod) (latency{ {{selector}} })'
        maxRatio: 1.2
    """, "bench.yaml");
var observations = new List<SliceObservation>();
using (var file = new BinaryWriter(File.Create(Path.Combine(dir, "samples.f64"))))
{
    for (var s = 0; s < slices; s++)
    {
        var canary = new GroupObservation(10) { Present = true };
        var baseline = new GroupObservation(10) { Present = true };
        foreach (var (group, scale) in new[] { (canary, s % 100 == 0 ? 1.5 : 1.0), (baseline, 1.0) })
        {
            for (var i = 0; i < perGroup; i++)
            {
                var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                var v = scale * Math.Exp(-3 + 0.5 * z);
                group.Samples.Add(v);
                file.Write(v);
            }
        }

        observations.Add(new SliceObservation(new SliceKey([new("tenant", $"t{s:0000}")]), spec.Metrics[0], baseline, canary));
    }
}

CanaryJudge.Judge(spec, observations.Take(20).ToList(), null, []);
var best = double.MaxValue;
CanaryJudgement? judgement = null;
for (var run = 0; run < 3; run++)
{
    var watch = Stopwatch.StartNew();
    judgement = CanaryJudge.Judge(spec, observations, null, []);
    best = Math.Min(best, watch.Elapsed.TotalSeconds);
}

Console.WriteLine($"tollgate judgement: {best:0.000} s for {slices} slices x 2 x {perGroup} samples (best of 3); verdict {judgement!.Verdict}, {judgement.Slices.Count(x => x.Value == Tollgate.Domain.Verdicts.Verdict.Fail)} slices roll back");
