using System.Runtime.CompilerServices;

namespace MLOps.Data;

/// <summary>The growing value array of a column builder, handed to the column without copying.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <remarks>A mutable struct: keep it in a non-readonly field and call it in place.</remarks>
internal struct ValueBuffer<T>
    where T : unmanaged
{
    private const int MinimumGrowth = 16;
    private readonly int _initialCapacity;
    private T[] _items;

    public ValueBuffer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _initialCapacity = capacity;
        _items = capacity == 0 ? [] : new T[capacity];
    }

    /// <summary>The number of values appended.</summary>
    public int Count { get; private set; }

    /// <summary>The current capacity.</summary>
    public readonly int Capacity => _items.Length;

    /// <summary>The values appended so far.</summary>
    public readonly Span<T> Written => _items.AsSpan(0, Count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(T value)
    {
        T[] items = _items;
        int count = Count;
        if ((uint)count < (uint)items.Length)
        {
            items[count] = value;
            Count = count + 1;
        }
        else
        {
            AppendWithGrowth(value);
        }
    }

    /// <summary>Makes room for <paramref name="additional"/> more values.</summary>
    public void EnsureAdditional(int additional)
    {
        long needed = (long)Count + additional;
        if (needed > _items.Length)
        {
            Grow(needed);
        }
    }

    /// <summary>Forgets the last value.</summary>
    public void RemoveLast() => Count--;

    /// <summary>Hands the values over and starts afresh at the initial capacity.</summary>
    public ReadOnlyMemory<T> Detach()
    {
        var result = new ReadOnlyMemory<T>(_items, 0, Count);
        _items = _initialCapacity == 0 ? [] : new T[_initialCapacity];
        Count = 0;
        return result;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void AppendWithGrowth(T value)
    {
        Grow((long)Count + 1);
        _items[Count] = value;
        Count++;
    }

    private void Grow(long needed)
    {
        if (needed > Array.MaxLength)
        {
            throw new ValidationException($"A column cannot hold more than {Array.MaxLength} values.");
        }

        long doubled = Math.Max(2L * _items.Length, MinimumGrowth);
        var larger = new T[(int)Math.Min(Math.Max(doubled, needed), Array.MaxLength)];
        _items.AsSpan(0, Count).CopyTo(larger);
        _items = larger;
    }
}
