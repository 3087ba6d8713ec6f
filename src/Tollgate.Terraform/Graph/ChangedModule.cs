namespace Tollgate.Terraform.Graph;

/// <summary>
/// A module that <c>--changed</c> names (<c>module.network</c>, <c>module.a.module.b</c>, <c>module.svc["x"]</c> as
/// <c>module.svc</c>), judged as every resource in it, nested modules included: <paramref name="Resources"/> of them.
/// </summary>
public sealed record ChangedModule(string Address, int Resources);
