using Tollgate.Domain.Inputs;

namespace Tollgate.Terraform.Plan;

/// <summary>
/// Where an element <see cref="PlanReader"/> hands to its second thread came from: its offset in the plan, its index in
/// the array holding it, and the lines before it when the plan cannot be read again to count them
/// (<see cref="StreamingJsonWalker.ValueLines"/>), so a problem found in it is placed by line and column.
/// </summary>
internal readonly record struct ElementOrigin(long Offset, long Index, TextLines? Lines);
