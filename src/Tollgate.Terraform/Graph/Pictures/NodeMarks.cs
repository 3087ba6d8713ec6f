namespace Tollgate.Terraform.Graph.Pictures;

/// <summary>What a picture highlights on a node.</summary>
[Flags]
public enum NodeMarks : byte
{
    None = 0,
    Hub = 1,
    Changed = 2,
    Destroyed = 4,
    Cycle = 8,
}
