using System.Collections;

namespace MLOps.Data;

/// <summary>The ordered list of <see cref="Field"/>s that describes the columns of a <see cref="RecordBatch"/>.</summary>
/// <remarks>
/// Immutable and thread-safe. Names are unique and looked up ordinally (case-sensitive).
/// Equality is structural: two schemas are equal when they hold equal fields in the same order.
/// </remarks>
public sealed class Schema : IReadOnlyList<Field>, IEquatable<Schema>
{
    private readonly Field[] _fields;
    private readonly Dictionary<string, int> _indexByName;

    /// <summary>Creates a schema from fields, in order.</summary>
    /// <param name="fields">The fields; names must be unique.</param>
    /// <exception cref="ArgumentNullException"><paramref name="fields"/> is null.</exception>
    /// <exception cref="ValidationException">A field is null, or two fields share a name.</exception>
    public Schema(IEnumerable<Field> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        _fields = [.. fields];
        _indexByName = new Dictionary<string, int>(_fields.Length, StringComparer.Ordinal);
        for (int i = 0; i < _fields.Length; i++)
        {
            Field? field = _fields[i];
            if (field is null)
            {
                throw new ValidationException($"Schema field {i} is null.");
            }

            if (!_indexByName.TryAdd(field.Name, i))
            {
                throw new ValidationException($"Schema has two fields named '{field.Name}' (at {_indexByName[field.Name]} and {i}).");
            }
        }
    }

    /// <summary>Creates a schema from fields, in order.</summary>
    /// <param name="fields">The fields; names must be unique.</param>
    /// <exception cref="ArgumentNullException"><paramref name="fields"/> is null.</exception>
    /// <exception cref="ValidationException">A field is null, or two fields share a name.</exception>
    public Schema(params Field[] fields)
        : this((IEnumerable<Field>)fields)
    {
    }

    /// <summary>The number of fields.</summary>
    public int Count => _fields.Length;

    /// <summary>The field at a position.</summary>
    /// <param name="index">Zero-based position.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the schema.</exception>
    public Field this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_fields.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"The schema has {_fields.Length} fields.");
            }

            return _fields[index];
        }
    }

    /// <summary>The field with a name.</summary>
    /// <param name="name">The column name (ordinal, case-sensitive).</param>
    /// <exception cref="NotFoundException">No field has that name; the message lists the columns there are.</exception>
    public Field this[string name] => _fields[GetIndex(name)];

    /// <summary>Compares two schemas structurally.</summary>
    /// <param name="left">A schema or null.</param>
    /// <param name="right">A schema or null.</param>
    /// <returns>Whether both are null or hold equal fields in the same order.</returns>
    public static bool operator ==(Schema? left, Schema? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Compares two schemas structurally.</summary>
    /// <param name="left">A schema or null.</param>
    /// <param name="right">A schema or null.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(Schema? left, Schema? right) => !(left == right);

    /// <summary>Finds a field's position by name.</summary>
    /// <param name="name">The column name (ordinal, case-sensitive).</param>
    /// <returns>The zero-based position, or -1 when no field has that name.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    public int IndexOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _indexByName.TryGetValue(name, out int index) ? index : -1;
    }

    /// <summary>Finds a field's position by name, failing when it is absent.</summary>
    /// <param name="name">The column name (ordinal, case-sensitive).</param>
    /// <returns>The zero-based position.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="NotFoundException">No field has that name; the message lists the columns there are.</exception>
    public int GetIndex(string name)
    {
        int index = IndexOf(name);
        if (index < 0)
        {
            string available = _fields.Length == 0
                ? "the schema has no columns"
                : "the columns are: " + string.Join(", ", _fields.Select(f => f.Name));
            throw new NotFoundException($"Column '{name}' not found; {available}.");
        }

        return index;
    }

    /// <summary>Makes a schema of some fields, in the order asked for.</summary>
    /// <param name="names">The column names to keep.</param>
    /// <returns>A new schema.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="names"/> is null.</exception>
    /// <exception cref="NotFoundException">A name is not in this schema.</exception>
    /// <exception cref="ValidationException">A name is asked for twice.</exception>
    public Schema Select(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return new Schema(names.Select(name => _fields[GetIndex(name)]));
    }

    /// <inheritdoc />
    public IEnumerator<Field> GetEnumerator() => ((IEnumerable<Field>)_fields).GetEnumerator();

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(Schema? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        return other is not null && _fields.AsSpan().SequenceEqual(other._fields);
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Schema);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (Field field in _fields)
        {
            hash.Add(field);
        }

        return hash.ToHashCode();
    }

    /// <summary>Formats the schema as its fields in parentheses, such as <c>(id: Int64 not null, name: String)</c>.</summary>
    /// <returns>The schema in a readable form.</returns>
    public override string ToString() => "(" + string.Join(", ", _fields.Select(f => f.ToString())) + ")";
}
