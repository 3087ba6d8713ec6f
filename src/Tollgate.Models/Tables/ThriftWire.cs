namespace Tollgate.Models.Tables;

/// <summary>
/// Thrift's compact protocol types as they stand in a field header's low four bits or a list header's
/// (https://github.com/apache/thrift/blob/master/doc/specs/thrift-compact-protocol.md), and their names in an error.
/// </summary>
internal static class ThriftWire
{
    public const byte True = 1;
    public const byte False = 2;
    public const byte I8 = 3;
    public const byte I16 = 4;
    public const byte I32 = 5;
    public const byte I64 = 6;
    public const byte Double = 7;
    public const byte Binary = 8;
    public const byte List = 9;
    public const byte Set = 10;
    public const byte Map = 11;
    public const byte Struct = 12;

    /// <summary>The type's name: "i32", "list", "Thrift type 14".</summary>
    public static string Name(int wire) => wire switch
    {
        True or False => "bool",
        I8 => "i8",
        I16 => "i16",
        I32 => "i32",
        I64 => "i64",
        Double => "double",
        Binary => "binary",
        List => "list",
        Set => "set",
        Map => "map",
        Struct => "struct",
        _ => $"Thrift type {wire}",
    };

    /// <summary>A type's name with its article: "an i32", "a list&lt;KeyValue&gt;", "an EncryptionAlgorithm" ("Thrift type 14" as it is).</summary>
    public static string Article(string name) => name.Contains(' ') ? name : ("aeiouAEIOU".Contains(name[0]) ? "an " : "a ") + name;
}
