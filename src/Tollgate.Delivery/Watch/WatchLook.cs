using Tollgate.Domain.Gates;
using Tollgate.Domain.Reports;

namespace Tollgate.Delivery.Watch;

/// <summary>The look a watch window ended on: the report the pipeline made of it, and the evidence it was made from.</summary>
public sealed record WatchLook(Report Report, Evidence Evidence);
