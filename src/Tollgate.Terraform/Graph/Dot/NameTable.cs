using System.IO.Hashing;
using System.Text;

namespace Tollgate.Terraform.Graph.Dot;

/// <summary>
/// Dense ids for names read as UTF-8 bytes: each occurrence costs one hash, one slot read and one byte comparison,
/// and each distinct name is decoded to a string once. Open addressing over a power-of-two table kept at most
/// half full; a slot holds everything a probe needs (hash tag, id, where the name's bytes are), so a lookup touches
/// two places in memory, the slot and the bytes.
/// </summary>
internal sealed class NameTable
{
    private Slot[] _slots;
    private byte[] _arena;
    private int _arenaUsed;
    private readonly List<string> _names;

    public NameTable(int expected = 1024)
    {
        var capacity = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, expected * 2));
        _slots = new Slot[capacity];
        _arena = new byte[Math.Max(1024, expected * 32)];
        _names = new List<string>(expected);
    }

    /// <summary>The names, indexed by id, in the order they were first seen.</summary>
    public IReadOnlyList<string> Names => _names;

    public string this[int id] => _names[id];

    /// <summary>The id of <paramref name="name"/>, adding it when it is new.</summary>
    public int Intern(ReadOnlySpan<byte> name)
    {
        var hash = XxHash3.HashToUInt64(name);
        var tag = (uint)(hash >> 32);
        var mask = _slots.Length - 1;
        var index = (int)hash & mask;
        while (true)
        {
            ref var slot = ref _slots[index];
            if (slot.IdPlusOne == 0)
            {
                break;
            }

            if (slot.Tag == tag && slot.Length == name.Length && _arena.AsSpan(slot.Start, slot.Length).SequenceEqual(name))
            {
                return slot.IdPlusOne - 1;
            }

            index = (index + 1) & mask;
        }

        return Add(name, hash, index);
    }

    private int Add(ReadOnlySpan<byte> name, ulong hash, int index)
    {
        var id = _names.Count;
        if (_arenaUsed + name.Length > _arena.Length)
        {
            Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _arenaUsed + name.Length));
        }

        name.CopyTo(_arena.AsSpan(_arenaUsed));
        _slots[index] = new Slot((uint)(hash >> 32), id + 1, _arenaUsed, name.Length);
        _arenaUsed += name.Length;
        _names.Add(Encoding.UTF8.GetString(name));
        if ((id + 1) * 2 > _slots.Length)
        {
            Grow();
        }

        return id;
    }

    private void Grow()
    {
        var slots = new Slot[_slots.Length * 2];
        var mask = slots.Length - 1;
        foreach (var slot in _slots)
        {
            if (slot.IdPlusOne == 0)
            {
                continue;
            }

            var index = (int)XxHash3.HashToUInt64(_arena.AsSpan(slot.Start, slot.Length)) & mask;
            while (slots[index].IdPlusOne != 0)
            {
                index = (index + 1) & mask;
            }

            slots[index] = slot;
        }

        _slots = slots;
    }

    /// <summary>16 bytes: the upper half of the name's hash, its id + 1 (0: empty), and its bytes in the arena.</summary>
    private readonly record struct Slot(uint Tag, int IdPlusOne, int Start, int Length);
}
