// Rename pairing in-process on generated plans (docs/benchmarks.md): N deletes and N creates of one type, each pair
// renamed (old[i] -> new[i]). Shapes: distinct (own input, a size of 7 values), tags (distinct plus one tags map on
// every object), highshare (4 of 5 inputs the same everywhere, the fifth never: every pair scores 0.8, N x N candidates).
// Usage: dotnet run -c Release eng/bench/rename-plan/PairingBench.cs -- SHAPE N   (one run, JIT; prints time and memory)
#:project ../../../src/Tollgate.Terraform/Tollgate.Terraform.csproj
#:property PublishAot=false
using System.Diagnostics;
using System.Text;
using Tollgate.Terraform.Analysis;
using Tollgate.Terraform.Plan;
var shape = args[0]; var n = int.Parse(args[1]);
var sb = new StringBuilder();
sb.Append("{\"format_version\":\"1.2\",\"terraform_version\":\"1.11.4\",\"resource_changes\":[");
var first = true;
void Add(string address, string name, int index, string action, string values) {
  if (!first) sb.Append(','); first = false;
  var before = action == "delete" ? values : "null"; var after = action == "create" ? values : "null";
  var unknown = action == "create" ? "{\"id\":true}" : "{}";
  sb.Append("{\"address\":\"" + address + "\",\"mode\":\"managed\",\"type\":\"terraform_data\",\"name\":\"" + name
    + "\",\"index\":" + index + ",\"provider_name\":\"registry.terraform.io/hashicorp/terraform\",\"change\":{\"actions\":[\"" + action
    + "\"],\"before\":" + before + ",\"after\":" + after + ",\"after_unknown\":" + unknown + "}}");
}
for (var i = 0; i < n; i++) {
  string v = shape switch {
    "distinct" => $"{{\"input\":\"n{i}\",\"size\":{i % 7}}}",
    "tags" => $"{{\"input\":\"n{i}\",\"size\":{i % 7},\"tags\":{{\"team\":\"core\",\"env\":\"prod\",\"cost\":\"cc-17\"}}}}",
    "highshare" => $"{{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":\"n{i}\"}}",
    _ => throw new Exception() };
  string vd = shape == "highshare" ? $"{{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":\"m{i}\"}}" : v;
  Add($"terraform_data.old[{i}]", "old", i, "delete", vd);
  Add($"terraform_data.new[{i}]", "new", i, "create", v);
}
sb.Append("]}");
var plan = PlanReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(sb.ToString())), "h.json");
sb = null; GC.Collect();
var before = GC.GetTotalAllocatedBytes(true);
var sw = Stopwatch.StartNew();
var m = RenameDetector.Find(plan);
sw.Stop();
Console.WriteLine($"{shape} n={n} matches={m.Count} find={sw.Elapsed.TotalSeconds:F2}s alloc={(GC.GetTotalAllocatedBytes(true)-before)/1e6:F0}MB peakWS={Process.GetCurrentProcess().PeakWorkingSet64/1e6:F0}MB first={m[0].From}->{m[0].To}");
